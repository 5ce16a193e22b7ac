export * from "./ingest";
export * from "./reference";
export * from "./registry";
