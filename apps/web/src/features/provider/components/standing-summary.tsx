/** The headline figures of a standing: state, pooled share with its interval, rank, distance and projection. */
import { EconomySplit } from "../../../components/economy-split";
import { OtherSources } from "../../../components/other-sources";
import { reasonText, StateBadge } from "../../../components/state-badge";
import { formatDay } from "../../../lib/dates";
import { economyName } from "../../../lib/economy-names";
import { formatDecimal1, formatInteger, formatPercent1 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import type { AsnStanding } from "../api/get-asn-standing";

export type Standing = AsnStanding["data"]["standing"];

/** Why a network will not cross the line at this pace; the API writes the reason in English. */
function paceReason(t: Translator, reason: string): string {
  if (reason === "the share is not growing") return t("standing.notGrowing");
  const years = /^more than (\d+) years away at this pace$/.exec(reason);
  if (years) return t("standing.yearsAway", { years: formatInteger(Number(years[1])) });
  return reason;
}

export function projectionText(t: Translator, s: Standing): string {
  if (s.projection === null) return t("standing.noTrend");
  if (s.projection.kind === "above") return t("standing.above");
  if (s.projection.kind === "crossing") return t("standing.crossing", { date: formatDay(s.projection.date) });
  return t("standing.notAtPace", { reason: paceReason(t, s.projection.reason) });
}

export function distanceText(t: Translator, distance: number | null): string {
  if (distance === null) return "—";
  return distance <= 0
    ? t("standing.pointsAbove", { points: formatDecimal1(-100 * distance) })
    : t("standing.pointsToGo", { points: formatDecimal1(100 * distance) });
}

export function StandingSummary({
  standing: s,
  cc,
  ranked,
}: {
  standing: Standing;
  cc: string | null;
  /** What the ranks are among: networks or organisations. */
  ranked: "networks" | "organisations";
}) {
  const t = useT();
  const preferred = s.metrics.preferred;
  const economy = cc ? economyName(cc, null, t.locale) : t("standing.itsEconomy");
  return (
    <dl className="totals">
      <div>
        <dt>{t("common.jimBoundState")}</dt>
        <dd>
          <StateBadge state={preferred.state} />
        </dd>
        {preferred.reason && <dd className="muted">{reasonText(t, preferred.reason)}</dd>}
      </div>
      <div title={t("standing.pooledTitle")}>
        <dt>{ranked === "organisations" ? t("standing.preferredPooled") : t("common.ipv6Preferred")}</dt>
        <dd>{preferred.share === null ? "—" : formatPercent1(preferred.share)}</dd>
        <dd className="muted">
          {preferred.lo === null
            ? ""
            : `[${formatPercent1(preferred.lo)}–${formatPercent1(preferred.hi ?? 0)}] · `}
          {t("standing.samplesDays", {
            samples: t.plural("board.samples", preferred.samples),
            days: t.plural("board.days", preferred.days),
          })}
        </dd>
      </div>
      <div>
        <dt>
          {ranked === "networks"
            ? t("standing.rankNetworks", { economy })
            : t("standing.rankOrganisations", { economy })}
        </dt>
        <dd>
          {s.rankInCountry
            ? t("standing.rankOf", {
                rank: formatInteger(s.rankInCountry.rank),
                of: formatInteger(s.rankInCountry.of),
              })
            : "—"}
        </dd>
        <dd className="muted">
          {s.rankInRegion
            ? t("standing.rankInRegion", {
                rank: formatInteger(s.rankInRegion.rank),
                of: formatInteger(s.rankInRegion.of),
              })
            : t("standing.notRanked")}
        </dd>
      </div>
      <div>
        <dt>{t("standing.distanceTo", { threshold: formatPercent1(s.threshold) })}</dt>
        <dd>{distanceText(t, s.distanceToThreshold)}</dd>
        <dd className="muted">{projectionText(t, s)}</dd>
      </div>
      {s.otherSources.length > 0 && (
        <div className="wide">
          <dt>{t("evidence.otherSources")}</dt>
          <dd>
            <OtherSources sources={s.otherSources} />
          </dd>
        </div>
      )}
      {s.economySplit.length > 1 && (
        <div className="wide" title={t("standing.economiesCaption")}>
          <dt>{t("standing.economiesHeading")}</dt>
          <dd>
            <EconomySplit economies={s.economySplit} />
          </dd>
        </div>
      )}
    </dl>
  );
}
