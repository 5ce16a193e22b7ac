/**
 * Commands through the owner of the embedded database (docs/adr/0005). The process that holds a
 * PGlite folder listens on a socket beside its lock; another `atalaya` process that needs the
 * folder sends its arguments, working directory and configuration variables there, and the owner
 * runs the command on its own database handle, streaming the output back and ending with the exit
 * code. So `npx atalaya users add …` while `npm start` runs creates the account in the server's
 * database, and two ingests of one source meet at the owner's lock instead of each publishing
 * into a database of its own.
 *
 * Frames are lines of JSON. The caller sends one `{argv, cwd, env}` (at most 64 KiB); the owner
 * answers `{out}` and `{err}` text frames and one `{exit}`. The socket is the owner's user's
 * alone (mode 0600).
 */
import { chmodSync, unlinkSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { envSchema, loadConfig, output, withOutput } from "@atalaya/config";
import type { FolderOwner } from "@atalaya/db";
import { execute } from "./run";

const MAX_REQUEST_BYTES = 64 * 1024;
/** How long a connection may stay silent while the owner closes. */
const IDLE_MS = 2000;

interface Request {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

type Frame = { out: string } | { err: string } | { exit: number };

/** The configuration variables a caller passes on: those of the schema, never the database's. */
export function forwardedEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const names = Object.keys(envSchema.shape).filter((name) => name !== "DATABASE_URL");
  return Object.fromEntries(
    names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])),
  );
}

/** Options that name local files: made absolute, since the owner runs in its own directory. */
const PATH_OPTIONS = new Set(["--file", "--out"]);

/** Options whose value may be `pglite:DIR`, a folder. */
const FOLDER_OPTIONS = new Set(["--to"]);
/** Commands whose positional arguments are local files. */
const PATH_POSITIONALS = new Set(["restore"]);

export function absolutePaths(argv: readonly string[], cwd: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, null];
    if (FOLDER_OPTIONS.has(flag)) {
      const value = inline ?? argv[++i];
      result.push(flag);
      if (value !== undefined)
        result.push(value.startsWith("pglite:") ? `pglite:${path.resolve(cwd, value.slice(7))}` : value);
    } else if (i > 0 && PATH_POSITIONALS.has(argv[0] as string) && !arg.startsWith("-")) {
      result.push(path.resolve(cwd, arg));
    } else if (!PATH_OPTIONS.has(flag)) {
      result.push(arg);
    } else if (inline !== null) {
      result.push(`${flag}=${resolveLocal(inline, cwd)}`);
    } else {
      result.push(arg);
      const value = argv[i + 1];
      if (value !== undefined) {
        result.push(resolveLocal(value, cwd));
        i++;
      }
    }
  }
  return result;
}

function resolveLocal(value: string, cwd: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : path.resolve(cwd, value);
}

/** The owner's endpoint: runs the commands other processes send, until closed. */
export class OwnerEndpoint {
  #server: Server;
  #running = new Set<Promise<void>>();
  #sockets = new Set<Socket>();

  private constructor(
    server: Server,
    private readonly socketPath: string,
  ) {
    this.#server = server;
  }

