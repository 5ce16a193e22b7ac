/**
 * Disputes of a Jim Bound standing: an ISP contests its network's or organisation's standing in
 * an award cycle, with text and optionally a file (dispute-attachment.ts); the committee reads it
 * beside the nomination, and the chair upholds or rejects it with a reason. Nobody outside the
 * filer's organisation and the committee learns that a dispute exists: a dispute someone may not
 * see is "not found", like one that does not exist, and a conflicted member (the subject's
 * organisation is one of theirs) does not see it either.
 */
import { createHash } from "node:crypto";
import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import {
  asns,
  awardCycles,
  awardReleases,
  type Database,
  type DisputeAttachmentKind,
  jimBoundDisputeAttachments,
  jimBoundDisputes,
  organisations,
  registryQueries,
  registryResources,
  users,
} from "@atalaya/db";
import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { requireRole } from "./access";
import { checkDisputeAttachment, DISPUTE_ATTACHMENT_MAX_BYTES } from "./dispute-attachment";
import { CommitteeError } from "./errors";

export type SubjectKind = "network" | "organisation";

export interface DisputeSubject {
  kind: SubjectKind;
  /** The ASN as digits for a network, `registry:holder_id` for an organisation. */
  id: string;
  name: string;
  organisationId: string | null;
}

export interface NewDispute {
  awardCycleId: number;
  subjectKind: SubjectKind;
  subjectId: string;
  text: string;
  attachment?: { kind: DisputeAttachmentKind; fileName: string; bytes: Uint8Array } | undefined;
}

const TEXT_MAX_CHARS = 5000;

function organisationKey(id: string): { registry: string; holderId: string } | null {
  const at = id.indexOf(":");
  return at > 0 && at < id.length - 1 ? { registry: id.slice(0, at), holderId: id.slice(at + 1) } : null;
}

/**
 * The networks and organisations `account` acts for: its organisations, every ASN they hold, and
 * ASNs given to the account directly (the rule of the self-reported upload). Index:
 * registry_resources_holder_idx per organisation; asns' key for names.
 */
export async function disputeSubjects(database: Database, account: Account): Promise<DisputeSubject[]> {
  requireRole(account, "isp");
  const orgs = account.organisations.map((id) => ({ id, key: organisationKey(id) }));
  const subjects: DisputeSubject[] = [];
  const networks = new Map<number, string | null>(account.asns.map((asn) => [asn, null]));
  for (const { id, key } of orgs) {
    if (!key) continue;
    const [org] = await database.db
      .select({ name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.registry, key.registry), eq(organisations.holderId, key.holderId)));
    if (!org) continue;
    subjects.push({ kind: "organisation", id, name: org.name ?? id, organisationId: id });
    const held = await database.db
      .selectDistinct({ asn: registryResources.asn })
      .from(registryResources)
      .where(
        and(
          eq(registryResources.registry, key.registry),
          eq(registryResources.holderId, key.holderId),
          eq(registryResources.type, "asn"),
        ),
      );
    for (const { asn } of held) if (asn !== null) networks.set(asn, id);
  }
  const list = [...networks.keys()].sort((a, b) => a - b);
  const names = list.length
    ? await database.db.select({ asn: asns.asn, name: asns.name }).from(asns).where(inArray(asns.asn, list))
    : [];
  for (const asn of list) {
    const organisationId = networks.get(asn) ?? (await holderOf(database, asn));
    const name = names.find((n) => n.asn === asn)?.name ?? `AS${asn}`;
    subjects.push({ kind: "network", id: String(asn), name, organisationId });
  }
  return subjects;
}

async function holderOf(database: Database, asn: number): Promise<string | null> {
  const held = await registryQueries.asnHolder(database, asn);
  return held?.holderId ? `${held.registry}:${held.holderId}` : null;
}

/** The subject if `account` acts for it; anything else, existing or not, is the same NOT_FOUND. */
async function ownSubject(
  database: Database,
  account: Account,
  kind: SubjectKind,
  id: string,
): Promise<DisputeSubject> {
  const wanted = kind === "network" ? id.replace(/^as/i, "") : id;
  const subject = (await disputeSubjects(database, account)).find((s) => s.kind === kind && s.id === wanted);
  if (!subject) throw new CommitteeError("NOT_FOUND", `no ${kind} ${id} among those your account acts for`);
  return subject;
}

