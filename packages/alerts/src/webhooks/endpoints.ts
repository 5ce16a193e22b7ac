/**
 * Webhook endpoints: added, listed, deleted and re-enabled by ISP accounts (for the networks and
 * organisations they act for) and admins (for one subject, or every event). The secret is made
 * here and returned only by `createWebhookEndpoint`: no other read carries it.
 */
import {
  type AlertEventKind,
  type AlertLanguage,
  type Database,
  type Role,
  registryQueries,
  users,
  type WebhookStatus,
  webhookEndpoints,
} from "@atalaya/db";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { AlertError } from "../errors";
import { EVENTS_BY_SUBJECT, SUBJECT_FIELD, type Subject } from "../subjects";
import { generateWebhookSecret } from "./signature";

/** Endpoints one account may have: each is posted to for every matching event. */
export const MAX_ENDPOINTS_PER_ACCOUNT = 10;

/** Who asks: an account's role and what it acts for (an @atalaya/accounts Account will do). */
export interface WebhookOwner {
  id: number;
  role: Role;
  organisations: string[];
  asns: number[];
}

export interface NewWebhookEndpoint {
  url: string;
  /** Narrower than the account's scope: one network, organisation or (admins) economy. */
  subject: Subject | null;
  /** Default: every kind the subject can have. */
  events?: AlertEventKind[] | undefined;
  language?: AlertLanguage | undefined;
}

/** An endpoint as the API shows it: never its secret. */
export interface WebhookEndpointView {
  id: number;
  url: string;
  owner: string;
  subject: Subject | null;
  events: AlertEventKind[];
  language: AlertLanguage;
  status: WebhookStatus;
  consecutiveFailures: number;
  disabledReason: string | null;
  createdAt: Date;
  disabledAt: Date | null;
}

/** Endpoints matching `where`, newest first, as the API shows them (owner's address, no secret). */
async function endpointViews(database: Database, where: SQL | undefined): Promise<WebhookEndpointView[]> {
  const rows = await database.db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      owner: users.email,
      asn: webhookEndpoints.asn,
      organisationId: webhookEndpoints.organisationId,
      cc: webhookEndpoints.cc,
      events: webhookEndpoints.events,
      language: webhookEndpoints.language,
      status: webhookEndpoints.status,
      consecutiveFailures: webhookEndpoints.consecutiveFailures,
      disabledReason: webhookEndpoints.disabledReason,
      createdAt: webhookEndpoints.createdAt,
      disabledAt: webhookEndpoints.disabledAt,
    })
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.ownerUserId))
    .where(where)
    .orderBy(desc(webhookEndpoints.id));
  return rows.map(({ asn, organisationId, cc, ...rest }) => ({
    ...rest,
    subject:
      asn !== null
        ? { kind: "network", asn }
        : organisationId !== null
          ? { kind: "organisation", id: organisationId }
          : cc !== null
            ? { kind: "economy", cc }
            : null,
  }));
}

function requireWebhookRole(owner: WebhookOwner): void {
  if (owner.role !== "isp" && owner.role !== "admin")
    throw new AlertError("FORBIDDEN", "webhooks are for ISP and admin accounts");
}

