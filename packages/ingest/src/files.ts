/**
 * `@atalaya/ingest/files`: reading local files (gzip and bzip2 recognised and decompressed) and
 * the error that names the file, without the database, the sources or the HTTP client. For code
 * that must start fast, such as `atalaya mrt` and the CLI's error handling: the compiled CLI loads
 * what its imports reach, and the package's main entry reaches everything (loading `node:https`
 * alone is a tenth of that command's start). The main entry re-exports all of this too.
 */
export * from "./byte-stream";
export * from "./errors";
