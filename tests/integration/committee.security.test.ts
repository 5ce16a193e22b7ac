/**
 * Security properties of the signed-in API: authentication and roles, organisation isolation,
 * conflicts of interest, strict bodies, cross-site protection, sessions and cookies, login
 * throttling, the audit chain against tampering, and logs without secrets.
 */
import { verifyAuditLog } from "@atalaya/audit";
import { auditLog } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  type Harness,
  ORG_AR,
  ORG_BO,
  ORIGIN,
  openCalendar,
  openHarness,
  PASSWORD,
  sessionCookie,
  shiftCycle,
} from "../helpers/committee";
import { targets } from "../helpers/databases";

describe.each(targets)("committee API security on $name", (target) => {
  let h: Harness;
  let admin: Client;
  let ispAr: Client;
  let ispBo: Client;
  let member: Client;
  let chair: Client;
  let cycleId: number;
  let entryAr: number;
  let entryBo: number;

  beforeAll(async () => {
    h = await openHarness(target);
    admin = await h.addUser({ email: "admin@atalaya.example", role: "admin" });
    ispAr = await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    ispBo = await h.addUser({
      email: "noc@isp-bo.example",
      role: "isp",
      organisations: [ORG_BO],
      asns: [64510],
    });
    member = await h.addUser({ email: "member@flip6.example", role: "committee", country: "AR" });
    chair = await h.addUser({
      email: "chair@flip6.example",
      role: "committee",
      isChair: true,
      country: "UY",
    });
    const cycle = await admin.json<{ data: { id: number } }>("POST", "/api/v1/admin/challenge-cycles", {
      ...openCalendar("Secure 2027"),
      countryConflicts: true,
    });
    cycleId = cycle.body.data.id;
    const entry = (isp: Client, organisationId: string, asn: number) =>
      isp.json<{ data: { id: number } }>("POST", "/api/v1/challenge/entries", {
        cycleId,
        organisationId,
        asns: [asn],
        contacts: [{ name: "NOC", email: "noc@example.net" }],
        services: [{ kind: "web", host: "www.example.net" }],
      });
    entryAr = (await entry(ispAr, ORG_AR, 64496)).body.data.id;
    entryBo = (await entry(ispBo, ORG_BO, 65548)).body.data.id;
  });
  afterAll(async () => h?.dispose());

  it("answers 401 to every signed-in endpoint without a session", async () => {
    const anonymous = h.anonymous();
    const calls: Array<[string, string, unknown?]> = [
      ["GET", "/api/v1/admin/users"],
      ["POST", "/api/v1/admin/users", { email: "x@example.net", role: "admin" }],
      ["GET", "/api/v1/admin/audit"],
      ["POST", "/api/v1/admin/challenge-cycles", openCalendar("Anon")],
      ["GET", `/api/v1/challenge/entries/${entryAr}`],
      ["GET", `/api/v1/challenge/cycles/${cycleId}/entries`],
      ["GET", `/api/v1/review/entries/${entryAr}/scores`],
      ["GET", `/api/v1/review/cycles/${cycleId}/table`],
      ["GET", "/api/v1/committee/jim-bound/cycles/1/nominations"],
      ["POST", `/api/v1/challenge/cycles/${cycleId}/release`],
      ["POST", "/api/v1/asns/64496/self-reported", "date,ipv4_bytes,ipv6_bytes\n"],
    ];
    for (const [method, url, body] of calls) {
      const res = await anonymous.request(
        method,
        url,
        body,
        typeof body === "string" ? { "content-type": "text/csv" } : {},
      );
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    }
  });

  it("answers 403 to a signed-in account without the role", async () => {
    expect((await ispAr.json("GET", "/api/v1/admin/users")).status).toBe(403);
    expect(
      (await member.json("POST", "/api/v1/admin/users", { email: "y@example.net", role: "admin" })).status,
    ).toBe(403);
    expect((await member.json("GET", `/api/v1/review/cycles/${cycleId}/table`)).status).toBe(403);
    expect((await ispAr.json("GET", `/api/v1/review/entries/${entryAr}/scores`)).status).toBe(403);
    expect(
      (
        await member.json("POST", "/api/v1/challenge/entries", {
          cycleId,
          organisationId: ORG_AR,
          asns: [64496],
          contacts: [{ name: "a", email: "a@b.cd" }],
          services: [{ kind: "web", host: "a.example" }],
        })
      ).status,
    ).toBe(403);
    expect((await ispAr.json("POST", `/api/v1/challenge/cycles/${cycleId}/release`)).status).toBe(403);
    expect(
      (
        await member.json("POST", "/api/v1/committee/jim-bound/cycles/1/nominations", {
          kind: "network",
          id: "64496",
        })
      ).status,
    ).toBe(403);
    // An ISP account cannot register for an organisation it does not act for.
    const other = await ispAr.json("POST", "/api/v1/challenge/entries", {
      cycleId,
      organisationId: ORG_BO,
      asns: [65548],
      contacts: [{ name: "a", email: "a@b.cd" }],
      services: [{ kind: "web", host: "a.example" }],
    });
    expect(other.status).toBe(403);
  });

  it("answers 404 when an ISP reads or edits another organisation's entry", async () => {
    expect((await ispAr.json("GET", `/api/v1/challenge/entries/${entryBo}`)).status).toBe(404);
    expect((await ispAr.json("GET", `/api/v1/challenge/entries/${entryBo}/checks`)).status).toBe(404);
    expect((await ispAr.json("POST", `/api/v1/challenge/entries/${entryBo}/checks`)).status).toBe(404);
    expect(
      (
        await ispAr.json("POST", `/api/v1/challenge/entries/${entryBo}/services`, {
          kind: "mail",
          host: "isp-ar.example",
        })
      ).status,
    ).toBe(404);
    expect((await ispAr.json("GET", `/api/v1/challenge/entries/${entryBo}/report`)).status).toBe(404);
    const form = new FormData();
    form.append("file", new File(["# not mine\n"], "report.md"));
    expect((await ispAr.request("PUT", `/api/v1/challenge/entries/${entryBo}/report`, form)).status).toBe(
      404,
    );
    // …exactly as for an id that does not exist.
    const missing = await ispAr.json<{ error: { message: string } }>(
      "GET",
      "/api/v1/challenge/entries/999999",
    );
    const foreign = await ispAr.json<{ error: { message: string } }>(
      "GET",
      `/api/v1/challenge/entries/${entryBo}`,
    );
    expect(foreign.body.error.message.replace(String(entryBo), "N")).toBe(
      missing.body.error.message.replace("999999", "N"),
    );
    const list = await ispAr.json<{ data: Array<{ id: number }> }>(
      "GET",
      `/api/v1/challenge/cycles/${cycleId}/entries`,
    );
    expect(list.body.data.map((e) => e.id)).toEqual([entryAr]);
  });

  it("keeps an entry's scores from a reviewer with a conflict (country, declared)", async () => {
    await shiftCycle(h.database, cycleId, 40);
    const scores = {
      originality: 3,
      experience: 3,
      applicability: 3,
      replicability: 3,
      development: 3,
      comments: {},
    };
    expect((await chair.json("PUT", `/api/v1/review/entries/${entryAr}/score`, scores)).status).toBe(200);
    // member is from AR and the cycle treats the same country as a conflict.
    expect((await member.json("GET", `/api/v1/review/entries/${entryAr}/scores`)).status).toBe(404);
    expect((await member.json("PUT", `/api/v1/review/entries/${entryAr}/score`, scores)).status).toBe(404);
    expect((await member.json("GET", `/api/v1/challenge/entries/${entryAr}/report`)).status).toBe(404);
    // A declared conflict withdraws the declarer's score and hides the entry.
    expect((await member.json("PUT", `/api/v1/review/entries/${entryBo}/score`, scores)).status).toBe(200);
    expect(
      (await member.json("POST", `/api/v1/review/entries/${entryBo}/conflict`, { note: "former employer" }))
        .status,
    ).toBe(200);
    expect((await member.json("GET", `/api/v1/review/entries/${entryBo}/scores`)).status).toBe(404);
    const seen = await chair.json<{ data: { count: number } }>(
      "GET",
      `/api/v1/review/entries/${entryBo}/scores`,
    );
    expect(seen.body.data.count).toBe(0);
  });

  it("refuses unknown body fields with 400", async () => {
    const cases: Array<[Client, string, string, unknown]> = [
      [
        admin,
        "POST",
        "/api/v1/admin/users",
        { email: "z@example.net", role: "isp", organisations: [ORG_AR], password: "x" },
      ],
      [
        ispAr,
        "POST",
        `/api/v1/challenge/entries/${entryAr}/services`,
        { kind: "web", host: "b.example", organisationId: ORG_BO },
      ],
      [
        chair,
        "PUT",
        `/api/v1/review/entries/${entryBo}/score`,
        {
          originality: 5,
          experience: 5,
          applicability: 5,
          replicability: 5,
          development: 5,
          comments: {},
          isWinner: true,
        },
      ],
      [chair, "PUT", `/api/v1/review/entries/${entryBo}/outcome`, { outcome: "winner", isWinner: true }],
      [
        h.anonymous(),
        "POST",
        "/api/v1/auth/sign-in",
        { email: "noc@isp-ar.example", password: PASSWORD, role: "admin" },
      ],
      [
        ispAr,
        "POST",
        "/api/v1/challenge/entries",
        {
          cycleId,
          organisationId: ORG_AR,
          asns: [64496],
          contacts: [{ name: "a", email: "a@b.cd" }],
          services: [{ kind: "web", host: "a.example" }],
          role: "admin",
        },
      ],
    ];
    for (const [who, method, url, body] of cases) {
      const res = await who.json<{ error: { code: string; message: string } }>(method, url, body);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe("BAD_REQUEST");
    }
  });

  it("refuses cross-site and token-less state-changing requests with 403", async () => {
    const url = `/api/v1/review/entries/${entryBo}/comments`;
    const body = { body: "hello" };
    const evilOrigin = await chair.request("POST", url, body, { origin: "https://evil.example" });
    expect(evilOrigin.status).toBe(403);
    const crossSite = await chair.request("POST", url, body, {
      "sec-fetch-site": "cross-site",
      origin: ORIGIN,
    });
    expect(crossSite.status).toBe(403);
    const noToken = await chair.request("POST", url, body, { "x-csrf-token": "" });
    expect(noToken.status).toBe(403);
    const otherToken = await chair.request("POST", url, body, { "x-csrf-token": member.csrf });
    expect(otherToken.status).toBe(403);
    // Sign-in itself (no session yet) is refused cross-site too: no login CSRF.
    const login = await h.app.request(`${ORIGIN}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ email: "noc@isp-ar.example", password: PASSWORD }),
    });
    expect(login.status).toBe(403);
    expect((await chair.request("POST", url, body)).status).toBe(201);
  });

  it("sets the session cookie __Host-, HttpOnly, Secure, SameSite=Lax; sign-out kills the session", async () => {
    const res = await h.app.request(`${ORIGIN}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: "noc@isp-bo.example", password: PASSWORD }),
    });
    const set = res.headers.getSetCookie().join("\n");
    expect(set).toMatch(/^__Host-atalaya-session=[\w-]{40,}; /);
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Domain=/);
    const cookie = sessionCookie(res);
    const csrf = ((await res.json()) as { data: { csrfToken: string } }).data.csrfToken;
    const headers = { cookie, origin: ORIGIN, "x-csrf-token": csrf };
    expect((await h.app.request(`${ORIGIN}/api/v1/auth/session`, { headers })).status).toBe(200);
    const out = await h.app.request(`${ORIGIN}/api/v1/auth/sign-out`, { method: "POST", headers });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join("\n")).toMatch(/__Host-atalaya-session=; Max-Age=0/);
    const after = await h.app.request(`${ORIGIN}/api/v1/auth/session`, { headers });
    expect(await after.json()).toEqual({ data: null });
    // Over plain HTTP on a non-loopback name the prefix (which requires Secure) is dropped.
    const plain = await h.app.request("http://atalaya.lan/api/v1/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "noc@isp-bo.example", password: PASSWORD }),
    });
    const plainSet = plain.headers.getSetCookie().join("\n");
    expect(plainSet).toMatch(/^atalaya-session=/);
    expect(plainSet).not.toMatch(/Secure/);
  });

  it("throttles failed sign-ins with 429 and Retry-After", async () => {
    const attempt = (password: string) =>
      h.app.request(`${ORIGIN}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email: "member@flip6.example", password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong guess ${i}`)).status).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("lets an ISP upload self-reported traffic for its own networks only", async () => {
    const csv = "date,ipv4_bytes,ipv6_bytes\n2026-10-01,800,200\n2026-10-02,700,300\n";
    const own = await ispAr.request("POST", "/api/v1/asns/AS64497/self-reported", csv, {
      "content-type": "text/csv",
    });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ data: { status: "succeeded", days: 2, cc: "AR" } });
    const foreign = await ispAr.request("POST", "/api/v1/asns/65548/self-reported", csv, {
      "content-type": "text/csv",
    });
    expect(foreign.status).toBe(403);
    const bad = await ispBo.request(
      "POST",
      "/api/v1/asns/65548/self-reported",
      "date,ipv4_bytes,ipv6_bytes\n2026-10-01,ten,2\n",
      {
        "content-type": "text/csv",
      },
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /AS65548-traffic\.csv:2/,
    );
    const standing = await h.app.request(`${ORIGIN}/api/v1/asns/64497`);
    expect(JSON.stringify(await standing.json())).toContain("self-reported");
  });

  it("sends a Content-Security-Policy and the other security headers", async () => {
    const res = await h.app.request(`${ORIGIN}/api/health`);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("refuses to change audit rows, and detects a row changed behind the trigger's back", async () => {
    // drizzle wraps the database error; the trigger's message is in its cause.
    const failure = async (query: Promise<unknown>) =>
      query.then(
        () => "no error",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(
      await failure(h.database.db.execute(sql`update audit_log set action = 'nothing' where id = 1`)),
    ).toMatch(/append-only/);
    expect(await failure(h.database.db.execute(sql`delete from audit_log where id = 1`))).toMatch(
      /append-only/,
    );
    expect((await verifyAuditLog(h.database)).problems).toEqual([]);
    await h.database.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await h.database.db.execute(
      sql`update ${auditLog} set detail = '{"scores":{"originality":5}}' where action = 'score.submit'`,
    );
    const changed = await verifyAuditLog(h.database);
    expect(changed.problems.map((p) => p.problem)).toContain("content does not match its hash");
    await h.database.db.execute(sql`delete from audit_log where id = 2`);
    const removed = await verifyAuditLog(h.database);
    expect(removed.problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining(["row 2 missing", "prev_hash does not match the previous row's hash"]),
    );
    await h.database.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    const api = await admin.json<{ chain: { intact: boolean } }>("GET", "/api/v1/admin/audit");
    expect(api.body.chain.intact).toBe(false);
  });

  it("logs a request path with control characters escaped, on one line", async () => {
    const before = h.logLines.length;
    // A raw NUL, a forged line and a terminal escape, percent-encoded as a client may send them.
    const res = await h
      .anonymous()
      .request("GET", "/api/v1/countries/%00%0a2026-01-01T00:00:00Z%20error%20forged%1b[2J");
    expect(res.status).toBe(400);
    const lines = h.logLines.slice(before).filter((l) => l.includes(" request "));
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.endsWith("\n")).toBe(true);
    expect(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(line.slice(0, -1)), line).toBe(false);
    expect(line).toContain('path="/api/v1/countries/\\x00\\n2026-01-01T00:00:00Z error forged\\x1b[2J"');
  });

  it("never writes a password, session id or token to the log", async () => {
    const secrets = [
      PASSWORD,
      ...[admin, ispAr, ispBo, member, chair].flatMap((c) => [c.cookie.split("=")[1] as string, c.csrf]),
    ];
    expect(h.logLines.length).toBeGreaterThan(20);
    for (const line of h.logLines)
      for (const secret of secrets) expect(line.includes(secret), line).toBe(false);
  });
});
