/**
 * Event detection after an ingest: every detector in turn, each committing its events, their
 * notifications and its new states in one transaction. One process at a time across all
 * processes (a Postgres advisory lock; a second caller waits for the first, then finds nothing
 * new): detection is computed once per change however many servers run.
 */
import type { Logger } from "@atalaya/config";
import { type AlertEventKind, alertStates, type Database } from "@atalaya/db";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import {
  crossingMoved,
  type Detector,
  jimBoundState,
  rpkiInvalid,
  staleData,
  unannouncedSpace,
} from "./detectors";
import { storeEvents } from "./record";
import { roaExpiring } from "./roa-expiry";
import type { DetectionInput } from "./standings";
import type { DeliveryContext, StoredEvent } from "./types";

const DETECTORS: ReadonlyArray<[AlertEventKind, Detector]> = [
  ["jim-bound-state", jimBoundState],
  ["crossing-moved", crossingMoved],
  ["rpki-invalid", rpkiInvalid],
  ["unannounced-space", unannouncedSpace],
  ["stale-data", staleData],
  ["roa-expiring", roaExpiring],
];

/** The alert_states subject marking a kind as detected once (its baseline is taken). */
const BASELINE = "*";

export const DETECTION_LOCK = "alert-events";

export interface DetectionResult {
  events: StoredEvent[];
  /** Kinds detected for the first time: states recorded, nothing reported. */
  baselined: AlertEventKind[];
  ms: number;
}

/** Runs `fn` under the named lock, waiting (polling) while another process holds it. */
export async function underLock<T>(
  database: Database,
  key: string,
  fn: () => Promise<T>,
  options: { waitMs?: number; pollMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.waitMs ?? 15 * 60_000);
  for (;;) {
    const held = await database.withLock(key, fn);
    if (held.acquired) return held.value;
    if (Date.now() > deadline) throw new Error(`${key}: another process held the lock for too long`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

export async function detectEvents(
  database: Database,
  input: () => Promise<DetectionInput>,
  ctx: DeliveryContext & { log: Logger },
): Promise<DetectionResult> {
  return underLock(database, DETECTION_LOCK, async () => {
    const started = performance.now();
    // Asked for under the lock: the data the previous holder saw is not what this one must see.
    const standings = await input();
    const result: DetectionResult = { events: [], baselined: [], ms: 0 };
    for (const [kind, detector] of DETECTORS) {
      const detectorStarted = performance.now();
      const rows = await database.db
        .select({ subject: alertStates.subject, value: alertStates.value })
        .from(alertStates)
        .where(eq(alertStates.kind, kind));
      const baselined = rows.some((r) => r.subject === BASELINE);
      const previous = new Map(rows.filter((r) => r.subject !== BASELINE).map((r) => [r.subject, r.value]));
      const detected = await detector(database, standings, previous, { now: ctx.now, baselined });
      const stored = await database.db.transaction(async (tx) => {
        const events = await storeEvents(tx, detected.events, ctx);
        const states = [...detected.states, ...(baselined ? [] : [{ subject: BASELINE, value: true }])];
        if (states.length > 0)
          await tx.execute(sql`
            insert into alert_states (subject, kind, value, updated_at)
            select s.subject, ${kind}, s.value, ${ctx.now.toISOString()}::timestamptz
            from jsonb_to_recordset(${JSON.stringify(states)}::jsonb) as s(subject text, value jsonb)
            on conflict (subject, kind) do update set value = excluded.value, updated_at = excluded.updated_at`);
        if (detected.cleared.length > 0)
          await tx
            .delete(alertStates)
            .where(
              and(
                eq(alertStates.kind, kind),
                inArray(alertStates.subject, detected.cleared),
                ne(alertStates.subject, BASELINE),
              ),
            );
        return events;
      });
      result.events.push(...stored);
      if (!baselined) result.baselined.push(kind);
      ctx.log.debug("alert detector", {
        kind,
        events: stored.length,
        ms: Math.round(performance.now() - detectorStarted),
      });
    }
    result.ms = Math.round(performance.now() - started);
    ctx.log.info("alert events detected", {
      events: result.events.length,
      baselined: result.baselined.join(",") || undefined,
      ms: result.ms,
    });
    return result;
  });
}
