/**
 * Stores detected events and fans the new ones out to e-mail subscribers and webhook endpoints,
 * all in one transaction: a failure stores nothing and sends nothing. An event whose key is already stored is not stored or sent again;
 * when the detection says where the subject is now (`payload.latest`, a state that flapped
 * within the day), the stored event is brought up to date instead, so its page tells the truth.
 */
import { alertEvents, type Database, type Db } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { queueWebhookDeliveries } from "../webhooks/fan-out";
import { fanOut } from "./fan-out";
import type { DeliveryContext, NewEvent, StoredEvent } from "./types";

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;

export function recordEvents(
  database: Database,
  events: readonly NewEvent[],
  ctx: DeliveryContext,
): Promise<StoredEvent[]> {
  return database.db.transaction((tx) => storeEvents(tx, events, ctx));
}

/** recordEvents inside a caller's transaction. */
export async function storeEvents(
  tx: Tx,
  events: readonly NewEvent[],
  ctx: DeliveryContext,
): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (const event of events) {
    const [row] = await tx
      .insert(alertEvents)
      .values({ ...event, occurredAt: ctx.now })
      .onConflictDoUpdate({
        target: alertEvents.key,
        set: {
          payload: sql`case when excluded.payload ? 'latest'
              then jsonb_set(${alertEvents.payload}, '{latest}', excluded.payload->'latest')
              else ${alertEvents.payload} end`,
        },
      })
      .returning({ id: alertEvents.id, inserted: sql<boolean>`xmax = 0` });
    if (!row?.inserted) continue;
    const saved: StoredEvent = { ...event, id: row.id, occurredAt: ctx.now };
    stored.push(saved);
    await fanOut(tx, saved, ctx);
    await queueWebhookDeliveries(tx, saved, ctx.now);
  }
  return stored;
}
