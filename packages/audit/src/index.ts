export * from "./chain";
export * from "./log";
