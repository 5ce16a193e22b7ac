/**
 * An IPv6 Challenge entry from registration to release through the API, on each database:
 * accounts from invitations, a cycle, an entry with services checked against local servers, a
 * report, conflicts, hidden scores, the chair's table and marks, release, public results, and
 * the audit chain. Also the Jim Bound nominate → vote → decide → release path.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyAuditLog } from "@atalaya/audit";
import { runDueChecks } from "@atalaya/committee";
import type { CheckSettings } from "@atalaya/service-checks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addCommittee,
  type Client,
  type Harness,
  ORG_AR,
  ORG_BO,
  openCalendar,
  openHarness,
  shiftCycle,
} from "../helpers/committee";
import { targets } from "../helpers/databases";
import { type LocalDns, startLocalDns } from "../helpers/dns-server";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

let dns: LocalDns;
let web: http.Server;
let webPort: number;

beforeAll(async () => {
  dns = await startLocalDns();
  web = http.createServer((_req, res) => res.end("<h1>Hola IPv6</h1>"));
  await new Promise<void>((r) => web.listen({ host: "::", port: 0, ipv6Only: false }, r));
  webPort = (web.address() as AddressInfo).port;
  dns.records.set("www.isp-ar.example", { A: ["127.0.0.1"], AAAA: ["::1"] });
  dns.records.set("legacy.isp-ar.example", { A: ["127.0.0.1"] });
});
afterAll(async () => {
  await dns?.close();
  await new Promise((r) => web?.close(r));
});

describe.each(targets)("Challenge and Jim Bound decisions on $name", (target) => {
  let h: Harness;
  let admin: Client;
  let isp: Client;
  let chair: Client;
  let member: Client;
  let conflicted: Client;
  let cycleId: number;
  let entryId: number;
  let settings: CheckSettings;

  beforeAll(async () => {
    settings = {
      resolvers: [`127.0.0.1:${dns.port}`],
      timeoutMs: 2000,
      ports: { http: webPort, https: webPort, smtp: 25, dns: dns.port },
    };
    h = await openHarness(target, { checkSettings: settings, reportMaxBytes: 64 * 1024 });
    admin = await h.addUser({ email: "admin@atalaya.example", role: "admin" });
  });
  afterAll(async () => h?.dispose());

  it("lets an admin invite accounts; an invitation sets a password once", async () => {
    const created = await admin.json<{ data: { invitationUrl: string; account: { role: string } } }>(
      "POST",
      "/api/v1/admin/users",
      { email: "Noc@ISP-AR.example", role: "isp", organisations: [ORG_AR], displayName: "NOC AR" },
    );
    expect(created.status).toBe(201);
    expect(created.body.data.account).toMatchObject({
      role: "isp",
      email: "noc@isp-ar.example",
      organisations: [ORG_AR],
    });
    const token = new URL(created.body.data.invitationUrl).hash.replace("#token=", "");
    expect(created.body.data.invitationUrl).toMatch(/^http:\/\/localhost\/sign-in\/invitation#token=/);
    const anonymous = h.anonymous();
    const short = await anonymous.json("POST", "/api/v1/auth/accept-invitation", {
      token,
      password: "short",
    });
    expect(short.status).toBe(400);
    const accepted = await anonymous.request("POST", "/api/v1/auth/accept-invitation", {
      token,
      password: "a long enough passphrase",
    });
    expect(accepted.status).toBe(200);
    const again = await anonymous.json("POST", "/api/v1/auth/accept-invitation", {
      token,
      password: "a long enough passphrase",
    });
    expect(again.status).toBe(404);
    const list = await admin.json<{ data: Array<{ email: string; hasPassword: boolean }> }>(
      "GET",
      "/api/v1/admin/users",
    );
    expect(list.body.data.find((u) => u.email === "noc@isp-ar.example")?.hasPassword).toBe(true);
  });

  it("creates a cycle and refuses a calendar out of order", async () => {
    isp = await h.addUser({ email: "isp@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    ({ chair, member, conflicted } = await addCommittee(h));
    const bad = await admin.json<{ error: { message: string } }>("POST", "/api/v1/admin/challenge-cycles", {
      ...openCalendar("Broken"),
      releaseAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("releaseAt must not be before reviewEndsAt");
    const made = await admin.json<{ data: { id: number; phase: string; windowDays: number } }>(
      "POST",
      "/api/v1/admin/challenge-cycles",
      openCalendar("IPv6 Challenge 2027"),
    );
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({ phase: "registration", windowDays: 30 });
    cycleId = made.body.data.id;
    const publicList = await h
      .anonymous()
      .json<{ data: Array<{ name: string }> }>("GET", "/api/v1/challenge/cycles");
    expect(publicList.body.data.map((c) => c.name)).toEqual(["IPv6 Challenge 2027"]);
  });

  it("registers the ISP's entry with its own ASNs only", async () => {
    const base = {
      cycleId,
      organisationId: ORG_AR,
      contacts: [{ name: "Ana", email: "ana@isp-ar.example" }],
      services: [
        { kind: "web", host: `http://www.isp-ar.example:${webPort}/` },
        { kind: "other", host: "legacy.isp-ar.example" },
      ],
    };
    const foreign = await isp.json<{ error: { message: string } }>("POST", "/api/v1/challenge/entries", {
      ...base,
      asns: [64496, 64500],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toBe(`asns: AS64500 not held by ${ORG_AR}`);
    const made = await isp.json<{
      data: { id: number; asns: number[]; cc: string; services: unknown[]; access: string };
    }>("POST", "/api/v1/challenge/entries", { ...base, asns: [64497, 64496] });
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({ asns: [64496, 64497], cc: "AR", access: "owner" });
    entryId = made.body.data.id;
    const twice = await isp.json("POST", "/api/v1/challenge/entries", { ...base, asns: [64496] });
    expect(twice.status).toBe(409);
  });

  it("checks the services over IPv6 on demand during the window and keeps the timeline", async () => {
    await shiftCycle(h.database, cycleId, 3); // the deployment window is open
    const run = await isp.json<{ data: { results: number } }>(
      "POST",
      `/api/v1/challenge/entries/${entryId}/checks`,
    );
    expect(run.status).toBe(200);
    const timeline = await isp.json<{ data: Array<{ host: string; check: string; outcome: string }> }>(
      "GET",
      `/api/v1/challenge/entries/${entryId}/checks`,
    );
    const summary = timeline.body.data
      .map((r) => `${r.host.replace(/:\d+/, ":PORT")} ${r.check} ${r.outcome}`)
      .sort();
    expect(summary).toEqual([
      "http://www.isp-ar.example:PORT/ aaaa pass",
      "http://www.isp-ar.example:PORT/ http6 pass",
      "http://www.isp-ar.example:PORT/ same-answer pass",
      "http://www.isp-ar.example:PORT/ tcp6 pass",
      "legacy.isp-ar.example aaaa fail",
    ]);
    expect(run.body.data.results).toBe(5);
    // The server's schedule runs the same checks for every entry whose window is open now.
    const scheduled = await runDueChecks(h.database, settings);
    expect(scheduled).toEqual({ entries: 1, results: 5 });
    const outside = await runDueChecks(h.database, settings, new Date(Date.now() + 40 * 86_400_000));
    expect(outside).toEqual({ entries: 0, results: 0 });
  });

  it("takes a Markdown or PDF report, refusing other types and sizes, and refuses it after the deadline", async () => {
    const upload = (name: string, bytes: string) => {
      const form = new FormData();
      form.append("file", new File([bytes], name));
      return isp.json<{
        data?: { bytes: number; mediaType: string };
        error?: { code: string; message: string };
      }>("PUT", `/api/v1/challenge/entries/${entryId}/report`, form);
    };
    const exe = await upload("report.exe", "MZ...");
    expect(exe.status).toBe(415);
    const fakePdf = await upload("report.pdf", "not a pdf");
    expect(fakePdf.status).toBe(415);
    expect(fakePdf.body.error?.message).toBe("report.pdf does not start like a PDF file (%PDF-)");
    const huge = await upload("report.md", "x".repeat(65 * 1024));
    expect(huge.status).toBe(413);
    const ok = await upload("final-report.md", "# Our IPv6 month\n\nWe enabled IPv6 on the web site.\n");
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ mediaType: "text/markdown; charset=utf-8", bytes: 51 });
    const pdf = await upload("final-report.pdf", "%PDF-1.7\n%fake but well-formed header\n");
    expect(pdf.status).toBe(200);
    await shiftCycle(h.database, cycleId, 30); // past the report deadline
    const late = await upload("final-report.md", "# late\n");
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toMatch(
      /^the report deadline of IPv6 Challenge 2027 was .*; uploads are closed$/,
    );
    const download = await member.request("GET", `/api/v1/challenge/entries/${entryId}/report`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect((await download.text()).startsWith("%PDF-1.7")).toBe(true);
  });

  it("keeps other reviewers' scores hidden until one submits one's own", async () => {
    const scores = { originality: 4, experience: 5, applicability: 3, replicability: 4, development: 5 };
    expect(
      (
        await chair.json("PUT", `/api/v1/review/entries/${entryId}/score`, {
          ...scores,
          comments: { overall: "solid" },
        })
      ).status,
    ).toBe(200);
    const before = await member.json<{ data: { othersHidden: boolean; others: unknown[]; count: number } }>(
      "GET",
      `/api/v1/review/entries/${entryId}/scores`,
    );
    expect(before.body.data).toMatchObject({ othersHidden: true, others: [], count: 1 });
    const bad = await member.json("PUT", `/api/v1/review/entries/${entryId}/score`, {
      ...scores,
      development: 6,
      comments: {},
    });
    expect(bad.status).toBe(400);
    await member.json("PUT", `/api/v1/review/entries/${entryId}/score`, {
      ...scores,
      originality: 2,
      comments: {},
    });
    const after = await member.json<{
      data: { othersHidden: boolean; others: Array<{ reviewer: string; total: number }> };
    }>("GET", `/api/v1/review/entries/${entryId}/scores`);
    expect(after.body.data.othersHidden).toBe(false);
    expect(after.body.data.others).toMatchObject([{ reviewer: "chair@flip6.example", total: 21 }]);
  });

  it("hides the entry from a reviewer of the same organisation", async () => {
    expect((await conflicted.json("GET", `/api/v1/challenge/entries/${entryId}`)).status).toBe(404);
    expect((await conflicted.json("GET", `/api/v1/review/entries/${entryId}/scores`)).status).toBe(404);
    const list = await conflicted.json<{ data: unknown[] }>(
      "GET",
      `/api/v1/challenge/cycles/${cycleId}/entries`,
    );
    expect(list.body.data).toEqual([]);
  });

  it("gives the chair the table, the discussion and the marks; nothing leaks before release", async () => {
    await chair.json("POST", `/api/v1/review/entries/${entryId}/comments`, {
      body: "Strong web deployment; mail missing.",
    });
    const thread = await member.json<{ data: Array<{ author: string; body: string }> }>(
      "GET",
      `/api/v1/review/entries/${entryId}/comments`,
    );
    expect(thread.body.data).toMatchObject([
      { author: "chair@flip6.example", body: "Strong web deployment; mail missing." },
    ]);
    expect((await member.json("GET", `/api/v1/review/cycles/${cycleId}/table`)).status).toBe(403);
    expect(
      (await member.json("PUT", `/api/v1/review/entries/${entryId}/outcome`, { outcome: "winner" })).status,
    ).toBe(403);
    expect(
      (await chair.json("PUT", `/api/v1/review/entries/${entryId}/outcome`, { outcome: "winner" })).status,
    ).toBe(200);
    const table = await chair.json<{
      data: Array<{ reviews: number; total: number; outcome: string; means: { originality: number } }>;
    }>("GET", `/api/v1/review/cycles/${cycleId}/table`);
    expect(table.body.data).toMatchObject([
      { reviews: 2, total: 20, outcome: "winner", means: { originality: 3 } },
    ]);
    // Before release: the ISP's own entry says nothing about scores or outcome; results do not exist.
    const own = await isp.json<{ data: Record<string, unknown> }>(
      "GET",
      `/api/v1/challenge/entries/${entryId}`,
    );
    expect(Object.keys(own.body.data)).not.toContain("outcome");
    expect(JSON.stringify(own.body)).not.toMatch(/winner|originality/);
    expect((await isp.json("GET", `/api/v1/review/entries/${entryId}/scores`)).status).toBe(403);
    expect((await h.anonymous().json("GET", `/api/v1/results/challenge/${cycleId}`)).status).toBe(404);
    const early = await chair.json<{ error: { message: string } }>(
      "POST",
      `/api/v1/challenge/cycles/${cycleId}/release`,
    );
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/cannot be released before its release date/);
  });

  it("releases on the release date and publishes the results", async () => {
    await shiftCycle(h.database, cycleId, 20);
    expect((await chair.json("POST", `/api/v1/challenge/cycles/${cycleId}/release`)).status).toBe(200);
    const results = await h
      .anonymous()
      .json<{ data: { entries: Array<Record<string, unknown>> } }>(
        "GET",
        `/api/v1/results/challenge/${cycleId}`,
      );
    expect(results.status).toBe(200);
    expect(results.body.data.entries).toMatchObject([
      { organisationId: ORG_AR, outcome: "winner", reviews: 2, total: 20, checks: { passed: 8, total: 10 } },
    ]);
    const index = await h
      .anonymous()
      .json<{ data: { challenge: Array<{ name: string }> } }>("GET", "/api/v1/results");
    expect(index.body.data.challenge.map((c) => c.name)).toEqual(["IPv6 Challenge 2027"]);
    expect(
      (
        await member.json("PUT", `/api/v1/review/entries/${entryId}/score`, {
          originality: 1,
          experience: 1,
          applicability: 1,
          replicability: 1,
          development: 1,
          comments: {},
        })
      ).status,
    ).toBe(409);
  });

  it("nominates from the board, votes, decides with frozen evidence, and releases Jim Bound results", async () => {
    const nominated = await chair.json<{ data: { id: number } }>(
      "POST",
      "/api/v1/committee/jim-bound/cycles/1/nominations",
      {
        kind: "organisation",
        id: ORG_BO,
      },
    );
    expect(nominated.status).toBe(201);
    const id = nominated.body.data.id;
    expect(
      (await conflicted.json("PUT", `/api/v1/committee/jim-bound/nominations/${id}/vote`, { vote: "yes" }))
        .status,
    ).toBe(200);
    expect(
      (
        await member.json("PUT", `/api/v1/committee/jim-bound/nominations/${id}/vote`, {
          vote: "no",
          comment: "borderline",
        })
      ).status,
    ).toBe(200);
    expect(
      (await isp.json("PUT", `/api/v1/committee/jim-bound/nominations/${id}/vote`, { vote: "yes" })).status,
    ).toBe(403);
    const list = await member.json<{
      data: { nominations: Array<{ evidence: Record<string, unknown>; votes: unknown; myVote: string }> };
    }>("GET", "/api/v1/committee/jim-bound/cycles/1/nominations");
    const [n] = list.body.data.nominations;
    expect(n?.votes).toEqual({ yes: 1, no: 1, abstain: 0 });
    expect(n?.myVote).toBe("no");
    expect(n?.evidence).toMatchObject({ methodVersion: "jim-bound/2", organisationId: ORG_BO, demo: true });
    expect(((n?.evidence.ingestRuns ?? []) as unknown[]).length).toBeGreaterThan(3);
    expect((await h.anonymous().json("GET", "/api/v1/results/jim-bound/1")).status).toBe(404);
    expect((await chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/release")).status).toBe(409);
    const decided = await chair.json("POST", `/api/v1/committee/jim-bound/nominations/${id}/decision`, {
      outcome: "awarded",
      note: "above the line on every source",
    });
    expect(decided.status).toBe(200);
    expect((await chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/release")).status).toBe(200);
    const published = await h.anonymous().json<{
      data: {
        awarded: Array<{
          subjectId: string;
          evidence: { values: unknown; ingestRuns: Array<{ location: string }> };
        }>;
      };
    }>("GET", "/api/v1/results/jim-bound/1");
    expect(published.body.data.awarded).toMatchObject([
      { subjectId: ORG_BO, evidence: { values: expect.any(Object) } },
    ]);
    // The demo was loaded from files: published evidence names them, not the server's paths.
    const locations = published.body.data.awarded.flatMap((a) =>
      a.evidence.ingestRuns.map((r) => r.location),
    );
    expect(locations.length).toBeGreaterThan(3);
    for (const location of locations) expect(location).not.toContain("/");
  });

  it("answers every signed-in GET as its OpenAPI document says", async () => {
    const doc = (await (await h.app.request("/api/openapi.json")).json()) as Parameters<
      typeof responseSchema
    >[0];
    const calls: Array<[Client, string, string]> = [
      [admin, "/api/v1/admin/users", "/api/v1/admin/users"],
      [admin, "/api/v1/admin/audit", "/api/v1/admin/audit"],
      [isp, "/api/v1/auth/session", "/api/v1/auth/session"],
      [isp, `/api/v1/challenge/entries/${entryId}`, "/api/v1/challenge/entries/{id}"],
      [isp, `/api/v1/challenge/entries/${entryId}/checks`, "/api/v1/challenge/entries/{id}/checks"],
      [isp, `/api/v1/challenge/cycles/${cycleId}/entries`, "/api/v1/challenge/cycles/{id}/entries"],
      [member, `/api/v1/review/entries/${entryId}/scores`, "/api/v1/review/entries/{id}/scores"],
      [member, `/api/v1/review/entries/${entryId}/comments`, "/api/v1/review/entries/{id}/comments"],
      [chair, `/api/v1/review/cycles/${cycleId}/table`, "/api/v1/review/cycles/{id}/table"],
      [
        member,
        "/api/v1/committee/jim-bound/cycles/1/nominations",
        "/api/v1/committee/jim-bound/cycles/{id}/nominations",
      ],
      [isp, "/api/v1/challenge/cycles", "/api/v1/challenge/cycles"],
      [isp, "/api/v1/awards/cycles", "/api/v1/awards/cycles"],
      [isp, "/api/v1/results", "/api/v1/results"],
      [isp, `/api/v1/results/challenge/${cycleId}`, "/api/v1/results/challenge/{id}"],
      [isp, "/api/v1/results/jim-bound/1", "/api/v1/results/jim-bound/{id}"],
    ];
    for (const [who, url, template] of calls) {
      const res = await who.request("GET", url);
      expect(res.status, url).toBe(200);
      expect(conformanceProblems(doc, responseSchema(doc, template), await res.json()), url).toEqual([]);
    }
  });

  it("records everything in an intact audit chain", async () => {
    const audit = await admin.json<{
      data: Array<{ action: string }>;
      chain: { intact: boolean; rows: number };
    }>("GET", "/api/v1/admin/audit?limit=1000");
    expect(audit.body.chain.intact).toBe(true);
    const actions = new Set(audit.body.data.map((r) => r.action));
    for (const action of [
      "user.create",
      "cycle.create",
      "entry.register",
      "report.upload",
      "score.submit",
      "outcome.set",
      "cycle.release",
      "jim-bound.nominate",
      "jim-bound.vote",
      "jim-bound.decide",
      "jim-bound.release",
    ])
      expect(actions, action).toContain(action);
    expect((await verifyAuditLog(h.database)).problems).toEqual([]);
  });
});
