export * from "./env";
export * from "./log";
