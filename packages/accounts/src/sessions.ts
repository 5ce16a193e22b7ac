/**
 * Server-side sessions. The cookie holds a random id; only its SHA-256 is stored, next to the
 * CSRF token the dashboard must echo on every state-changing request.
 */
import { type Database, sessions, users } from "@atalaya/db";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { decoyHash, randomToken, tokenHash, verifyPassword } from "./secrets";
import { type Account, loadAccount } from "./users";

export const SESSION_HOURS = 12;

export interface Session {
  account: Account;
  csrfToken: string;
  expiresAt: Date;
}

/** Checks a password; on success opens a session. Null for any failure, with no hint which. */
export async function signIn(
  database: Database,
  email: string,
  password: string,
): Promise<{ sessionId: string; session: Session } | null> {
  const [user] = await database.db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.disabledAt)));
  // An unknown account or one without a password still costs one argon2 verification.
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user?.passwordHash || !ok) return null;
  const account = await loadAccount(database, user.id);
  if (!account) return null;
  const sessionId = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
  await database.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await database.db
    .insert(sessions)
    .values({ idHash: tokenHash(sessionId), userId: user.id, csrfToken, expiresAt });
  return { sessionId, session: { account, csrfToken, expiresAt } };
}

export async function sessionFor(database: Database, sessionId: string): Promise<Session | null> {
  const [row] = await database.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, tokenHash(sessionId)), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  const account = await loadAccount(database, row.userId);
  if (!account) return null;
  return { account, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function signOut(database: Database, sessionId: string): Promise<void> {
  await database.db.delete(sessions).where(eq(sessions.idHash, tokenHash(sessionId)));
}
