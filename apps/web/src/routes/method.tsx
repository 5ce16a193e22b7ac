/**
 * The public method page: every rule of the Jim Bound evaluation with its numbers, so that anyone
 * can check a state by hand. The numbers are the ones the API applies (@atalaya/metrics), never a
 * copy: a change of default shows here at once.
 */
import { DEFAULT_PARAMETERS, METHOD_VERSION, METHOD_VERSIONS, studentT95, Z_95 } from "@atalaya/metrics";
import { PageLink } from "../components/page-link";
import { useDocumentTitle } from "../lib/document-title";
import { formatInteger, formatPercent } from "../lib/format";
import { type MessageKey, useT } from "../lib/i18n";
import { PAGES } from "../lib/navigation";

const RULES = [
  "threshold",
  "metric",
  "window",
  "coverage",
  "economies",
  "pooling",
  "interval2",
  "interval1",
  "states",
  "sources",
  "evidence",
] as const;

export function MethodPage() {
  const t = useT();
  useDocumentTitle(t("method.title"));
  const p = DEFAULT_PARAMETERS;
  const number = (value: number, digits: number) =>
    value.toLocaleString(t.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const values = {
    threshold: formatPercent(p.threshold),
    windowDays: formatInteger(p.windowDays),
    minDays: formatInteger(p.minDays),
    minSamples: formatInteger(p.minSamples),
    degrees: formatInteger(p.windowDays - 1),
    t: number(studentT95(p.windowDays - 1), 3),
    z: number(Z_95, 2),
    current: METHOD_VERSION,
    previous: METHOD_VERSIONS.filter((m) => m !== METHOD_VERSION).join(", "),
  };
  return (
    <article className="method-page" aria-labelledby="method-heading">
      <h1 id="method-heading">{t("method.title")}</h1>
      <p className="lede">{t("method.lede", values)}</p>
      <dl className="rules">
        {RULES.map((rule) => (
          <div key={rule} id={`rule-${rule}`}>
            <dt>{t(`method.${rule}` as MessageKey)}</dt>
            <dd>{t(`method.${rule}.text` as MessageKey, values)}</dd>
          </div>
        ))}
      </dl>
      <p>
        <PageLink to={PAGES.jimBound}>{t("method.toBoard")}</PageLink>
      </p>
    </article>
  );
}
