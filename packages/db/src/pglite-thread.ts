/**
 * PGlite on a worker thread. PGlite runs Postgres compiled to WebAssembly on the thread that
 * calls it, so a slow query used to stop the HTTP server, health checks and signal handling with
 * it (docs/adr/0005). Here the engine lives on a thread of its own and this side keeps the
 * interface drizzle's PGlite driver uses (`query`, `transaction`) plus `exec` for migrations:
 *
 * - One statement at a time, transactions whole: a FIFO lock, held for a single query or for a
 *   transaction from BEGIN to COMMIT, as PGlite's own mutex did in-process.
 * - Cancellation: a query belongs to the request whose signal was current when it was called
 *   (query-scope.ts). Aborting it drops the query from the queue, or, when it is already running,
 *   stops the thread (WebAssembly cannot be interrupted) and starts a new one on the same folder:
 *   Postgres recovers from its WAL as after a crash, and only the cancelled work is lost.
 * - A thread that dies (a crash, out of memory) is restarted the same way.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { currentQuerySignal, QueryCancelledError } from "./query-scope";

export interface Results<T = Record<string, unknown>> {
  rows: T[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
  /** What a COPY … TO '/dev/blob' wrote. */
  text?: string;
}

export interface QueryOptions {
  rowMode?: "object" | "array";
  /** Type ids parsed by identity (drizzle's date, timestamp and numeric parsers). */
  parsers?: Record<number, unknown>;
}

export interface Queryable {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
}

/** A transaction's statements, with COPY in both directions on the same transaction. */
export interface TransactionQueryable extends Queryable {
  /** COPY … FROM '/dev/blob' with `text` as the blob's content. */
  copyFrom(sql: string, text: string): Promise<Results>;
  /** COPY … TO '/dev/blob': what it wrote. */
  copyTo(sql: string): Promise<string>;
}

export interface ThreadStatus {
  state: "idle" | "busy" | "starting" | "closed";
  /** How long the current statement or transaction has held the engine. */
  busyMs: number;
  /** Statements and transactions waiting for it. */
  queued: number;
  restarts: number;
}

interface QueryRequest {
  op: "query";
  sql: string;
  params: unknown[];
  rowMode: "object" | "array";
  rawTypes: number[];
  blob?: string;
}

type Request = QueryRequest | { op: "exec"; sql: string } | { op: "close" };

interface Waiter {
  grant: () => void;
  reject: (error: Error) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function errorFrom(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message ?? "PGlite error"));
  Object.assign(error, fields);
  return error;
}

const WORKER_URL = new URL("./pglite-worker.mjs", import.meta.url);

interface EngineFiles {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let engineFiles: Promise<EngineFiles> | null = null;

/**
 * PGlite's WebAssembly, compiled once per process and handed to every thread (a compiled module
 * crosses threads without copying), with its file-system bundle: a thread that compiled its own
 * would take seconds longer to start, at every start and every restart.
 */
function loadEngineFiles(): Promise<EngineFiles> {
  engineFiles ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const read = async (name: string) => new Uint8Array(await readFile(path.join(dist, name)));
    const [pglite, initdb, bundle] = await Promise.all([
      read("pglite.wasm"),
      read("initdb.wasm"),
      read("pglite.data"),
    ]);
    return {
      pgliteWasmModule: await WebAssembly.compile(pglite),
      initdbWasmModule: await WebAssembly.compile(initdb),
      fsBundle: new Blob([bundle]),
    };
  })();
  return engineFiles;
}

export class PgliteThread implements Queryable {
  #worker: Worker | null = null;
  #ready: Promise<void> = Promise.resolve();
  #generation = 0;
  #restarts = 0;
  #nextId = 0;
  #pending = new Map<number, Pending>();
  /** Rows of a large result that arrived ahead of its end (see pglite-worker.mjs). */
  #parts = new Map<number, unknown[][]>();
  #held = false;
  #heldSince = 0;
  #waiters: Waiter[] = [];
  #closed = false;

  private constructor(
    private readonly dataDir: string | undefined,
    private readonly files: EngineFiles,
  ) {}

