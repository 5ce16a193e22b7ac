/**
 * The monthly report as a PDF (A4), drawn with pdfkit: headings, tables (pdfkit's own) and the
 * month's daily share as a small vector chart. Text is set in the PDF standard Helvetica, whose
 * WinAnsi encoding covers Spanish and Portuguese (á é í ó ú ñ ç ã õ â ê ô ü ¿ ¡); a character
 * outside it (a holder's name in another script) is written as its base letter or "?".
 *
 * Deterministic: the document's dates are the month's last day, so the same report renders the
 * same bytes (and the same ETag).
 */
import { dayNumber } from "@atalaya/metrics";
import PDFDocument from "pdfkit";
import type { Meta } from "../dataset";
import { type ReportWords, reportWords } from "./messages";
import type { MonthlyReport } from "./schema";

const MARGIN = 50;
const INK = "#1f2933";
const MUTED = "#52606d";
const RULE = "#cbd2d9";
const ACCENT = "#1d4ed8";
const STATE_COLOURS = {
  eligible: "#15803d",
  borderline: "#b45309",
  below: "#475569",
  "insufficient-data": "#6b7280",
} as const;

// The characters WinAnsiEncoding has beyond Latin-1 (0x80–0x9F).
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can show: WinAnsi as it is, anything else by its base letter or "?". */
export function winAnsi(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === "\n") out += ch;
    else {
      const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += /^[\x20-\x7e]+$/.test(base) ? base : "?";
    }
  }
  return out;
}

type Doc = InstanceType<typeof PDFDocument>;

function heading(doc: Doc, text: string) {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).fillColor(INK).text(winAnsi(text));
  doc.moveDown(0.3).font("Helvetica").fontSize(10);
}

function paragraph(doc: Doc, text: string, colour = INK) {
  doc.font("Helvetica").fontSize(10).fillColor(colour).text(winAnsi(text), MARGIN);
}

/** A table with a header row (or none) and right-aligned numeric columns. */
function table(doc: Doc, header: string[] | null, rows: string[][], numeric: number[] = []) {
  const cell = (text: string, i: number, head: boolean) => ({
    text: winAnsi(text),
    align: { x: numeric.includes(i) ? ("right" as const) : ("left" as const), y: "top" as const },
    ...(head ? { font: { src: "Helvetica-Bold" }, backgroundColor: "#f0f4f8", type: "TH" as const } : {}),
  });
  const data = [
    ...(header ? [header.map((h, i) => cell(h, i, true))] : []),
    ...rows.map((r) => r.map((c, i) => cell(c, i, false))),
  ];
  doc.font("Helvetica").fontSize(9).fillColor(INK);
  doc.table({
    position: { x: MARGIN },
    maxWidth: doc.page.width - 2 * MARGIN,
    defaultStyle: { border: 0.5, borderColor: RULE, padding: [3, 5, 3, 5] },
    data,
  });
  doc.x = MARGIN;
  doc.moveDown(0.4);
}

/** The month's daily shares as dots joined by a line, with the award line dashed and a light grid. */
function trendChart(doc: Doc, report: MonthlyReport, words: ReportWords) {
  const days = report.standing.series.filter((d) => d.samples > 0);
  if (days.length === 0) {
    paragraph(doc, words.t("noDaily"), MUTED);
    return;
  }
  const width = doc.page.width - 2 * MARGIN;
  const height = 140;
  if (doc.y + height + 40 > doc.page.height - MARGIN) doc.addPage();
  const left = MARGIN + 40;
  const top = doc.y + 6;
  const plotWidth = width - 40;
  const threshold = report.standing.threshold;
  const highest = Math.max(threshold, ...days.map((d) => d.preferred / d.samples));
  // Gridlines every 10 points (5 below 20%), the top one above the highest value.
  const step = highest > 0.2 ? 0.1 : 0.05;
  const ceiling = Math.min(1, Math.ceil((highest * 1.05) / step) * step);
  const lastDay = Number(report.period.end.slice(8, 10));
  const x = (date: string) => left + ((Number(date.slice(8, 10)) - 1) / Math.max(1, lastDay - 1)) * plotWidth;
  const y = (share: number) => top + height - (share / ceiling) * height;

  doc.save().lineWidth(0.5).strokeColor(RULE).font("Helvetica").fontSize(8).fillColor(MUTED);
  for (let v = 0; v <= ceiling + 1e-9; v += step) {
    doc
      .moveTo(left, y(v))
      .lineTo(left + plotWidth, y(v))
      .stroke();
    doc.text(winAnsi(words.percent(v)), MARGIN, y(v) - 3, { width: 36, align: "right", lineBreak: false });
  }
  for (const day of [1, 8, 15, 22, 29].filter((d) => d <= lastDay)) {
    const date = `${report.month}-${String(day).padStart(2, "0")}`;
    doc.text(String(day), x(date) - 10, top + height + 4, { width: 20, align: "center", lineBreak: false });
  }
  doc.restore();

  doc.save().lineWidth(1).strokeColor(STATE_COLOURS.borderline).dash(4, { space: 3 });
  doc
    .moveTo(left, y(threshold))
    .lineTo(left + plotWidth, y(threshold))
    .stroke();
  doc.undash().restore();

  doc.save().lineWidth(1.2).strokeColor(ACCENT);
  days.forEach((d, i) => {
    const px = x(d.date);
    const py = y(d.preferred / d.samples);
    if (i === 0) doc.moveTo(px, py);
    else doc.lineTo(px, py);
  });
  doc.stroke();
  doc.fillColor(ACCENT);
  for (const d of days) doc.circle(x(d.date), y(d.preferred / d.samples), 1.8).fill();
  doc.restore();

  doc.x = MARGIN;
  doc.y = top + height + 18;
  doc
    .font("Helvetica")
    .fontSize(8)
    .fillColor(MUTED)
    .text(winAnsi(words.t("chartCaption", { threshold: words.percent(threshold) })), MARGIN);
  doc.moveDown(0.5);
}

