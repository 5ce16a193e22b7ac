/**
 * The sign-in throttle: at most `limit` failed sign-ins per key (account e-mail, client address)
 * in a sliding window, held in the database so that every API process on it enforces one limit
 * (docs/adr/0009).
 *
 * An attempt reserves its failure before the password is checked: under a transaction-scoped
 * advisory lock per key, the keys' failures in the window are counted and, when every key is
 * under the limit, one failure is written for each. A sign-in that succeeds then clears its
 * keys; one that fails keeps the failure already written. So concurrent attempts in several
 * processes can never pass the limit between a count and its write.
 *
 * A refusal is remembered in memory until its wait ends: a key the database refused is refused
 * again without asking it, which can only refuse more, never admit more.
 */
import type { Database } from "@atalaya/db";
import { rowsOf } from "@atalaya/db";
import { sql } from "drizzle-orm";

export interface ThrottleSettings {
  /** Failed sign-ins a key may have in the window (default 5). */
  limit?: number;
  /** The window (default 15 minutes). */
  windowMs?: number;
  /** The clock (tests move it instead of waiting). */
  now?: () => number;
}

export class SignInThrottle {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  /** Keys the database refused, until when (the in-memory fast path). */
  readonly #refusedUntil = new Map<string, number>();
  #nextCleanup = 0;

  constructor(
    private readonly database: Database,
    settings: ThrottleSettings = {},
  ) {
    this.limit = settings.limit ?? 5;
    this.windowMs = settings.windowMs ?? 15 * 60_000;
    this.#now = settings.now ?? Date.now;
  }

  /**
   * Reserves an attempt for every key: 0 when it may go ahead (its failure is written in advance;
   * call `succeed` if the password is right), or the seconds until the keys may try again.
   */
  async attempt(keys: readonly string[]): Promise<number> {
    const now = this.#now();
    const known = Math.max(0, ...keys.map((k) => this.#refusedUntil.get(k) ?? 0));
    if (known > now) return Math.max(1, Math.ceil((known - now) / 1000));
    const cutoff = new Date(now - this.windowMs).toISOString();
    const at = new Date(now).toISOString();
    // Sorted: two attempts sharing keys take their locks in one order and cannot deadlock.
    const sorted = [...new Set(keys)].sort();
    const refusal = await this.database.db.transaction(async (tx) => {
      if (now >= this.#nextCleanup) {
        // Keys nobody tries again would stay forever: once a window, the whole table is swept.
        await tx.execute(sql`delete from sign_in_failures where failed_at <= ${cutoff}::timestamptz`);
        this.#nextCleanup = now + this.windowMs;
      }
      for (const key of sorted) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${key}`}))`);
      }
      const list = sql.join(
        sorted.map((k) => sql`${k}`),
        sql`, `,
      );
      await tx.execute(
        sql`delete from sign_in_failures where key in (${list}) and failed_at <= ${cutoff}::timestamptz`,
      );
      // Per key, the failure whose leaving the window frees a place: the limit-th most recent.
      const rows = await rowsOf<{ key: string; n: number; freeing: string | null }>(
        tx,
        sql`select key, count(*)::int as n,
              (array_agg(failed_at order by failed_at desc))[${this.limit}]::text as freeing
            from sign_in_failures where key in (${list}) group by key`,
      );
      const full = rows.filter((r) => r.n >= this.limit && r.freeing);
      if (full.length > 0) {
        return full.map((r) => ({ key: r.key, until: Date.parse(r.freeing as string) + this.windowMs }));
      }
      for (const key of sorted) {
        await tx.execute(
          sql`insert into sign_in_failures (key, failed_at) values (${key}, ${at}::timestamptz)`,
        );
      }
      return [];
    });
    if (refusal.length === 0) return 0;
    // Only the keys that are full: a client address is not refused for another account's limit.
    for (const { key, until } of refusal) this.#refusedUntil.set(key, until);
    this.#sweep(now);
    const until = Math.max(...refusal.map((r) => r.until));
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  /** The password was right: the keys' failures (the reserved one too) are forgotten. */
  async succeed(keys: readonly string[]): Promise<void> {
    const list = sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    );
    await this.database.db.execute(sql`delete from sign_in_failures where key in (${list})`);
  }

  /** Drops refusals that have run out, so the map holds only keys refused right now. */
  #sweep(now: number): void {
    if (this.#refusedUntil.size < 1024) return;
    for (const [key, until] of this.#refusedUntil) if (until <= now) this.#refusedUntil.delete(key);
  }
}
