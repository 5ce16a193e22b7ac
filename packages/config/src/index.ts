export * from "./env";
export * from "./input-limits";
export * from "./log";
export * from "./output";
