/** Events as detection produces them and as the database keeps them. */
import type { AlertEventKind, alertEvents } from "@atalaya/db";

export interface NewEvent {
  /**
   * Stable: the same change detected again (a second ingest the same day, a state that flaps
   * back and forth) has the same key, so it is stored and sent once.
   */
  key: string;
  kind: AlertEventKind;
  asn: number | null;
  organisationId: string | null;
  cc: string | null;
  payload: Record<string, unknown>;
  /** The dashboard path that explains it. */
  link: string;
}

export type StoredEvent = typeof alertEvents.$inferSelect;

/** What fanning an event out to subscribers needs to compose their messages. */
export interface DeliveryContext {
  now: Date;
  /** The dashboard's absolute address, without a trailing slash. */
  baseUrl: string;
  mailConfigured: boolean;
}

/** `as:7303`, `org:lacnic:XYZ`, `cc:AR`: the subject column of alert_states. */
export const stateSubject = {
  network: (asn: number) => `as:${asn}`,
  organisation: (id: string) => `org:${id}`,
  economy: (cc: string) => `cc:${cc}`,
};

/** The UTC day of `now`, for keys that hold one event per subject and day. */
export const dayOf = (now: Date) => now.toISOString().slice(0, 10);
