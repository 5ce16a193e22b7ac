export * from "./client";
export * from "./migrate";
export type { ThreadStatus } from "./pglite-thread";
export * from "./query-scope";
export * from "./schema/index";
