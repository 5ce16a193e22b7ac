/**
 * Which endpoints an alert event goes to. Event detection calls `queueWebhookDeliveries` in the
 * transaction that inserts the event, so an event and its deliveries are stored together or not
 * at all, and a restart loses neither.
 */
import type { AlertEventKind, Db } from "@atalaya/db";
import { sql } from "drizzle-orm";

/** What fan-out reads of an event: its kind and subject. */
export interface FannedOutEvent {
  id: number;
  kind: AlertEventKind;
  asn: number | null;
  organisationId: string | null;
  cc: string | null;
}

type Tx = Pick<Db, "execute">;

/**
 * Queues a delivery of event `event` to every active endpoint that wants it, due at `now`, and
 * returns how many were queued. An endpoint wants an event when its kind is among the endpoint's
 * events, its narrower subject (if any) is the event's network, organisation or economy, and its
 * owner may see it: an admin every event; an ISP account the events of its organisations
 * (user_organisations) and its networks (user_asns). Owners whose account is disabled get
 * nothing. Calling it again for the same event queues nothing twice
 * (webhook_deliveries_endpoint_event_idx). Scans webhook_endpoints: an endpoint per account, at
 * most ten, so a few hundred rows.
 */
export async function queueWebhookDeliveries(tx: Tx, event: FannedOutEvent, now: Date): Promise<number> {
  const asn = event.asn;
  const organisation = event.organisationId;
  const cc = event.cc;
  const at = now.toISOString();
  const result = await tx.execute(sql`
    insert into webhook_deliveries (endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
    select e.id, ${event.id}, 'queued', 0, ${at}, ${at}
    from webhook_endpoints e join users u on u.id = e.owner_user_id
    where e.status = 'active' and u.disabled_at is null
      and ${event.kind} = any(e.events)
      and (e.asn is null or e.asn = ${asn}::bigint)
      and (e.organisation_id is null or e.organisation_id = ${organisation}::text)
      and (e.cc is null or e.cc = ${cc}::char(2))
      and (u.role = 'admin'
        or (u.role = 'isp' and (
          exists (select 1 from user_organisations uo
                  where uo.user_id = u.id and uo.organisation_id = ${organisation}::text)
          or exists (select 1 from user_asns ua where ua.user_id = u.id and ua.asn = ${asn}::bigint))))
    on conflict (endpoint_id, event_id) do nothing
    returning id`);
  // postgres.js answers with the rows, PGlite with { rows }.
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
  return rows.length;
}
