/**
 * Progress of a long ingest: lines, bytes and rate. On a terminal one status line is redrawn in
 * place a few times a second; elsewhere (CI, cron, pipes) a plain log line every few seconds, so
 * logs stay readable.
 */
import type { Logger } from "@atalaya/config";

export interface ProgressOptions {
  label: string;
  totalBytes: number | null;
  log: Logger;
  /** The stream to draw on when it is a TTY; absent means never draw in place. */
  tty?: NodeJS.WriteStream | undefined;
  /** Seconds between plain log lines. */
  logEverySeconds?: number;
  /** Clock in milliseconds; tests pass their own. */
  now?: () => number;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export class Progress {
  #lines = 0;
  #bytes = 0;
  #started: number;
  #lastDraw: number;
  #now: () => number;
  #options: ProgressOptions;

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
    this.#lastDraw = this.#started;
  }

  update(lines: number, bytes: number): void {
    this.#lines = lines;
    this.#bytes = bytes;
    const now = this.#now();
    const tty = this.#options.tty;
    if (tty?.isTTY) {
      if (now - this.#lastDraw < 200) return;
      this.#lastDraw = now;
      tty.write(`\r\x1b[K${this.summary()}`);
    } else if (now - this.#lastDraw >= (this.#options.logEverySeconds ?? 5) * 1000) {
      this.#lastDraw = now;
      this.#options.log.info(`${this.#options.label}: progress`, this.fields());
    }
  }

  fields() {
    const seconds = (this.#now() - this.#started) / 1000;
    return {
      lines: this.#lines,
      bytes: this.#bytes,
      total_bytes: this.#options.totalBytes ?? undefined,
      lines_per_s: seconds > 0 ? Math.round(this.#lines / seconds) : undefined,
    };
  }

  summary(): string {
    const seconds = (this.#now() - this.#started) / 1000;
    const total = this.#options.totalBytes;
    const pct = total ? ` (${((100 * this.#bytes) / total).toFixed(0)}%)` : "";
    const rate = seconds > 0 ? Math.round(this.#lines / seconds) : 0;
    return `${this.#options.label}: ${this.#lines.toLocaleString("en")} lines, ${human(this.#bytes)}${pct}, ${rate.toLocaleString("en")} lines/s`;
  }

  finish(): void {
    if (this.#options.tty?.isTTY) this.#options.tty.write(`\r\x1b[K${this.summary()}\n`);
  }
}
