export * from "./secrets";
export * from "./sessions";
export * from "./sign-in-throttle";
export * from "./users";
