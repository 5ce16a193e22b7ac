/**
 * Other sources' values for a network or organisation over the award's window, beside the
 * deciding source: what each measures, its share (with an interval where it counts samples) and
 * whether it falls on the same side of the threshold. Used by the evidence drawer and the
 * provider and organisation pages.
 */
import { formatInteger, formatPercent1 } from "../lib/format";
import { type MessageKey, type Translator, useT } from "../lib/i18n";

export interface OtherSourceValue {
  source: string;
  label: string;
  share: number;
  lo: number | null;
  hi: number | null;
  days: number;
  agrees: boolean | null;
}

function agreement(t: Translator, s: OtherSourceValue): string {
  if (s.agrees === null) return t("evidence.notCompared");
  return s.agrees ? t("evidence.agrees") : t("evidence.disagrees");
}

/** The API's labels (English, fixed per source and metric) in the reader's language. */
const LABELS: Record<string, MessageKey> = {
  "Atalaya beacon: share of tested browsers preferring IPv6": "sources.beaconPreferred",
  "Atalaya beacon: share of tested browsers able to use IPv6": "sources.beaconCapable",
  "Share of bytes over IPv6, as reported by the ISP": "sources.selfReported",
  "Cloudflare Radar: share of HTTP requests over IPv6 (mean of daily per-network shares; no volumes)":
    "sources.radar",
};

function sourceName(t: Translator, s: OtherSourceValue): string {
  const key = LABELS[s.label];
  return key ? t(key) : s.label;
}

export function OtherSources({ sources }: { sources: readonly OtherSourceValue[] }) {
  const t = useT();
  if (sources.length === 0) return <span className="muted">{t("evidence.noOtherSources")}</span>;
  return (
    <ul className="plain">
      {sources.map((s) => (
        <li key={s.source}>
          <strong>{formatPercent1(s.share)}</strong>
          {s.lo !== null && s.hi !== null ? ` [${formatPercent1(s.lo)}–${formatPercent1(s.hi)}]` : ""} —{" "}
          {sourceName(t, s)} ({t("evidence.daysShort", { days: formatInteger(s.days) })}) ·{" "}
          <span className={s.agrees === false ? "disagree" : "muted"}>{agreement(t, s)}</span>
        </li>
      ))}
    </ul>
  );
}
