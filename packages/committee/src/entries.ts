/** Registering an entry, its services and contacts, and listing what each person may see. */

import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import {
  asns as asnNames,
  challengeEntries,
  type Database,
  type EntryContact,
  entryAsns,
  entryServices,
  organisations,
  registryResources,
  type ServiceKind,
} from "@atalaya/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { conflictsOf, type Entry, ownsEntry, requireRole } from "./access";
import { getCycle, phaseAt, windowEndsAt } from "./cycles";
import { CommitteeError } from "./errors";

export interface DeclaredService {
  kind: ServiceKind;
  host: string;
}

export interface NewEntry {
  cycleId: number;
  organisationId: string;
  name?: string | undefined;
  asns: number[];
  contacts: EntryContact[];
  services: DeclaredService[];
}

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

/** A declared service's host problem, or null. Web services may be URLs; others `host[:port]`. */
export function serviceProblem(service: DeclaredService): string | null {
  let host = service.host.trim();
  if (service.kind === "web" && /^https?:\/\//i.test(host)) {
    try {
      host = new URL(host).hostname;
    } catch {
      return `${service.host} is not a URL`;
    }
  } else if (service.kind === "other") host = host.replace(/:\d{1,5}$/, "");
  return HOST.test(host) ? null : `${service.host} is not a host name`;
}

function splitOrganisationId(id: string): { registry: string; holderId: string } {
  const colon = id.indexOf(":");
  if (colon < 1) throw new CommitteeError("BAD_REQUEST", `organisationId: ${id} is not registry:holder`);
  return { registry: id.slice(0, colon), holderId: id.slice(colon + 1) };
}

export async function registerEntry(
  database: Database,
  account: Account,
  input: NewEntry,
  now = new Date(),
): Promise<Entry> {
  requireRole(account, "isp");
  if (!account.organisations.includes(input.organisationId))
    throw new CommitteeError("FORBIDDEN", `your account does not act for ${input.organisationId}`);
  const cycle = await getCycle(database, input.cycleId);
  if (phaseAt(cycle, now) !== "registration")
    throw new CommitteeError(
      "CONFLICT",
      `registration for ${cycle.name} is open from ${cycle.registrationOpensAt.toISOString()} to ${cycle.registrationClosesAt.toISOString()}`,
    );
  const { registry, holderId } = splitOrganisationId(input.organisationId);
  const [organisation] = await database.db
    .select()
    .from(organisations)
    .where(and(eq(organisations.registry, registry), eq(organisations.holderId, holderId)));
  if (!organisation)
    throw new CommitteeError(
      "BAD_REQUEST",
      `organisationId: ${input.organisationId} is not in the registry data`,
    );
  const asns = [...new Set(input.asns)].sort((a, b) => a - b);
  if (asns.length === 0)
    throw new CommitteeError("BAD_REQUEST", "asns: give at least one of the organisation's ASNs");
  const held = await database.db
    .select({ asn: registryResources.asn })
    .from(registryResources)
    .where(
      and(
        eq(registryResources.registry, registry),
        eq(registryResources.holderId, holderId),
        eq(registryResources.type, "asn"),
        inArray(registryResources.asn, asns),
      ),
    );
  const heldSet = new Set(held.map((h) => h.asn));
  const foreign = asns.filter((a) => !heldSet.has(a));
  if (foreign.length)
    throw new CommitteeError(
      "BAD_REQUEST",
      `asns: ${foreign.map((a) => `AS${a}`).join(", ")} not held by ${input.organisationId}`,
    );
  if (input.contacts.length === 0)
    throw new CommitteeError("BAD_REQUEST", "contacts: give at least one contact");
  if (input.services.length === 0)
    throw new CommitteeError("BAD_REQUEST", "services: declare at least one service");
  input.services.forEach((s, i) => {
    const problem = serviceProblem(s);
    if (problem) throw new CommitteeError("BAD_REQUEST", `services.${i}.host: ${problem}`);
  });
  // Holders often have no name in registry data; their first network's AS name is the next best.
  const [named] = await database.db
    .select({ name: asnNames.name })
    .from(asnNames)
    .where(inArray(asnNames.asn, asns))
    .orderBy(asc(asnNames.asn))
    .limit(1);
  const firstAsName = named?.name ?? null;
  return database.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: challengeEntries.id })
      .from(challengeEntries)
      .where(
        and(
          eq(challengeEntries.cycleId, cycle.id),
          eq(challengeEntries.organisationId, input.organisationId),
        ),
      );
    if (existing.length)
      throw new CommitteeError(
        "CONFLICT",
        `${input.organisationId} already has entry ${existing[0]?.id} in ${cycle.name}`,
      );
    const [entry] = await tx
      .insert(challengeEntries)
      .values({
        cycleId: cycle.id,
        organisationId: input.organisationId,
        name: input.name?.trim() || organisation.name || firstAsName || input.organisationId,
        cc: organisation.cc,
        contacts: input.contacts,
        createdBy: account.id,
      })
      .returning();
    if (!entry) throw new Error("insert returned no row");
    await tx.insert(entryAsns).values(asns.map((asn) => ({ entryId: entry.id, asn })));
    const services = [...new Map(input.services.map((s) => [`${s.kind} ${s.host.trim()}`, s])).values()];
    await tx
      .insert(entryServices)
      .values(services.map((s) => ({ entryId: entry.id, kind: s.kind, host: s.host.trim() })));
    await appendAudit(tx, {
      actorId: account.id,
      action: "entry.register",
      subjectKind: "challenge-entry",
      subjectId: entry.id,
      detail: { cycleId: cycle.id, organisationId: input.organisationId, asns, services },
    });
    return entry;
  });
}

