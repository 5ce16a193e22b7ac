/**
 * Where a command's output goes. A command normally writes to the process's stdout and stderr;
 * when the process that owns the embedded database runs a command on behalf of another
 * `atalaya` process (docs/adr/0005), that command's output goes back to the caller instead.
 * AsyncLocalStorage carries the destination through every await of the command, so commands and
 * loggers write through `output()` and never name `process.stdout` themselves.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface OutputStream {
  write(text: string): unknown;
}

export interface Output {
  stdout: OutputStream;
  stderr: OutputStream;
  /** The terminal to draw progress on, when the output is one. */
  tty: NodeJS.WriteStream | undefined;
}

const scope = new AsyncLocalStorage<Output>();

export function output(): Output {
  return (
    scope.getStore() ?? {
      stdout: process.stdout,
      stderr: process.stderr,
      tty: process.stderr.isTTY ? process.stderr : undefined,
    }
  );
}

/** Runs `fn` with its output (and that of everything it awaits) sent to `destination`. */
export function withOutput<T>(destination: Output, fn: () => Promise<T>): Promise<T> {
  return scope.run(destination, fn);
}
