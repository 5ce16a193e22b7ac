/**
 * The per-organisation monthly report over the demo dataset (measurements to 2026-10-31): the
 * JSON against the organisation's own page, the month checks, the PDF read back as text by
 * poppler's pdftotext in Spanish and Portuguese, what of the Challenge may show, and the e-mail.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createUser } from "@atalaya/accounts";
import { createApp, type MonthlyReport, monthlyReportMessage } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import {
  challengeCycles,
  challengeEntries,
  type Database,
  entryOutcomes,
  organisations,
  reviewScores,
} from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

const ORG = "lacnic:900001";
const OTHER = "lacnic:900016";
// Accents the PDF's standard font must carry (ç ã é ñ), in the organisation's own name.
const NAME = "Telecomunicações Señal Andina é Cía";
const PRIVATE_NOTE = "a reviewer's private note";

type Report = { data: MonthlyReport; meta: { demo: boolean } };

/** Poppler's pdftotext (Debian poppler-utils): skipped without it, except in CI, where .ci/run installs it. */
const pdftotext = (() => {
  const found = spawnSync("pdftotext", ["-v"]).error === undefined;
  if (!found && process.env.CI) throw new Error("no pdftotext (apt-get install poppler-utils)");
  if (!found) console.warn("skipping the PDF text checks: no pdftotext (apt-get install poppler-utils)");
  return found;
})();

