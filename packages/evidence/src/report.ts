/**
 * The pack as one file: a printable HTML report (in English, Spanish or Portuguese) with the
 * pack itself embedded as JSON. A browser shows and prints the report; `atalaya evidence verify`
 * reads the JSON, checks it, and renders the report again from it: a report edited by hand no
 * longer matches its data and is refused.
 *
 * Rendering is deterministic on purpose: numbers and dates are written without Intl (whose output
 * changes with the ICU a Node version ships), so any Node renders the same bytes.
 */
import { type EvidencePack, PACK_FORMAT } from "./pack";
import { isReportLanguage, REPORT_MESSAGES, type ReportKey, type ReportLanguage } from "./report-messages";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const percent = (value: number | null) => (value === null ? "—" : `${(100 * value).toFixed(2)}%`);
const integer = (value: number) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");

const EMBEDDED = /<script type="application\/json" id="atalaya-evidence-pack">([\s\S]*?)<\/script>/;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#1f2933;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #cbd2d9;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.85em;overflow-wrap:anywhere}
.note{background:#fff7e6;border:1px solid #f0b429;padding:.5rem}@media print{body{margin:0;max-width:none}}`;

export function renderReport(pack: EvidencePack, language: ReportLanguage): string {
  const m = (key: ReportKey, vars: Record<string, string | number> = {}) =>
    escapeHtml(
      REPORT_MESSAGES[language][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)),
    );
  const { data, audit } = pack;
  const r = data.result;
  const p = data.parameters;
  const row = (label: string, value: string) => `<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  const facts = [
    row(m("cycle"), data.cycle ? `${escapeHtml(data.cycle.name)} (${data.cycle.id})` : m("noCycle")),
    row(
      m("subject"),
      `${escapeHtml(data.subject.name)} — ${m(data.subject.kind)} <code>${escapeHtml(data.subject.id)}</code>`,
    ),
    row(m("networks"), data.subject.asns.map((a) => `AS${a}`).join(", ")),
    row(m("method"), `<code>${escapeHtml(data.methodVersion)}</code>`),
    row(
      m("parameters"),
      m("parametersValue", {
        threshold: percent(p.threshold),
        metric: p.metric,
        source: data.decidingSource,
        start: data.window.start,
        end: data.window.end,
        days: p.windowDays,
        minDays: p.minDays,
        minSamples: integer(p.minSamples),
      }),
    ),
  ].join("");
  const result = [
    row(m("state"), `<strong>${m(`state.${r.state}`)}</strong>`),
    row(m("share"), `${percent(r.share)} [${percent(r.lo)} – ${percent(r.hi)}]`),
    row(m("samplesDays"), `${integer(r.samples)}, ${r.days}`),
    r.dispersion !== undefined && r.effectiveSamples !== undefined
      ? row(m("dispersion"), `${r.dispersion.toFixed(3)}, ${integer(r.effectiveSamples)}`)
      : "",
    row(m("disagree"), r.sourcesDisagree ? m("yes") : m("no")),
    row(
      m("otherSources"),
      r.otherSources.length === 0
        ? m("none")
        : r.otherSources
            .map(
              (o) =>
                `${escapeHtml(o.source)}: ${percent(o.share)}, ${o.days} — ${
                  o.agrees === null ? m("notCompared") : o.agrees ? m("agrees") : m("disagrees")
                }`,
            )
            .join("<br>"),
    ),
  ].join("");
  const economies = r.economies
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.cc)}</td><td>${e.inRegion ? m("yes") : m("no")}</td><td class="num">${percent(e.share)} [${percent(e.lo)} – ${percent(e.hi)}]</td><td class="num">${integer(e.samples)}</td><td class="num">${e.days}</td></tr>`,
    )
    .join("");
  const runs = data.runs
    .map(
      (run) =>
        `<tr><td>${escapeHtml(run.source)}</td><td class="num">${run.runId}</td><td><code>${escapeHtml(run.location ?? "—")}</code></td><td>${escapeHtml(run.dataDate ?? "—")}</td><td><code>${escapeHtml(run.sha256 ?? "—")}</code></td></tr>`,
    )
    .join("");
  const counts = data.counts
    .map(
      ([source, asn, cc, date, samples, hits]) =>
        `<tr><td>${escapeHtml(source)}</td><td>AS${asn}</td><td>${escapeHtml(cc)}</td><td>${date}</td><td class="num">${integer(samples)}</td><td class="num">${integer(hits)}</td></tr>`,
    )
    .join("\n");
  const json = JSON.stringify(pack).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${m("title")}: ${escapeHtml(data.subject.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${m("title")}: ${escapeHtml(data.subject.name)}</h1>
<p>${m("frozen", { stage: REPORT_MESSAGES[language][data.stage], at: data.frozenAt })}</p>
${data.demo ? `<p class="note">${m("demo")}</p>` : ""}
<table>${facts}</table>
<h2>${m("result")}</h2>
<table>${result}</table>
<h2>${m("economies")}</h2>
<table><tr><th>${m("economy")}</th><th>${m("counted")}</th><th>${m("share")}</th><th>${m("samples")}</th><th>${m("samplesDays")}</th></tr>${economies}</table>
<h2>${m("runs")}</h2>
<table><tr><th>${m("source")}</th><th>${m("run")}</th><th>${m("location")}</th><th>${m("dataDate")}</th><th>SHA-256</th></tr>${runs}</table>
<h2>${m("audit")}</h2>
<p>${m("auditValue", { id: audit.id, action: audit.action, at: audit.at, hash: audit.hash, prev: audit.prevHash })}</p>
<p>${m("packHash")}: <code>${pack.sha256}</code></p>
<p class="note">${m("verify")}</p>
<h2>${m("counts")}</h2>
<table><tr><th>${m("source")}</th><th>AS</th><th>${m("economy")}</th><th>${m("date")}</th><th>${m("samples")}</th><th>${m("hits")}</th></tr>
${counts}
</table>
<script type="application/json" id="atalaya-evidence-pack">${json}</script>
</body>
</html>
`;
}

/**
 * A pack from a file's text: the JSON document, or the HTML report with the pack embedded (then
 * the report must be exactly what the pack renders to). Throws an Error naming what is wrong.
 */
export function readPack(text: string): { pack: EvidencePack; language: ReportLanguage | null } {
  const parse = (json: string, where: string): EvidencePack => {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new Error(`${where} is not JSON: ${(error as Error).message}`);
    }
    const pack = value as EvidencePack;
    if (pack?.format !== PACK_FORMAT) throw new Error(`${where} is not an ${PACK_FORMAT} document`);
    for (const field of ["data", "sha256", "audit"] as const)
      if (pack[field] === undefined || pack[field] === null) throw new Error(`${where} has no "${field}"`);
    return pack;
  };
  if (text.trimStart().startsWith("{")) return { pack: parse(text, "the pack"), language: null };
  const embedded = EMBEDDED.exec(text);
  if (!embedded) throw new Error("neither a JSON pack nor an HTML report with an embedded pack");
  const pack = parse(embedded[1] as string, "the report's embedded pack");
  const language = /^<!doctype html>\n<html lang="([a-z]{2})">/.exec(text)?.[1] ?? "";
  if (!isReportLanguage(language)) throw new Error(`the report's language "${language}" is not en, es or pt`);
  return { pack, language };
}

/** Whether a report's text is exactly what its embedded pack renders to. */
export function reportMatches(text: string, pack: EvidencePack, language: ReportLanguage): boolean {
  return renderReport(pack, language) === text;
}
