export * from "./errors";
export * from "./input";
export * from "./progress";
export * from "./run-ingest";
export * from "./runs";
export { asNamesSource } from "./sources/as-names";
export { delegatedSource } from "./sources/delegated";
