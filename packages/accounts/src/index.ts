export * from "./login-limiter";
export * from "./secrets";
export * from "./sessions";
export * from "./users";