  static async start(dataDir: string | undefined): Promise<PgliteThread> {
    const thread = new PgliteThread(dataDir, await loadEngineFiles());
    thread.#spawn();
    await thread.#ready;
    return thread;
  }

  status(): ThreadStatus {
    return {
      state: this.#closed ? "closed" : !this.#worker ? "starting" : this.#held ? "busy" : "idle",
      busyMs: this.#held ? Math.round(performance.now() - this.#heldSince) : 0,
      queued: this.#waiters.length,
      restarts: this.#restarts,
    };
  }

  #spawn(): void {
    const generation = ++this.#generation;
    const worker = new Worker(WORKER_URL, { workerData: { dataDir: this.dataDir, ...this.files } });
    this.#ready = new Promise<void>((resolve, reject) => {
      worker.on(
        "message",
        (message: {
          type?: string;
          id?: number;
          part?: unknown[];
          result?: unknown;
          error?: Record<string, unknown>;
        }) => {
          if (message.type === "ready") {
            this.#worker = worker;
            this.#updateRef();
            resolve();
          } else if (message.type === "failed") {
            reject(errorFrom(message.error ?? {}));
          } else if (message.part !== undefined && message.id !== undefined) {
            const parts = this.#parts.get(message.id);
            if (parts) parts.push(message.part);
            else this.#parts.set(message.id, [message.part]);
            // The next part after a turn of the event loop (see pglite-worker.mjs).
            const id = message.id;
            setImmediate(() => worker.postMessage({ op: "more", id }));
          } else if (message.id !== undefined) {
            const pending = this.#pending.get(message.id);
            const parts = this.#parts.get(message.id);
            this.#pending.delete(message.id);
            this.#parts.delete(message.id);
            if (message.error) pending?.reject(errorFrom(message.error));
            else {
              const result = message.result as Results;
              if (parts) result.rows = parts.flat() as Results["rows"];
              pending?.resolve(result);
            }
          }
        },
      );
      const lost = (why: string) => {
        if (generation !== this.#generation) return;
        reject(new Error(`the PGlite thread stopped while starting: ${why}`));
        this.#fail(new Error(`the PGlite thread stopped: ${why}`));
        if (!this.#closed) this.#restart();
      };
      worker.on("error", (error) => lost(error.message));
      worker.on("exit", (code) => lost(`exit code ${code}`));
    });
    // Callers see a failed start through their own awaits of #ready.
    this.#ready.catch(() => {});
  }

  /** The thread keeps the process alive only while work holds or waits for it, as a socket would. */
  #updateRef(): void {
    if (this.#held) this.#worker?.ref();
    else this.#worker?.unref();
  }

  /** Rejects everything sent to the current thread. */
  #fail(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#parts.clear();
    for (const p of pending) p.reject(error);
  }

  #restart(): void {
    const old = this.#worker;
    this.#worker = null;
    this.#restarts++;
    this.#spawn();
    void old?.terminate();
  }

  /** Waits for the engine: FIFO, and a waiter whose signal aborts leaves the queue at once. */
  async #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (this.#closed) throw new Error("the database is closed");
    if (signal?.aborted) throw new QueryCancelledError("query cancelled before it started");
    if (!this.#held) {
      this.#held = true;
      this.#heldSince = performance.now();
      this.#updateRef();
      return;
    }
    await new Promise<void>((grant, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          grant();
        },
        reject,
      };
      const onAbort = () => {
        const at = this.#waiters.indexOf(waiter);
        if (at >= 0) this.#waiters.splice(at, 1);
        reject(new QueryCancelledError("query cancelled while waiting for the database"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
    this.#heldSince = performance.now();
  }

  #release(): void {
    const next = this.#waiters.shift();
    if (next) next.grant();
    else {
      this.#held = false;
      this.#updateRef();
    }
  }

  /** Sends one request to the thread; an abort of `signal` while it runs restarts the thread. */
  async #send(request: Request, signal: AbortSignal | undefined, generation?: number): Promise<unknown> {
    await this.#ready;
    if (generation !== undefined && generation !== this.#generation) {
      throw new Error("transaction lost: the database thread restarted");
    }
    if (signal?.aborted) throw new QueryCancelledError("query cancelled before it started");
    const worker = this.#worker;
    if (!worker) throw new Error("the PGlite thread is not running");
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const pending = this.#pending.get(id);
        if (!pending) return;
        if (this.dataDir === undefined) {
          // In memory (tests) a new thread would start from an empty database: the statement
          // runs to its end, unheard, while its caller is answered now.
          pending.resolve = () => {};
          pending.reject = () => {};
          reject(new QueryCancelledError("query cancelled: it ran past the request's time limit"));
          return;
        }
        this.#pending.delete(id);
        reject(new QueryCancelledError("query cancelled: it ran past the request's time limit"));
        // The statement cannot be interrupted inside WebAssembly: the thread goes, and the
        // folder is reopened by a new one (its WAL undoes the cancelled transaction).
        this.#restart();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      });
      worker.postMessage({ id, ...request });
    });
  }

  #queryRequest(sql: string, params: unknown[] | undefined, options: QueryOptions | undefined): QueryRequest {
    return {
      op: "query",
      sql,
      params: params ?? [],
      rowMode: options?.rowMode ?? "object",
      rawTypes: Object.keys(options?.parsers ?? {}).map(Number),
    };
  }

  async #exclusive<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    await this.#acquire(signal);
    try {
      return await fn();
    } finally {
      this.#release();
    }
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const signal = currentQuerySignal();
    return this.#exclusive(
      signal,
      () => this.#send(this.#queryRequest(sql, params, options), signal) as Promise<Results<T>>,
    );
  }

  exec(sql: string): Promise<Results[]> {
    const signal = currentQuerySignal();
    return this.#exclusive(signal, () => this.#send({ op: "exec", sql }, signal) as Promise<Results[]>);
  }

  /** COPY … FROM '/dev/blob' with `text` as the blob's content. */
  copyFrom(sql: string, text: string): Promise<Results> {
    const signal = currentQuerySignal();
    return this.#exclusive(
      signal,
      () => this.#send({ ...this.#queryRequest(sql, [], undefined), blob: text }, signal) as Promise<Results>,
    );
  }

  /** Runs `fn` between BEGIN and COMMIT (ROLLBACK when it throws), holding the engine throughout. */
  transaction<T>(fn: (tx: TransactionQueryable) => Promise<T>): Promise<T> {
    const signal = currentQuerySignal();
    return this.#exclusive(signal, async () => {
      await this.#ready;
      const generation = this.#generation;
      const tx: TransactionQueryable = {
        query: <R>(sql: string, params?: unknown[], options?: QueryOptions) =>
          this.#send(this.#queryRequest(sql, params, options), signal, generation) as Promise<Results<R>>,
        exec: (sql: string) => this.#send({ op: "exec", sql }, signal, generation) as Promise<Results[]>,
        copyFrom: (sql: string, text: string) =>
          this.#send(
            { ...this.#queryRequest(sql, [], undefined), blob: text },
            signal,
            generation,
          ) as Promise<Results>,
        copyTo: async (sql: string) => {
          const result = (await this.#send(
            this.#queryRequest(sql, [], undefined),
            signal,
            generation,
          )) as Results;
          return result.text ?? "";
        },
      };
      await tx.exec("BEGIN");
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        if (generation === this.#generation) await tx.exec("ROLLBACK").catch(() => {});
        throw error;
      }
      await tx.exec("COMMIT");
      return result;
    });
  }

  /**
   * Closes the database cleanly (a checkpoint, so the next start needs no recovery). Queued work
   * is refused; a statement still running after `graceMs` is abandoned with its thread, and the
   * next start recovers from the WAL.
   */
  async close(graceMs = 5000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error("the database is closing"));
    const worker = this.#worker;
    const deadline = performance.now() + graceMs;
    while (this.#held && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    try {
      if (!this.#held && worker) {
        this.#held = true;
        worker.ref();
        const closing = this.#send({ op: "close" }, undefined);
        const remaining = Math.max(deadline - performance.now(), 1000);
        await Promise.race([closing, new Promise((r) => setTimeout(r, remaining).unref())]);
      }
    } finally {
      this.#generation++;
      this.#fail(new Error("the database is closed"));
      await worker?.terminate();
    }
  }
}
