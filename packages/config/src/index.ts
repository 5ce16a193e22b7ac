export * from "./env";
export * from "./log";
export * from "./output";
