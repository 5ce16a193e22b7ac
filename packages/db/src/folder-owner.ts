/**
 * One owner process per embedded data folder (docs/adr/0005). PGlite has no postmaster: two
 * processes that open one folder each believe they alone write it, and one's writes are lost.
 * The owner holds `<dataDir>/owner.lock`, a JSON file naming its PID, what it runs and the socket
 * where it takes commands from other `atalaya` processes. A lock whose process is gone (killed,
 * crashed, a machine restarted) is stale and is taken over.
 */
import { createHash } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";

export interface FolderOwner {
  pid: number;
  /** What the owner runs, as typed: `atalaya serve`, `atalaya ingest all`. */
  command: string;
  since: string;
  host: string;
  /** Where the owner takes commands (a Unix socket, or a named pipe on Windows). */
  socket: string;
  /** The process's start time in clock ticks (Linux), so a reused PID is not mistaken for it. */
  startTicks: string | null;
}

export type FolderClaim = { kind: "owned"; lease: FolderLease } | { kind: "held"; owner: FolderOwner };

export function lockPath(dataDir: string): string {
  return path.join(dataDir, "owner.lock");
}

/** A socket path short enough for every platform's limit (about 104 bytes on macOS). */
export function socketPathFor(dataDir: string): string {
  const digest = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  if (process.platform === "win32") return `\\\\.\\pipe\\atalaya-${digest}`;
  const inFolder = path.join(path.resolve(dataDir), "owner.sock");
  return Buffer.byteLength(inFolder) < 100 ? inFolder : path.join(tmpdir(), `atalaya-${digest}.sock`);
}

function startTicks(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the command name, which may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote `owner` still runs. */
export function ownerIsAlive(owner: FolderOwner): boolean {
  // Another machine's process cannot be checked from here: assume it runs.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const ticks = startTicks(owner.pid);
  return !(owner.startTicks && ticks && ticks !== owner.startTicks);
}

export function readOwner(dataDir: string): FolderOwner | null {
  return readOwnerFile(lockPath(dataDir));
}

function readOwnerFile(file: string): FolderOwner | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    const owner = JSON.parse(text) as FolderOwner;
    return typeof owner.pid === "number" ? owner : null;
  } catch {
    // Written whole by a link (see claimFolder), so an unreadable lock is damage, not a race.
    return null;
  }
}

export class FolderLease {
  #released = false;
  readonly #onExit = () => this.release();
  constructor(
    readonly dataDir: string,
    readonly owner: FolderOwner,
  ) {
    process.once("exit", this.#onExit);
  }

  /** Gives the folder up (only while the lock is still this process's). */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    process.removeListener("exit", this.#onExit);
    if (readOwner(this.dataDir)?.pid === this.owner.pid) {
      try {
        unlinkSync(lockPath(this.dataDir));
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Takes the folder, or says who holds it. The lock file appears whole or not at all: it is
 * written under a private name and linked into place, and a link never replaces a file.
 */
export function claimFolder(dataDir: string, command: string): FolderClaim {
  mkdirSync(dataDir, { recursive: true });
  const owner: FolderOwner = {
    pid: process.pid,
    command,
    since: new Date().toISOString(),
    host: hostname(),
    socket: socketPathFor(dataDir),
    startTicks: startTicks(process.pid),
  };
  const target = lockPath(dataDir);
  const draft = `${target}.${process.pid}.${Date.now()}`;
  writeFileSync(draft, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        linkSync(draft, target);
        return { kind: "owned", lease: new FolderLease(dataDir, owner) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readOwner(dataDir);
      if (holder && ownerIsAlive(holder)) return { kind: "held", owner: holder };
      // Stale (or unreadable): move it aside under a unique name, so that of several processes
      // doing this at once, each removes at most the stale file and one of them links its own.
      const aside = `${target}.stale.${process.pid}.${attempt}`;
      try {
        renameSync(target, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        continue;
      }
      // Another process may have replaced the stale lock between our read and the rename: a
      // live lock moved aside by mistake is linked back (unless a third one took its place).
      const moved = readOwnerFile(aside);
      if (moved && holder && (moved.pid !== holder.pid || moved.since !== holder.since)) {
        try {
          linkSync(aside, target);
        } catch {
          // The place is taken again; the next attempt looks at whoever holds it.
        }
      }
      unlinkSync(aside);
    }
    throw new Error(`could not take ${target}: other processes keep replacing it`);
  } finally {
    unlinkSync(draft);
  }
}
