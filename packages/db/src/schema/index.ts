export * from "./ingest";
export * from "./measurements";
export * from "./reference";
export * from "./registry";
export * from "./routing";
