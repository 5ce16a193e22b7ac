/**
 * The loop of a queue's sender (e-mail, webhooks): a pass now, then one every `intervalMs`, or
 * at once after a pass that found a full batch; stopped between passes, waiting a grace for the
 * pass in progress.
 */
export class PassLoop {
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<unknown> = Promise.resolve();
  #stopped = false;

  /** `pass` answers whether it was busy (a full batch: more may be due). */
  constructor(
    private readonly pass: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    const loop = async () => {
      if (this.#stopped) return;
      let busy = false;
      this.#pass = this.pass().then(
        (full) => {
          busy = full;
        },
        (error: Error) => this.onError(error),
      );
      await this.#pass;
      if (!this.#stopped) this.#timer = setTimeout(loop, busy ? 0 : this.intervalMs);
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Stops the loop and waits up to `graceMs` for the pass in progress. */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#pass, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
}
