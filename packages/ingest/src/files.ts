/**
 * `@atalaya/ingest/files`: reading local and downloaded files (decompression, downloads with
 * retries, lines) and the error that names the file, without the database or any source. For
 * code that must start fast and never opens the database, such as `atalaya mrt` and the CLI's
 * error handling: the compiled CLI loads what its imports reach, and the package's main entry
 * reaches everything. That entry re-exports all of this too.
 */
export * from "./byte-stream";
export * from "./errors";
export * from "./input";
