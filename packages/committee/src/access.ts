/**
 * Who may see an entry, and conflicts of interest. Entries a person may not see are reported as
 * "not found", so an ISP user cannot even learn that another organisation's entry id exists.
 */
import type { Account } from "@atalaya/accounts";
import { challengeEntries, type Database, declaredConflicts } from "@atalaya/db";
import { and, eq } from "drizzle-orm";
import type { Cycle } from "./cycles";
import { getCycle } from "./cycles";
import { CommitteeError } from "./errors";

export type Entry = typeof challengeEntries.$inferSelect;
export type ConflictReason = "organisation" | "declared" | "country";

export function ownsEntry(account: Account, entry: Pick<Entry, "organisationId">): boolean {
  return account.role === "isp" && account.organisations.includes(entry.organisationId);
}

/** Why `reviewer` must not review `entry` (empty: no conflict). */
export async function conflictsOf(
  database: Database,
  cycle: Cycle,
  entry: Entry,
  reviewer: Account,
): Promise<ConflictReason[]> {
  const reasons: ConflictReason[] = [];
  if (reviewer.organisations.includes(entry.organisationId)) reasons.push("organisation");
  const declared = await database.db
    .select({ note: declaredConflicts.note })
    .from(declaredConflicts)
    .where(and(eq(declaredConflicts.entryId, entry.id), eq(declaredConflicts.userId, reviewer.id)));
  if (declared.length) reasons.push("declared");
  if (cycle.countryConflicts && entry.cc !== null && reviewer.country === entry.cc) reasons.push("country");
  return reasons;
}

export interface EntryAccess {
  entry: Entry;
  cycle: Cycle;
  /** owner: the ISP's own entry; reviewer: a committee member without conflict; admin. */
  as: "owner" | "reviewer" | "admin";
}

/** The entry if `account` may see it, else NOT_FOUND (the same answer as a missing entry). */
export async function accessEntry(
  database: Database,
  account: Account,
  entryId: number,
): Promise<EntryAccess> {
  const missing = new CommitteeError("NOT_FOUND", `no entry ${entryId}`);
  const [entry] = await database.db.select().from(challengeEntries).where(eq(challengeEntries.id, entryId));
  if (!entry) throw missing;
  const cycle = await getCycle(database, entry.cycleId);
  if (account.role === "admin") return { entry, cycle, as: "admin" };
  if (ownsEntry(account, entry)) return { entry, cycle, as: "owner" };
  if (account.role === "committee" && (await conflictsOf(database, cycle, entry, account)).length === 0)
    return { entry, cycle, as: "reviewer" };
  throw missing;
}

export function requireRole(account: Account, ...roles: Array<Account["role"] | "chair">): void {
  const ok = roles.some((r) =>
    r === "chair" ? account.role === "committee" && account.isChair : account.role === r,
  );
  if (!ok) throw new CommitteeError("FORBIDDEN", `this needs the ${roles.join(" or ")} role`);
}