/** The PDF's text as poppler reads it. */
function pdfText(pdf: ArrayBuffer): string {
  const file = path.join(tempDir("atalaya-report-"), "report.pdf");
  writeFileSync(file, new Uint8Array(pdf));
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

/** A released cycle (or not) with entries of ORG and OTHER, scored by one reviewer. */
async function challengeCycle(
  database: Database,
  name: string,
  releasedAt: Date | null,
  reviewer: number,
  scores: { org: number; other: number },
) {
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const [cycle] = await database.db
    .insert(challengeCycles)
    .values({
      name,
      registrationOpensAt: day("2026-01-01"),
      registrationClosesAt: day("2026-02-01"),
      windowStartsAt: day("2026-02-01"),
      reportDeadlineAt: day("2026-03-01"),
      reviewEndsAt: day("2026-04-01"),
      releaseAt: day("2026-05-01"),
      releasedAt,
    })
    .returning();
  const cycleId = cycle?.id as number;
  for (const [organisationId, score] of [
    [ORG, scores.org],
    [OTHER, scores.other],
  ] as const) {
    const [entry] = await database.db
      .insert(challengeEntries)
      .values({ cycleId, organisationId, name: organisationId, cc: "AR", contacts: [], createdBy: reviewer })
      .returning();
    await database.db.insert(reviewScores).values({
      entryId: entry?.id as number,
      reviewerId: reviewer,
      originality: score,
      experience: score,
      applicability: score,
      replicability: score,
      development: score,
      comments: { originality: PRIVATE_NOTE },
      submittedAt: day("2026-03-15"),
    });
    if (organisationId === ORG && releasedAt)
      await database.db.insert(entryOutcomes).values({
        entryId: entry?.id as number,
        outcome: "finalist",
        decidedBy: reviewer,
        decidedAt: new Date("2026-04-15T00:00:00Z"),
      });
  }
}

describe.each(targets)("monthly report on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const get = async (url: string) => app.request(url);
  const report = async (url: string) => (await (await get(url)).json()) as Report;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    await database.db
      .update(organisations)
      .set({ name: NAME })
      .where(and(eq(organisations.registry, "lacnic"), eq(organisations.holderId, "900001")));
    const { account } = await createUser(
      database,
      { email: "chair@example.org", role: "committee", isChair: true },
      null,
    );
    // Released in June (shown from then on), released in November (after October's end), not released.
    await challengeCycle(database, "Challenge 2026-A", new Date("2026-06-01T00:00:00Z"), account.id, {
      org: 4,
      other: 5,
    });
    await challengeCycle(database, "Challenge 2026-B", new Date("2026-11-15T00:00:00Z"), account.id, {
      org: 5,
      other: 3,
    });
    await challengeCycle(database, "Challenge 2027", null, account.id, { org: 5, other: 1 });
    app = createApp({ database, log: silentLogger });
  });
  afterAll(async () => dispose?.());

  it("reports the month's end as the organisation's page evaluates that day, against the month before", async () => {
    const res = await get(`/api/v1/organisations/${ORG}/reports/2026-10?lang=es`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Report;
    const doc = await (await get("/api/openapi.json")).json();
    expect(
      conformanceProblems(doc, responseSchema(doc, "/api/v1/organisations/{id}/reports/{month}"), body),
    ).toEqual([]);
    const r = body.data;
    expect(body.meta.demo).toBe(true);
    expect(r).toMatchObject({
      month: "2026-10",
      language: "es",
      period: { start: "2026-10-01", end: "2026-10-31" },
      months: { last: "2026-10" },
      organisation: { id: ORG, name: NAME, cc: "AR", economy: "Argentina" },
      links: {
        page: "/org/lacnic:900001/report/2026-10",
        pdf: "/api/v1/organisations/lacnic:900001/reports/2026-10.pdf?lang=es",
      },
    });
    expect(r.organisation.asns.map((a) => a.asn)).toEqual([64496, 64497, 64498, 64499]);

    // The same standing, ranks, routing and fixes as the organisation's page on that day.
    const page = (await (await get(`/api/v1/organisations/${ORG}?date=2026-10-31`)).json()) as {
      data: { standing: MonthlyReport["standing"]; routing: MonthlyReport["routing"] };
    };
    const { series: pageSeries, ...pageStanding } = page.data.standing;
    const { series, ...standing } = r.standing;
    expect(standing).toEqual(pageStanding);
    expect(series).toEqual(pageSeries.filter((d) => d.date >= "2026-10-01"));
    expect(series).toHaveLength(31);
    const { announced: _a, ...pageRouting } = page.data.routing as typeof page.data.routing & {
      announced: unknown;
    };
    expect(r.routing).toEqual(pageRouting);
    expect(r.standing.rankInCountry?.rank).toBeGreaterThan(0);

    // The end of September, as the page evaluates it on that day.
    const september = (await (await get(`/api/v1/organisations/${ORG}?date=2026-09-30`)).json()) as {
      data: { standing: MonthlyReport["standing"] };
    };
    const before = september.data.standing.metrics.preferred;
    expect(r.previous).toEqual({
      evaluationDate: "2026-09-30",
      state: before.state,
      share: before.share,
      lo: before.lo,
      hi: before.hi,
      samples: before.samples,
      days: before.days,
    });
    expect(r.change.share).toBeCloseTo(
      (r.standing.metrics.preferred.share as number) - (before.share as number),
      12,
    );

    // Weeks of seven days from the 1st; the month pooled is their sum.
    expect(r.trend.weekly.map((w) => [w.start, w.end])).toEqual([
      ["2026-10-01", "2026-10-07"],
      ["2026-10-08", "2026-10-14"],
      ["2026-10-15", "2026-10-21"],
      ["2026-10-22", "2026-10-28"],
      ["2026-10-29", "2026-10-31"],
    ]);
    const samples = series.reduce((n, d) => n + d.samples, 0);
    const hits = series.reduce((n, d) => n + d.preferred, 0);
    expect(r.trend.month).toEqual({ share: hits / samples, samples, days: 31 });
    expect(r.trend.weekly.reduce((n, w) => n + w.samples, 0)).toBe(samples);

    expect(r.summary[0]).toContain("prefiere IPv6");
    // Eligible, every route valid, all its IPv6 announced: only the demo's ROA about to expire.
    expect(r.standing.metrics.preferred.state).toBe("eligible");
    expect(r.fixes.map((f) => [f.problem, f.family, f.prefixes, f.total])).toEqual([
      ["roa-expiring", "ipv4", ["10.5.128.0/18"], 1],
    ]);
    expect(r.summary.at(-1)).toBe("Próxima corrección: ROA que vencen en 14 días o menos");
  });

  it("lists what to fix most urgent first: invalid routes, unannounced space, missing ROAs, then the share", async () => {
    // A demo organisation with an RPKI-invalid IPv4 route, no IPv6 route and a share below the line.
    const { data } = await report(`/api/v1/organisations/lacnic:900084/reports/2026-10?lang=pt`);
    expect(data.fixes.map((f) => [f.family, f.problem])).toEqual([
      ["ipv4", "invalid-as"],
      ["ipv6", "unannounced"],
      ["ipv4", "not-found"],
      [null, "below-threshold"],
    ]);
    // The routing fixes are the organisation page's, in its order, with its prefixes.
    const routing = data.fixes.filter((f) => f.family !== null);
    expect(
      routing.map((f) => ({ family: f.family, problem: f.problem, prefixes: f.prefixes, total: f.total })),
    ).toEqual(
      data.routing.nextSteps.map((s) => ({
        family: s.family,
        problem: s.problem,
        prefixes: s.prefixes,
        total: s.total,
      })),
    );
    expect(data.fixes[0]?.action).toBe(
      "Crie um ROA para este AS de origem, ou anuncie a partir do AS que o ROA nomeia.",
    );
    expect(data.summary.at(-1)).toBe("Próxima correção: inválida segundo a RPKI: o ROA nomeia outro AS");
  });

  it("shows the Challenge only as released by the month's end, without the committee's private notes", async () => {
    const { data } = await report(`/api/v1/organisations/${ORG}/reports/2026-10`);
    expect(data.challenge.results).toEqual([
      {
        cycle: { id: expect.any(Number), name: "Challenge 2026-A", releasedAt: "2026-06-01T00:00:00.000Z" },
        outcome: "finalist",
        place: 1,
        entries: 2,
        reviews: 1,
        total: 20,
        checks: { passed: 0, total: 0 },
      },
    ]);
    const text = JSON.stringify(data);
    expect(text).not.toContain("Challenge 2027");
    expect(text).not.toContain(PRIVATE_NOTE);
    // A month later the November release shows too, newest first.
    const november = await report(`/api/v1/organisations/${OTHER}/reports/2026-10`);
    expect(november.data.challenge.results.map((c) => [c.cycle.name, c.place])).toEqual([
      ["Challenge 2026-A", 2],
    ]);
  });

  it("refuses months that have not ended, that have no measurements, or are not months, naming the field", async () => {
    const cases: Array<[string, number, RegExp]> = [
      ["2099-01", 400, /^month: 2099-01 has not ended yet/],
      ["2020-01", 404, /^month: measurements start on 2025-11-01; the first report is of 2025-11/],
      ["2025-10", 404, /^month: measurements start on/],
      ["2026-11", 404, /^month: the last measurements are of 2026-10-31; the last report is of 2026-10/],
      ["2026-13", 400, /^month: a YYYY-MM calendar month/],
      ["october", 400, /^month: a YYYY-MM calendar month/],
    ];
    for (const [month, status, message] of cases) {
      for (const suffix of ["", ".pdf"]) {
        const res = await get(`/api/v1/organisations/${ORG}/reports/${month}${suffix}`);
        const body = (await res.json()) as { error: { code: string; message: string } };
        // "october.pdf" is no PDF name: the JSON route answers it, about the whole segment.
        expect([`${month}${suffix}`, res.status], body.error.message).toEqual([`${month}${suffix}`, status]);
        if (!(month === "october" && suffix)) expect(body.error.message).toMatch(message);
      }
    }
    const lang = await get(`/api/v1/organisations/${ORG}/reports/2026-10.pdf?lang=fr`);
    expect(lang.status).toBe(400);
    expect(((await lang.json()) as { error: { message: string } }).error.message).toMatch(/^lang: /);
    expect((await get("/api/v1/organisations/lacnic:nobody/reports/2026-10")).status).toBe(404);
    expect((await get("/api/v1/organisations/lacnic:nobody/reports/2026-10.pdf")).status).toBe(404);
  });

  it.skipIf(!pdftotext)(
    "renders the PDF in Spanish and Portuguese with the organisation, its figures and accented headings",
    async () => {
      const es = await report(`/api/v1/organisations/${ORG}/reports/2026-10?lang=es`);
      const res = await get(`/api/v1/organisations/${ORG}/reports/2026-10.pdf?lang=es`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toBe(
        'attachment; filename="atalaya-lacnic-900001-2026-10-es.pdf"',
      );
      const bytes = await res.arrayBuffer();
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
      const text = pdfText(bytes);
      const p = es.data.standing.metrics.preferred;
      const pct = (share: number) => `${(100 * share).toFixed(1).replace(".", ",")} %`;
      for (const expected of [
        "Informe mensual de IPv6",
        `${NAME} · octubre de 2026`,
        "Situación Jim Bound al cierre del mes",
        "Posición",
        "Higiene de enrutamiento y RPKI",
        "Qué corregir primero",
        "Desafío IPv6",
        "Challenge 2026-A: finalista, puesto 1 de 2",
        pct(p.share as number),
        `${pct(p.lo as number)} – ${pct(p.hi as number)}`,
        "AS64496",
      ])
        expect(text, expected).toContain(expected);
      expect(text).not.toContain(PRIVATE_NOTE);

      const pt = pdfText(
        await (await get(`/api/v1/organisations/${ORG}/reports/2026-10.pdf?lang=pt`)).arrayBuffer(),
      );
      for (const expected of [
        "Relatório mensal de IPv6",
        `${NAME} · outubro de 2026`,
        "Situação Jim Bound no fim do mês",
        "Proporção IPv6 ao longo do mês",
        "Higiene de roteamento e RPKI",
        "O que corrigir primeiro",
        "Posição",
      ])
        expect(pt, expected).toContain(expected);
    },
  );

  it("renders the same bytes for the same report, so its ETag holds", async () => {
    const url = `/api/v1/organisations/${ORG}/reports/2026-10.pdf?lang=pt`;
    const first = await get(url);
    const second = await get(url);
    expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(await second.arrayBuffer()))).toBe(true);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/"/);
    expect(second.headers.get("etag")).toBe(etag);
    expect((await app.request(url, { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("documents both operations", async () => {
    const doc = (await (await get("/api/openapi.json")).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    expect(
      Object.keys(
        doc.paths["/api/v1/organisations/{id}/reports/{month}"]?.get?.responses["200"]?.content ?? {},
      ),
    ).toEqual(["application/json"]);
    expect(
      Object.keys(
        doc.paths["/api/v1/organisations/{id}/reports/{month}.pdf"]?.get?.responses["200"]?.content ?? {},
      ),
    ).toEqual(["application/pdf"]);
  });

  it("composes the e-mail in the subscriber's language with the key figures and both links", async () => {
    const { data } = await report(`/api/v1/organisations/${ORG}/reports/2026-10?lang=pt`);
    const mail = monthlyReportMessage({
      report: data,
      baseUrl: "https://atalaya.example.org/",
      unsubscribeUrl: "https://atalaya.example.org/subscriptions/unsubscribe?token=t&x=<1>",
    });
    expect(mail.subject).toBe(`Atalaya: relatório IPv6 de ${NAME} de outubro de 2026`);
    expect(mail.text).toContain(`O relatório IPv6 de ${NAME} de outubro de 2026:`);
    for (const line of data.summary) expect(mail.text).toContain(`- ${line}`);
    expect(mail.text).toContain("Leia on-line: https://atalaya.example.org/org/lacnic:900001/report/2026-10");
    expect(mail.text).toContain(
      "Baixe em PDF: https://atalaya.example.org/api/v1/organisations/lacnic:900001/reports/2026-10.pdf?lang=pt",
    );
    expect(mail.text).toContain("Parar de receber estes e-mails:");
    expect(mail.html).toContain('<html lang="pt">');
    expect(mail.html).toContain("token=t&#38;x=&#60;1&#62;");
    expect(mail.html).not.toContain("<1>");
  });
});
