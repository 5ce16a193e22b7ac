/** Accounts: creation with a one-time invitation, password setting, the organisations they act for. */
import { appendAudit } from "@atalaya/audit";
import { type Database, invitations, type Role, userAsns, userOrganisations, users } from "@atalaya/db";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { hashPassword, passwordProblem, randomToken, tokenHash } from "./secrets";

export const INVITATION_DAYS = 7;

export class AccountError extends Error {
  override name = "AccountError";
  constructor(
    readonly code: "BAD_REQUEST" | "CONFLICT" | "NOT_FOUND",
    message: string,
  ) {
    super(message);
  }
}

export interface NewUser {
  email: string;
  role: Role;
  displayName?: string | undefined;
  organisations?: string[];
  asns?: number[];
  isChair?: boolean;
  country?: string | null | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORGANISATION_ID = /^[a-z]+:[^\s:]+$/;

export interface Account {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  isChair: boolean;
  country: string | null;
  organisations: string[];
  asns: number[];
}

/** Creates an account without a password and returns a one-time invitation token for it. */
export async function createUser(
  database: Database,
  input: NewUser,
  actorId: number | null,
): Promise<{ account: Account; invitationToken: string }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw new AccountError("BAD_REQUEST", `email: ${input.email} is not an e-mail address`);
  const organisations = [...new Set(input.organisations ?? [])];
  for (const o of organisations)
    if (!ORGANISATION_ID.test(o))
      throw new AccountError("BAD_REQUEST", `organisation: ${o} is not an organisation id (registry:holder)`);
  const asns = [...new Set(input.asns ?? [])];
  for (const a of asns)
    if (!Number.isInteger(a) || a < 1 || a > 4294967295)
      throw new AccountError("BAD_REQUEST", `asn: ${a} is not an AS number`);
  if (input.role === "isp" && organisations.length === 0 && asns.length === 0)
    throw new AccountError("BAD_REQUEST", "an isp account must be bound to at least one organisation or ASN");
  if (input.isChair && input.role !== "committee")
    throw new AccountError("BAD_REQUEST", "only a committee member can chair");
  const country = input.country ? input.country.toUpperCase() : null;
  if (country !== null && !/^[A-Z]{2}$/.test(country))
    throw new AccountError("BAD_REQUEST", `country: ${input.country} is not a two-letter code`);

  const token = randomToken();
  const account = await database.db.transaction(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing.length) throw new AccountError("CONFLICT", `an account for ${email} already exists`);
    const [user] = await tx
      .insert(users)
      .values({
        email,
        displayName: input.displayName?.trim() || email,
        role: input.role,
        isChair: input.isChair ?? false,
        country,
      })
      .returning();
    if (!user) throw new Error("insert returned no row");
    if (organisations.length)
      await tx
        .insert(userOrganisations)
        .values(organisations.map((organisationId) => ({ userId: user.id, organisationId })));
    if (asns.length) await tx.insert(userAsns).values(asns.map((asn) => ({ userId: user.id, asn })));
    await tx.insert(invitations).values({
      tokenHash: tokenHash(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await appendAudit(tx, {
      actorId,
      action: "user.create",
      subjectKind: "user",
      subjectId: user.id,
      detail: { email, role: input.role, isChair: user.isChair, country, organisations, asns },
    });
    return {
      id: user.id,
      email,
      displayName: user.displayName,
      role: user.role,
      isChair: user.isChair,
      country,
      organisations,
      asns,
    };
  });
  return { account, invitationToken: token };
}

/** A fresh invitation for an existing account (the old unused ones stop working). */
export async function reinvite(database: Database, userId: number, actorId: number | null): Promise<string> {
  const token = randomToken();
  await database.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw new AccountError("NOT_FOUND", `no account ${userId}`);
    await tx.delete(invitations).where(and(eq(invitations.userId, userId), isNull(invitations.usedAt)));
    await tx.insert(invitations).values({
      tokenHash: tokenHash(token),
      userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await appendAudit(tx, { actorId, action: "user.reinvite", subjectKind: "user", subjectId: userId });
  });
  return token;
}

/** Sets the password of the invitation's account; the invitation cannot be used again. */
export async function acceptInvitation(
  database: Database,
  token: string,
  password: string,
): Promise<Account> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError("BAD_REQUEST", `password: ${problem}`);
  const passwordHash = await hashPassword(password);
  const userId = await database.db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tokenHash, tokenHash(token)),
          isNull(invitations.usedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      );
    if (!invitation)
      throw new AccountError(
        "NOT_FOUND",
        "this invitation link is unknown, used or expired; ask an admin for a new one",
      );
    await tx
      .update(invitations)
      .set({ usedAt: new Date() })
      .where(eq(invitations.tokenHash, invitation.tokenHash));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, invitation.userId));
    await appendAudit(tx, {
      actorId: invitation.userId,
      action: "user.set-password",
      subjectKind: "user",
      subjectId: invitation.userId,
    });
    return invitation.userId;
  });
  const account = await loadAccount(database, userId);
  if (!account) throw new AccountError("NOT_FOUND", `no account ${userId}`);
  return account;
}

export async function loadAccount(database: Database, userId: number): Promise<Account | null> {
  const [user] = await database.db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  if (!user) return null;
  const orgs = await database.db
    .select({ id: userOrganisations.organisationId })
    .from(userOrganisations)
    .where(eq(userOrganisations.userId, userId));
  const asns = await database.db
    .select({ asn: userAsns.asn })
    .from(userAsns)
    .where(eq(userAsns.userId, userId));
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    isChair: user.isChair,
    country: user.country,
    organisations: orgs.map((o) => o.id).sort(),
    asns: asns.map((a) => a.asn).sort((a, b) => a - b),
  };
}

/** Every active account, with whether its invitation has been used (three queries in all). */
export async function listAccounts(database: Database): Promise<Array<Account & { hasPassword: boolean }>> {
  const rows = await database.db.select().from(users).where(isNull(users.disabledAt)).orderBy(asc(users.id));
  const orgs = await database.db.select().from(userOrganisations);
  const asns = await database.db.select().from(userAsns);
  return rows.map((user) => ({
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    isChair: user.isChair,
    country: user.country,
    organisations: orgs
      .filter((o) => o.userId === user.id)
      .map((o) => o.organisationId)
      .sort(),
    asns: asns
      .filter((a) => a.userId === user.id)
      .map((a) => a.asn)
      .sort((a, b) => a - b),
    hasPassword: user.passwordHash !== null,
  }));
}