/** Whether `account` is an ISP acting for the dispute's subject (its own organisation's dispute). */
function filedByOwn(account: Account, d: Pick<Dispute, "organisationId" | "subjectKind" | "subjectId">) {
  return (
    account.role === "isp" &&
    ((d.organisationId !== null && account.organisations.includes(d.organisationId)) ||
      (d.subjectKind === "network" && account.asns.includes(Number(d.subjectId))))
  );
}

/** A committee member whose organisation the subject belongs to (as for nominations). */
function conflicted(account: Account, d: Pick<Dispute, "organisationId">): boolean {
  return d.organisationId !== null && account.organisations.includes(d.organisationId);
}

type Dispute = typeof jimBoundDisputes.$inferSelect;

/** Whether `account` may read dispute `d`: its organisation, a committee member without conflict, an admin. */
function maySee(account: Account, d: Dispute): boolean {
  if (account.role === "admin") return true;
  if (account.role === "committee") return !conflicted(account, d);
  return filedByOwn(account, d);
}

async function cycleWithRelease(database: Database, awardCycleId: number) {
  const [row] = await database.db
    .select({ cycle: awardCycles, releasedAt: awardReleases.releasedAt })
    .from(awardCycles)
    .leftJoin(awardReleases, eq(awardReleases.awardCycleId, awardCycles.id))
    .where(eq(awardCycles.id, awardCycleId));
  if (!row) throw new CommitteeError("NOT_FOUND", `no award cycle ${awardCycleId}`);
  return row;
}

function checkedAttachment(
  attachment: NonNullable<NewDispute["attachment"]>,
  subject: DisputeSubject,
  now: Date,
) {
  const { kind, fileName, bytes } = attachment;
  if (bytes.length > DISPUTE_ATTACHMENT_MAX_BYTES)
    throw new CommitteeError(
      "PAYLOAD_TOO_LARGE",
      `${fileName} is ${bytes.length} bytes; the limit is ${DISPUTE_ATTACHMENT_MAX_BYTES}`,
    );
  const verdict = checkDisputeAttachment(kind, fileName, bytes, {
    asn: subject.kind === "network" ? Number(subject.id) : null,
    today: now.toISOString().slice(0, 10),
  });
  if (!verdict.ok) throw new CommitteeError(verdict.code, verdict.problem);
  return {
    kind,
    fileName: fileName.replace(/[^\w.\- ]+/g, "_").slice(0, 200) || "attachment",
    mediaType: verdict.mediaType,
    bytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    summary: verdict.summary,
    content: bytes,
  };
}

const releasedError = (cycleName: string) =>
  new CommitteeError("CONFLICT", `${cycleName} is released; its standings can no longer be disputed`);

