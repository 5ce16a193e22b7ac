/**
 * A harness for the signed-in API: an app over a fresh database with the demo dataset, accounts
 * created the way `atalaya users add` creates them, and clients that keep their session cookie
 * and CSRF token like the dashboard does.
 */
import path from "node:path";
import { acceptInvitation, createUser, type NewUser } from "@atalaya/accounts";
import { createApp } from "@atalaya/api";
import { createLogger } from "@atalaya/config";
import { challengeCycles, type Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import type { CheckSettings } from "@atalaya/service-checks";
import { eq, sql } from "drizzle-orm";
import type { Target } from "./databases";
import { tempDir, testContext } from "./ingest";

export const ORIGIN = "http://localhost";
export const PASSWORD = "correct horse battery staple";
/** Demo organisations: lacnic:900001 (AR, AS64496–AS64499) and lacnic:900016 (BO, AS65548–AS65551). */
export const ORG_AR = "lacnic:900001";
export const ORG_BO = "lacnic:900016";

export interface Client {
  email: string;
  csrf: string;
  cookie: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

export interface Harness {
  app: ReturnType<typeof createApp>;
  database: Database;
  logLines: string[];
  addUser(user: NewUser): Promise<Client>;
  anonymous(): Client;
  dispose(): Promise<void>;
}

function client(app: Harness["app"], email: string, cookie: string, csrf: string): Client {
  const self: Client = {
    email,
    cookie,
    csrf,
    async request(method, url, body, headers = {}) {
      const isForm = body instanceof FormData;
      const isText = typeof body === "string";
      return app.request(`${ORIGIN}${url}`, {
        method,
        headers: {
          ...(self.cookie ? { cookie: self.cookie } : {}),
          ...(method !== "GET"
            ? { origin: ORIGIN, "sec-fetch-site": "same-origin", "x-csrf-token": self.csrf }
            : {}),
          ...(body !== undefined && !isForm && !isText ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: isForm || isText ? body : JSON.stringify(body) } : {}),
      });
    },
    async json(method, url, body) {
      const res = await self.request(method, url, body);
      return { status: res.status, body: (await res.json()) as never };
    },
  };
  return self;
}

/** The session cookie from a Set-Cookie header, as a Cookie header value. */
export function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.includes("atalaya-session="));
  if (!set) throw new Error(`no session cookie in ${res.status} response`);
  return set.split(";")[0] as string;
}

export async function openHarness(
  target: Target,
  options: { checkSettings?: CheckSettings; reportMaxBytes?: number; mailConfigured?: boolean } = {},
): Promise<Harness> {
  const { database, dispose } = await target.open();
  await loadDemo(path.join(tempDir(), "demo"), testContext(database));
  const logLines: string[] = [];
  const app = createApp({
    database,
    log: createLogger("debug", (line) => logLines.push(line)),
    // app.request() has no socket, so nothing is "on loopback": the clients' origin is configured.
    publicUrl: ORIGIN,
    checkSettings: options.checkSettings,
    reportMaxBytes: options.reportMaxBytes,
    mailConfigured: options.mailConfigured,
    signInThrottle: { limit: 5, windowMs: 60_000 },
  });
  return {
    app,
    database,
    logLines,
    async addUser(user) {
      const { invitationToken } = await createUser(database, user, null);
      await acceptInvitation(database, invitationToken, PASSWORD);
      const res = await app.request(`${ORIGIN}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in of ${user.email}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { data: { csrfToken: string } };
      return client(app, user.email, sessionCookie(res), body.data.csrfToken);
    },
    anonymous: () => client(app, "anonymous", "", ""),
    dispose,
  };
}

const DAY = 86_400_000;

/** A cycle calendar with registration open now; `shiftCycle` then moves time through its phases. */
export function openCalendar(name: string, now = Date.now()) {
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  return {
    name,
    registrationOpensAt: at(-1),
    registrationClosesAt: at(1),
    windowStartsAt: at(2),
    windowDays: 30,
    reportDeadlineAt: at(31),
    reviewEndsAt: at(45),
    releaseAt: at(50),
  };
}

/** "Time passes": moves a cycle's calendar `days` into the past (the tests' clock stays real). */
export async function shiftCycle(database: Database, cycleId: number, days: number): Promise<void> {
  const shift = sql.raw(`interval '${Number(days)} days'`);
  await database.db
    .update(challengeCycles)
    .set({
      registrationOpensAt: sql`registration_opens_at - ${shift}`,
      registrationClosesAt: sql`registration_closes_at - ${shift}`,
      windowStartsAt: sql`window_starts_at - ${shift}`,
      reportDeadlineAt: sql`report_deadline_at - ${shift}`,
      reviewEndsAt: sql`review_ends_at - ${shift}`,
      releaseAt: sql`release_at - ${shift}`,
    })
    .where(eq(challengeCycles.id, cycleId));
}

/**
 * The committee the decision tests use: a chair (from UY), a member (from BR), and a member on
 * the staff of ORG_AR, who has a conflict with its entries and nominations.
 */
export async function addCommittee(
  h: Harness,
): Promise<{ chair: Client; member: Client; conflicted: Client }> {
  const chair = await h.addUser({
    email: "chair@flip6.example",
    role: "committee",
    isChair: true,
    country: "UY",
  });
  const member = await h.addUser({ email: "member@flip6.example", role: "committee", country: "BR" });
  const conflicted = await h.addUser({
    email: "staff@isp-ar.example",
    role: "committee",
    organisations: [ORG_AR],
  });
  return { chair, member, conflicted };
}

/**
 * A committee history that writes the audit chain: the committee of `addCommittee`, a Jim Bound
 * nomination of ORG_BO with votes, the chair's decision (which freezes its evidence pack) and the
 * cycle's release.
 */
export async function recordJimBoundDecision(h: Harness): Promise<void> {
  const { chair, member, conflicted } = await addCommittee(h);
  const nominated = await chair.json<{ data: { id: number } }>(
    "POST",
    "/api/v1/committee/jim-bound/cycles/1/nominations",
    { kind: "organisation", id: ORG_BO },
  );
  if (nominated.status !== 201) throw new Error(`nomination: ${nominated.status}`);
  const id = nominated.body.data.id;
  const steps: Array<[Client, string, string, unknown]> = [
    [conflicted, "PUT", `/api/v1/committee/jim-bound/nominations/${id}/vote`, { vote: "yes" }],
    [
      member,
      "PUT",
      `/api/v1/committee/jim-bound/nominations/${id}/vote`,
      { vote: "no", comment: "tab\there" },
    ],
    [
      chair,
      "POST",
      `/api/v1/committee/jim-bound/nominations/${id}/decision`,
      { outcome: "awarded", note: "a\nb" },
    ],
    [chair, "POST", "/api/v1/committee/jim-bound/cycles/1/release", undefined],
  ];
  for (const [client, method, url, body] of steps) {
    const { status } = await client.json(method, url, body);
    if (status !== 200) throw new Error(`${method} ${url}: ${status}`);
  }
}