/** Adds a service while the deployment window is still open. */
export async function addService(
  database: Database,
  account: Account,
  entry: Entry,
  service: DeclaredService,
  now = new Date(),
) {
  if (!ownsEntry(account, entry)) throw new CommitteeError("NOT_FOUND", `no entry ${entry.id}`);
  const cycle = await getCycle(database, entry.cycleId);
  if (now.getTime() >= windowEndsAt(cycle).getTime())
    throw new CommitteeError(
      "CONFLICT",
      `the deployment window closed on ${windowEndsAt(cycle).toISOString()}`,
    );
  const problem = serviceProblem(service);
  if (problem) throw new CommitteeError("BAD_REQUEST", `host: ${problem}`);
  const [row] = await database.db
    .insert(entryServices)
    .values({ entryId: entry.id, kind: service.kind, host: service.host.trim() })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new CommitteeError("CONFLICT", `${service.kind} ${service.host} is already declared`);
  return row;
}

export async function entryDetails(database: Database, entry: Entry) {
  const asns = await database.db
    .select({ asn: entryAsns.asn })
    .from(entryAsns)
    .where(eq(entryAsns.entryId, entry.id));
  const services = await database.db
    .select()
    .from(entryServices)
    .where(eq(entryServices.entryId, entry.id))
    .orderBy(asc(entryServices.id));
  return {
    id: entry.id,
    cycleId: entry.cycleId,
    organisationId: entry.organisationId,
    name: entry.name,
    cc: entry.cc,
    contacts: entry.contacts,
    createdAt: entry.createdAt,
    asns: asns.map((a) => a.asn).sort((a, b) => a - b),
    services: services.map((s) => ({ id: s.id, kind: s.kind, host: s.host })),
  };
}

/** Entries of a cycle that `account` may see: own (ISP), without conflict (committee), all (admin). */
export async function visibleEntries(
  database: Database,
  account: Account,
  cycleId: number,
): Promise<Entry[]> {
  const cycle = await getCycle(database, cycleId);
  const all = await database.db
    .select()
    .from(challengeEntries)
    .where(eq(challengeEntries.cycleId, cycleId))
    .orderBy(asc(challengeEntries.id));
  if (account.role === "admin") return all;
  if (account.role === "isp") return all.filter((e) => ownsEntry(account, e));
  const visible: Entry[] = [];
  for (const entry of all)
    if ((await conflictsOf(database, cycle, entry, account)).length === 0) visible.push(entry);
  return visible;
}