/** Files a dispute (ISP accounts, for what they act for, while the cycle is unreleased). */
export async function fileDispute(database: Database, account: Account, input: NewDispute, now = new Date()) {
  requireRole(account, "isp");
  const subject = await ownSubject(database, account, input.subjectKind, input.subjectId);
  const { cycle, releasedAt } = await cycleWithRelease(database, input.awardCycleId);
  if (releasedAt) throw releasedError(cycle.name);
  const text = input.text.trim();
  if (text === "") throw new CommitteeError("BAD_REQUEST", "text: say what is wrong with the standing");
  if (text.length > TEXT_MAX_CHARS)
    throw new CommitteeError("BAD_REQUEST", `text: at most ${TEXT_MAX_CHARS} characters`);
  const attachment = input.attachment ? checkedAttachment(input.attachment, subject, now) : null;
  return database.db.transaction(async (tx) => {
    // Filings for one cycle take turns, so two at once cannot both find no open dispute; a
    // release (its row references the cycle's) waits too, and is seen if it came first.
    await tx
      .select({ id: awardCycles.id })
      .from(awardCycles)
      .where(eq(awardCycles.id, cycle.id))
      .for("update");
    const [released] = await tx
      .select({ at: awardReleases.releasedAt })
      .from(awardReleases)
      .where(eq(awardReleases.awardCycleId, cycle.id));
    if (released) throw releasedError(cycle.name);
    const [open] = await tx
      .select({ id: jimBoundDisputes.id })
      .from(jimBoundDisputes)
      .where(
        and(
          eq(jimBoundDisputes.awardCycleId, cycle.id),
          eq(jimBoundDisputes.subjectKind, subject.kind),
          eq(jimBoundDisputes.subjectId, subject.id),
          eq(jimBoundDisputes.status, "open"),
        ),
      );
    if (open)
      throw new CommitteeError(
        "CONFLICT",
        `${subject.name} already has an open dispute in ${cycle.name} (${open.id}); wait for its resolution`,
      );
    const [row] = await tx
      .insert(jimBoundDisputes)
      .values({
        awardCycleId: cycle.id,
        subjectKind: subject.kind,
        subjectId: subject.id,
        name: subject.name,
        organisationId: subject.organisationId,
        text,
        filedBy: account.id,
        filedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    if (attachment) await tx.insert(jimBoundDisputeAttachments).values({ disputeId: row.id, ...attachment });
    await appendAudit(tx, {
      actorId: account.id,
      action: "jim-bound.dispute-file",
      subjectKind: "jim-bound-dispute",
      subjectId: row.id,
      detail: {
        awardCycleId: cycle.id,
        subjectKind: subject.kind,
        subjectId: subject.id,
        organisationId: subject.organisationId,
        text,
        // What identifies the file, never its bytes: the audit log is read by every admin.
        attachment: attachment && {
          kind: attachment.kind,
          fileName: attachment.fileName,
          mediaType: attachment.mediaType,
          bytes: attachment.bytes,
          sha256: attachment.sha256,
        },
      },
    });
    return row;
  });
}

const resolver = alias(users, "resolver");

/** Disputes with their filer, resolver and attachment's description (never its bytes). */
function disputeRows(database: Database) {
  return database.db
    .select({
      dispute: jimBoundDisputes,
      cycleName: awardCycles.name,
      filedByName: users.displayName,
      resolvedByName: resolver.displayName,
      attachment: {
        kind: jimBoundDisputeAttachments.kind,
        fileName: jimBoundDisputeAttachments.fileName,
        mediaType: jimBoundDisputeAttachments.mediaType,
        bytes: jimBoundDisputeAttachments.bytes,
        sha256: jimBoundDisputeAttachments.sha256,
        summary: jimBoundDisputeAttachments.summary,
      },
    })
    .from(jimBoundDisputes)
    .innerJoin(awardCycles, eq(awardCycles.id, jimBoundDisputes.awardCycleId))
    .innerJoin(users, eq(users.id, jimBoundDisputes.filedBy))
    .leftJoin(resolver, eq(resolver.id, jimBoundDisputes.resolvedBy))
    .leftJoin(jimBoundDisputeAttachments, eq(jimBoundDisputeAttachments.disputeId, jimBoundDisputes.id));
}

type DisputeRow = Awaited<ReturnType<ReturnType<typeof disputeRows>["where"]>>[number];

function disputeView(r: DisputeRow) {
  const d = r.dispute;
  return {
    id: d.id,
    awardCycleId: d.awardCycleId,
    cycleName: r.cycleName,
    subjectKind: d.subjectKind,
    subjectId: d.subjectId,
    name: d.name,
    organisationId: d.organisationId,
    text: d.text,
    filedBy: r.filedByName,
    filedAt: d.filedAt,
    status: d.status,
    resolvedBy: r.resolvedByName,
    resolvedAt: d.resolvedAt,
    reason: d.reason,
    attachment: r.attachment?.sha256 ? r.attachment : null,
  };
}
export type DisputeView = ReturnType<typeof disputeView>;

/** One dispute, if `account` may see it; else NOT_FOUND, as for an id that does not exist. */
export async function getDispute(database: Database, account: Account, id: number): Promise<DisputeView> {
  const [row] = await disputeRows(database).where(eq(jimBoundDisputes.id, id));
  if (!row || !maySee(account, row.dispute)) throw new CommitteeError("NOT_FOUND", `no dispute ${id}`);
  return disputeView(row);
}

/** The disputes of the subjects an ISP account acts for, newest first (tens of rows a cycle: a scan). */
export async function ownDisputes(database: Database, account: Account): Promise<DisputeView[]> {
  requireRole(account, "isp");
  const networks = account.asns.map(String);
  const mine = [
    ...(account.organisations.length
      ? [inArray(jimBoundDisputes.organisationId, account.organisations)]
      : []),
    ...(networks.length
      ? [and(eq(jimBoundDisputes.subjectKind, "network"), inArray(jimBoundDisputes.subjectId, networks))]
      : []),
  ];
  if (mine.length === 0) return [];
  const rows = await disputeRows(database)
    .where(or(...mine))
    .orderBy(desc(jimBoundDisputes.id));
  return rows.map(disputeView);
}

/** A cycle's disputes for the committee (without those it has a conflict with) and admins. */
export async function cycleDisputes(
  database: Database,
  account: Account,
  awardCycleId: number,
): Promise<DisputeView[]> {
  requireRole(account, "committee", "admin");
  await cycleWithRelease(database, awardCycleId);
  const rows = await disputeRows(database)
    .where(eq(jimBoundDisputes.awardCycleId, awardCycleId))
    .orderBy(asc(jimBoundDisputes.id));
  return rows.filter((r) => maySee(account, r.dispute)).map(disputeView);
}

/** The attached file, for whoever may see the dispute. */
export async function disputeAttachment(database: Database, account: Account, id: number) {
  await getDispute(database, account, id);
  const [file] = await database.db
    .select()
    .from(jimBoundDisputeAttachments)
    .where(eq(jimBoundDisputeAttachments.disputeId, id));
  if (!file) throw new CommitteeError("NOT_FOUND", `dispute ${id} has no attachment`);
  return file;
}

/** The chair upholds or rejects an open dispute, with a reason the ISP will read. */
export async function resolveDispute(
  database: Database,
  account: Account,
  id: number,
  outcome: "upheld" | "rejected",
  reason: string,
  now = new Date(),
) {
  requireRole(account, "chair");
  const dispute = await getDispute(database, account, id);
  const text = reason.trim();
  if (text === "") throw new CommitteeError("BAD_REQUEST", "reason: give the filer a reason for the outcome");
  if (dispute.status !== "open") throw new CommitteeError("CONFLICT", `dispute ${id} is already resolved`);
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(jimBoundDisputes)
      .set({ status: outcome, resolvedBy: account.id, resolvedAt: now, reason: text })
      .where(and(eq(jimBoundDisputes.id, id), eq(jimBoundDisputes.status, "open")))
      .returning();
    if (!row) throw new CommitteeError("CONFLICT", `dispute ${id} is already resolved`);
    await appendAudit(tx, {
      actorId: account.id,
      action: "jim-bound.dispute-resolve",
      subjectKind: "jim-bound-dispute",
      subjectId: id,
      detail: { outcome, reason: text, awardCycleId: row.awardCycleId },
    });
    return row;
  });
}

/**
 * Public once the cycle is released: which standings were disputed and how each ended. The filer's
 * text, the file and the chair's reason stay private: they were written for the committee and the
 * ISP, not for publication. Before release the cycle has no public results (NOT_FOUND).
 */
export async function releasedDisputes(database: Database, awardCycleId: number) {
  const { releasedAt } = await cycleWithRelease(database, awardCycleId);
  if (!releasedAt)
    throw new CommitteeError("NOT_FOUND", `no published results for award cycle ${awardCycleId}`);
  return database.db
    .select({
      subjectKind: jimBoundDisputes.subjectKind,
      subjectId: jimBoundDisputes.subjectId,
      name: jimBoundDisputes.name,
      filedAt: jimBoundDisputes.filedAt,
      status: jimBoundDisputes.status,
      resolvedAt: jimBoundDisputes.resolvedAt,
    })
    .from(jimBoundDisputes)
    .where(eq(jimBoundDisputes.awardCycleId, awardCycleId))
    .orderBy(asc(jimBoundDisputes.name), asc(jimBoundDisputes.id));
}
