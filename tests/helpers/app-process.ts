/** Starts `atalaya start` as a user would, on a fresh embedded database and a free port. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { tempDir } from "./ingest";
import { REPO_ROOT } from "./shared-data";

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  url: string;
  pid: number;
  output: () => string;
  stop(): Promise<void>;
  /** Ends the process at once (SIGKILL): no clean-up of any kind. */
  kill(): Promise<void>;
}

/**
 * Starts `atalaya start` (or `serve`: no dashboard build) as a user would, on a fresh embedded
 * database unless `env` names a DATABASE_URL, on a free port.
 */
export async function startAppProcess(
  env: Record<string, string> = {},
  command: "start" | "serve" = "start",
): Promise<AppProcess> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, "packages/cli/bin/atalaya.js"), command],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: "",
        ATALAYA_DATA_DIR: tempDir("atalaya-app-"),
        PORT: String(port),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /dashboard\s+(http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`atalaya start exited with ${code}:\n${output}`)));
  });
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  return {
    url,
    pid: child.pid as number,
    output: () => output,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}
