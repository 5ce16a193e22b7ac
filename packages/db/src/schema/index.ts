export * from "./accounts";
export * from "./audit";
export * from "./challenge";
export * from "./ingest";
export * from "./measurements";
export * from "./reference";
export * from "./registry";
export * from "./routing";