function standingRows(report: MonthlyReport, words: ReportWords): string[][] {
  const { t } = words;
  const s = report.standing;
  const p = s.metrics.preferred;
  const before = report.previous;
  const projection =
    s.projection === null
      ? t("projection.none")
      : s.projection.kind === "above"
        ? t("projection.above")
        : s.projection.kind === "crossing"
          ? t("projection.crossing", { date: words.day(s.projection.date) })
          : t("projection.notAtPace");
  const distance =
    s.distanceToThreshold === null
      ? t("none")
      : s.distanceToThreshold <= 0
        ? t("pointsAbove", { points: words.magnitude(s.distanceToThreshold) })
        : t("pointsToGo", { points: words.magnitude(s.distanceToThreshold) });
  const change =
    report.change.share === null
      ? t("noPrevious")
      : t("changeValue", { points: words.points(report.change.share) }) +
        (before && before.state !== p.state
          ? `; ${t("stateChange", { from: t(`state.${before.state}`), to: t(`state.${p.state}`) })}`
          : "");
  return [
    [t("state"), t(`state.${p.state}`)],
    [
      t("share", { days: dayNumber(s.window.end) - dayNumber(s.window.start) + 1 }),
      `${words.percent(p.share)}  [${words.percent(p.lo)} – ${words.percent(p.hi)}]`,
    ],
    [t("samplesDays"), `${words.integer(p.samples)}, ${p.days}`],
    [
      `${t("previous")} (${words.day(before?.evaluationDate ?? report.period.start)})`,
      before ? `${t(`state.${before.state}`)}, ${words.percent(before.share)}` : t("noPrevious"),
    ],
    [t("change"), change],
    [t("distance", { threshold: words.percent(s.threshold) }), distance],
    [t("projection"), projection],
  ];
}

/**
 * Renders the report in its own language; `meta.demo` adds the demo notice; `origin` (the public
 * URL's, when configured) makes the page's link absolute.
 */