  /**
   * Listens on `socketPath`. Commands that arrive before `ready` resolves (the database being
   * opened and migrated) wait for it; `dataDir` replaces whatever folder a caller names.
   */
  static async listen(socketPath: string, dataDir: string, ready: Promise<unknown>): Promise<OwnerEndpoint> {
    if (process.platform !== "win32") {
      try {
        // Left by an owner that was killed; the lock (ours now) says nobody else uses it.
        unlinkSync(socketPath);
      } catch {
        // None.
      }
    }
    const server = createServer();
    const endpoint = new OwnerEndpoint(server, socketPath);
    server.on("connection", (socket) => endpoint.#accept(socket, dataDir, ready));
    // Created private from the start: no moment when another user could connect.
    const mask = process.platform === "win32" ? null : process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(socketPath, () => resolve());
      });
    } finally {
      if (mask !== null) process.umask(mask);
    }
    if (process.platform !== "win32") chmodSync(socketPath, 0o600);
    server.unref();
    return endpoint;
  }

  #accept(socket: Socket, dataDir: string, ready: Promise<unknown>): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => {});
    let received = "";
    const onData = (chunk: Buffer) => {
      received += chunk.toString("utf8");
      const end = received.indexOf("\n");
      if (end < 0) {
        if (received.length > MAX_REQUEST_BYTES) socket.destroy();
        return;
      }
      socket.off("data", onData);
      socket.pause();
      const job = this.#run(socket, received.slice(0, end), dataDir, ready).finally(() => {
        this.#running.delete(job);
      });
      this.#running.add(job);
    };
    socket.on("data", onData);
  }

  async #run(socket: Socket, line: string, dataDir: string, ready: Promise<unknown>): Promise<void> {
    const send = (frame: Frame) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
    };
    let request: Request;
    try {
      request = JSON.parse(line) as Request;
      if (!Array.isArray(request.argv) || typeof request.env !== "object") throw new Error("bad request");
    } catch {
      send({ err: "atalaya: the owner could not read the request\n" });
      send({ exit: 2 });
      socket.end();
      return;
    }
    const log = output().stderr;
    log.write(
      `${new Date().toISOString()} info running for another process command="${request.argv.slice(0, 2).join(" ")}"\n`,
    );
    let code: number;
    try {
      await ready;
      const stdout = { write: (text: string) => send({ out: text }) };
      const stderr = { write: (text: string) => send({ err: text }) };
      code = await withOutput({ stdout, stderr, tty: undefined }, () =>
        execute(
          {
            argv: request.argv,
            // The owner's settings, with what the caller set on top: `PORT=3000 npm start`
            // then `npx atalaya users add` gives links to port 3000.
            config: async () =>
              loadConfig({ ...forwardedEnv(process.env), ...request.env, ATALAYA_DATA_DIR: dataDir }),
          },
          stdout.write,
          stderr.write,
        ),
      );
    } catch (error) {
      send({ err: `atalaya: ${(error as Error).message}\n` });
      code = 1;
    }
    send({ exit: code });
    socket.end();
  }

  /**
   * Takes no new commands, waits for those running (at most `graceMs` when given: their callers
   * are then told the owner went away), and removes the socket.
   */
  async close(graceMs?: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const started = performance.now();
    const deadline = graceMs === undefined ? Number.POSITIVE_INFINITY : started + graceMs;
    // A caller accepted just before the close may send its request a moment later: its command
    // is waited for like the others. A connection that sends nothing for IDLE_MS is let go.
    while (performance.now() < deadline) {
      if (this.#running.size > 0) {
        await Promise.race([
          Promise.allSettled([...this.#running]),
          new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - performance.now()))),
        ]);
        continue;
      }
      if (this.#sockets.size === 0 || performance.now() - started > IDLE_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of this.#sockets) socket.destroy();
    await closed;
    if (process.platform !== "win32") {
      try {
        unlinkSync(this.socketPath);
      } catch {
        // Gone already.
      }
    }
  }
}

/** Why a caller could not reach the owner: it is starting, stopping, or another user's. */
export class OwnerUnreachable extends Error {}

/**
 * Sends an invocation to the owner and relays its output; resolves to the command's exit code.
 * Rejects with OwnerUnreachable when nothing listens (the owner is starting or has just gone).
 */
export function forward(owner: FolderOwner, argv: readonly string[]): Promise<number> {
  const out = output();
  return new Promise<number>((resolve, reject) => {
    const socket = createConnection(owner.socket);
    let connected = false;
    let exit: number | null = null;
    socket.on("connect", () => {
      connected = true;
      const request: Request = {
        argv: absolutePaths(argv, process.cwd()),
        cwd: process.cwd(),
        env: forwardedEnv(),
      };
      socket.write(`${JSON.stringify(request)}\n`);
    });
    const lines = createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY });
    // readline passes the socket's errors on; they are handled on the socket, below.
    lines.on("error", () => {});
    lines.on("line", (line) => {
      let frame: Frame;
      try {
        frame = JSON.parse(line) as Frame;
      } catch {
        return;
      }
      if ("out" in frame) out.stdout.write(frame.out);
      else if ("err" in frame) out.stderr.write(frame.err);
      else if ("exit" in frame) exit = frame.exit;
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (!connected) {
        const why =
          error.code === "EACCES"
            ? `its socket ${owner.socket} belongs to another user`
            : `nothing answers on ${owner.socket} (${error.code ?? error.message})`;
        reject(new OwnerUnreachable(why));
      }
    });
    socket.on("close", () => {
      if (!connected) return;
      if (exit !== null) resolve(exit);
      else {
        out.stderr.write(
          `atalaya: the owner of the data folder (pid ${owner.pid}) stopped before the command ended; ` +
            "`atalaya runs` shows whether an ingest finished\n",
        );
        resolve(1);
      }
    });
  });
}
