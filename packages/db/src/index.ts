export * from "./client";
export * from "./folder-owner";
export * from "./migrate";
export { PgliteThread, type ThreadStatus } from "./pglite-thread";
export * from "./query-scope";
export * from "./schema/index";