/** The URL if Atalaya may post to it: http or https, a host, no credentials, no fragment. */
export function validateWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AlertError("BAD_REQUEST", `url: ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AlertError("BAD_REQUEST", "url: must be an https:// (or http://) URL");
  if (url.username || url.password)
    throw new AlertError(
      "BAD_REQUEST",
      "url: must not carry a user name or password; verify the Atalaya-Signature header instead",
    );
  if (url.hash) throw new AlertError("BAD_REQUEST", "url: must not have a #fragment");
  if (!url.hostname) throw new AlertError("BAD_REQUEST", "url: has no host");
  return url;
}

/**
 * Refuses a subject outside what `owner` acts for: an ISP names its own organisations, and
 * networks it holds through them or was given directly; an economy is an admin's choice.
 */
async function checkSubject(database: Database, owner: WebhookOwner, subject: Subject | null): Promise<void> {
  if (owner.role === "admin" || subject === null) return;
  const field = SUBJECT_FIELD[subject.kind];
  if (subject.kind === "organisation" && owner.organisations.includes(subject.id)) return;
  if (subject.kind === "network") {
    if (owner.asns.includes(subject.asn)) return;
    const held = await registryQueries.asnHolder(database, subject.asn);
    if (held?.holderId && owner.organisations.includes(`${held.registry}:${held.holderId}`)) return;
  }
  throw new AlertError(
    "FORBIDDEN",
    `${field}: your account does not act for ${subject.kind === "network" ? `AS${subject.asn}` : subject.kind === "organisation" ? subject.id : `the economy ${subject.cc}`}`,
  );
}

/** The event kinds an endpoint of `subject` may ask for (no subject: an ISP's networks and organisations, or, for an admin, everything). */
function eventsFor(owner: WebhookOwner, subject: Subject | null): readonly AlertEventKind[] {
  if (subject) return EVENTS_BY_SUBJECT[subject.kind];
  return owner.role === "admin"
    ? [...new Set(Object.values(EVENTS_BY_SUBJECT).flat())]
    : EVENTS_BY_SUBJECT.organisation;
}

/** Adds an endpoint; the answer is the only time its secret is shown. */
export async function createWebhookEndpoint(
  database: Database,
  owner: WebhookOwner,
  input: NewWebhookEndpoint,
  now: Date,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  requireWebhookRole(owner);
  const url = validateWebhookUrl(input.url);
  const subject: Subject | null =
    input.subject?.kind === "economy"
      ? { kind: "economy", cc: input.subject.cc.toUpperCase() }
      : input.subject;
  await checkSubject(database, owner, subject);
  const allowed = eventsFor(owner, subject);
  const events = input.events ? [...new Set(input.events)] : [...allowed];
  const wrong = events.filter((e) => !allowed.includes(e));
  if (wrong.length > 0)
    throw new AlertError(
      "BAD_REQUEST",
      `events: ${wrong.join(", ")} cannot happen to this endpoint's subject (choose among ${allowed.join(", ")})`,
    );
  if (events.length === 0) throw new AlertError("BAD_REQUEST", "events: choose at least one");
  const secret = generateWebhookSecret();
  const id = await database.db.transaction(async (tx) => {
    // Serialises one account's additions, so the cap holds under concurrent requests.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, owner.id)).for("update");
    const existing = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.ownerUserId, owner.id));
    if (existing.length >= MAX_ENDPOINTS_PER_ACCOUNT)
      throw new AlertError(
        "CONFLICT",
        `an account may have ${MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints; delete one first`,
      );
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        ownerUserId: owner.id,
        url: url.toString(),
        secret,
        asn: subject?.kind === "network" ? subject.asn : null,
        organisationId: subject?.kind === "organisation" ? subject.id : null,
        cc: subject?.kind === "economy" ? subject.cc : null,
        events,
        language: input.language ?? "en",
        createdAt: now,
      })
      .returning({ id: webhookEndpoints.id });
    return (row as { id: number }).id;
  });
  return { endpoint: await getWebhookEndpoint(database, owner, id), secret };
}

/** Which endpoints `owner` may see and change: its own, or, for an admin, every one. */
function visibleTo(owner: WebhookOwner): SQL | undefined {
  return owner.role === "admin" ? undefined : eq(webhookEndpoints.ownerUserId, owner.id);
}

/** The endpoints `owner` may see, newest first. Index: webhook_endpoints_owner_idx. */
export async function listWebhookEndpoints(
  database: Database,
  owner: WebhookOwner,
): Promise<WebhookEndpointView[]> {
  requireWebhookRole(owner);
  return endpointViews(database, visibleTo(owner));
}

/** One endpoint `owner` may see; another account's is "not found", exactly like a missing one. */
export async function getWebhookEndpoint(
  database: Database,
  owner: WebhookOwner,
  id: number,
): Promise<WebhookEndpointView> {
  requireWebhookRole(owner);
  const [view] = await endpointViews(database, and(eq(webhookEndpoints.id, id), visibleTo(owner)));
  if (!view) throw new AlertError("NOT_FOUND", `no webhook endpoint ${id}`);
  return view;
}

/** Deletes an endpoint with its deliveries and their log. */
export async function deleteWebhookEndpoint(
  database: Database,
  owner: WebhookOwner,
  id: number,
): Promise<void> {
  await getWebhookEndpoint(database, owner, id);
  await database.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
}

/**
 * Turns a disabled endpoint back on with a clean count of failures. Events that happened while
 * it was disabled are not sent: its pending deliveries were failed when it was disabled.
 */
export async function enableWebhookEndpoint(
  database: Database,
  owner: WebhookOwner,
  id: number,
): Promise<WebhookEndpointView> {
  await getWebhookEndpoint(database, owner, id);
  await database.db
    .update(webhookEndpoints)
    .set({ status: "active", consecutiveFailures: 0, disabledReason: null, disabledAt: null })
    .where(eq(webhookEndpoints.id, id));
  return getWebhookEndpoint(database, owner, id);
}