export function renderMonthlyReportPdf(
  report: MonthlyReport,
  options: Pick<Meta, "demo"> & { origin?: string | null },
): Promise<Buffer> {
  const words = reportWords(report.language);
  const { t } = words;
  const created = new Date(`${report.period.end}T23:59:59Z`);
  const name = report.organisation.name ?? report.organisation.id;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    lang: report.language,
    displayTitle: true,
    info: {
      Title: winAnsi(`${t("title")} — ${name} — ${words.month(report.month)}`),
      Author: "Atalaya",
      Creator: "Atalaya",
      Producer: "Atalaya (pdfkit)",
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc
    .font("Helvetica-Bold")
    .fontSize(20)
    .fillColor(INK)
    .text(winAnsi(t("title")));
  doc
    .font("Helvetica-Bold")
    .fontSize(14)
    .text(winAnsi(t("subtitle", { name, month: words.month(report.month) })));
  const org = report.organisation;
  paragraph(
    doc,
    org.economy ? t("holderIn", { id: org.id, economy: org.economy }) : t("holder", { id: org.id }),
    MUTED,
  );
  paragraph(
    doc,
    `${t("networks")}: ${org.asns.map((a) => `AS${a.asn}${a.name ? ` ${a.name}` : ""}`).join(", ")}`,
    MUTED,
  );
  if (options.demo) {
    doc.moveDown(0.3);
    paragraph(doc, t("demo"), STATE_COLOURS.borderline);
  }

  heading(doc, t("heading.standing"));
  table(doc, null, standingRows(report, words));

  heading(doc, t("heading.rank"));
  const rank = (r: MonthlyReport["standing"]["rankInCountry"]) =>
    r ? t("rankOf", { rank: words.integer(r.rank), of: words.integer(r.of) }) : t("unranked");
  table(doc, null, [
    [t("rankCountry", { economy: org.economy ?? org.cc ?? "" }), rank(report.standing.rankInCountry)],
    [t("rankRegion"), rank(report.standing.rankInRegion)],
  ]);

  heading(doc, t("heading.trend"));
  trendChart(doc, report, words);
  table(
    doc,
    [t("week"), t("days"), t("samples"), "IPv6"],
    report.trend.weekly.map((w) => [
      `${Number(w.start.slice(8, 10))}–${Number(w.end.slice(8, 10))}`,
      String(w.days),
      words.integer(w.samples),
      words.percent(w.share),
    ]),
    [1, 2, 3],
  );
  paragraph(
    doc,
    `${t("monthShare")}: ${words.percent(report.trend.month.share)} · ${t("monthSlope")}: ${
      report.trend.slopePerMonth === null
        ? t("none")
        : t("changeValue", { points: words.points(report.trend.slopePerMonth) })
    }`,
  );

  heading(doc, t("heading.routing"));
  const families = (["ipv4", "ipv6"] as const).flatMap((family) => {
    const c = report.routing.coverage[family];
    if (!c) return [];
    return [
      [
        family === "ipv4" ? "IPv4" : "IPv6",
        words.integer(c.counts.announced),
        words.integer(c.counts.valid),
        words.integer(c.counts.invalid),
        words.integer(c.counts.notFound),
        words.percent(c.prefixes.valid + c.prefixes.invalid),
      ],
    ];
  });
  table(
    doc,
    [t("family"), t("announced"), t("valid"), t("invalid"), t("notFound"), t("roaCoverage")],
    families,
    [1, 2, 3, 4, 5],
  );
  paragraph(
    doc,
    t("registry", {
      held: words.integer(report.routing.heldIpv6),
      space: words.decimal(report.routing.heldIpv6Slash32),
      unannounced: words.integer(report.routing.unannouncedIpv6.length),
    }),
    MUTED,
  );
  paragraph(doc, t("routingAsOf"), MUTED);

  heading(doc, t("heading.fixes"));
  if (report.fixes.length === 0) paragraph(doc, t("nothingToFix"));
  report.fixes.forEach((fix, i) => {
    const problem = t(`problem.${fix.problem}`);
    const family = fix.family ? `${fix.family === "ipv6" ? "IPv6" : "IPv4"}, ` : "";
    const title = fix.total === null ? problem : t("fixCount", { problem, count: words.integer(fix.total) });
    doc
      .font("Helvetica-Bold")
      .fontSize(10)
      .fillColor(INK)
      .text(winAnsi(`${i + 1}. ${family}${title}`), MARGIN);
    const shown = fix.prefixes.slice(0, 8);
    if (shown.length > 0) {
      const rest = (fix.total ?? shown.length) - shown.length;
      paragraph(
        doc,
        `${shown.join(", ")}${rest > 0 ? ` ${t("more", { count: words.integer(rest) })}` : ""}`,
        MUTED,
      );
    }
    paragraph(doc, fix.action);
    doc.moveDown(0.3);
  });

  heading(doc, t("heading.challenge"));
  if (report.challenge.results.length === 0) paragraph(doc, t("challenge.none"));
  for (const r of report.challenge.results) {
    doc
      .font("Helvetica-Bold")
      .fontSize(10)
      .fillColor(INK)
      .text(
        winAnsi(
          t("challenge.result", {
            cycle: r.cycle.name,
            outcome: t(`outcome.${r.outcome ?? "entrant"}`),
            place: r.place,
            entries: r.entries,
          }),
        ),
        MARGIN,
      );
    paragraph(
      doc,
      t("challenge.score", {
        total:
          r.total === null
            ? t("none")
            : r.total.toFixed(2).replace(".", report.language === "en" ? "." : ","),
        reviews: r.reviews,
        passed: r.checks.passed,
        checks: r.checks.total,
      }),
      MUTED,
    );
  }
  for (const c of report.challenge.open)
    paragraph(
      doc,
      t("challenge.open", { cycle: c.name, date: words.day(c.registrationClosesAt.slice(0, 10)) }),
    );

  doc.moveDown(1.5);
  paragraph(
    doc,
    t("footer", {
      method: report.standing.methodVersion,
      date: words.day(report.standing.evaluationDate),
      page: `${options.origin ?? ""}${report.links.page}`,
    }),
    MUTED,
  );
  doc.end();
  return done;
}
