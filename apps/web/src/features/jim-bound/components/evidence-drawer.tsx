import type { ReactNode } from "react";
import { EconomySplit } from "../../../components/economy-split";
import { OtherSources } from "../../../components/other-sources";
import { PageLink } from "../../../components/page-link";
import { reasonText, StateBadge } from "../../../components/state-badge";
import { formatDecimal1, formatInteger, formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { PAGES, providerPath } from "../../../lib/navigation";
import type { BoardNetwork, JimBoundBoard } from "../api/get-jim-bound";

/**
 * Everything the committee needs to trust one row: the pooled figure and how it was computed
 * (metric, source, window, thresholds, method version with a link to the method page, data
 * version), its split by economy, the other sources' values over the same window with what each
 * measures and whether it agrees with the state, and the row as JSON.
 */

export function EvidenceDrawer({
  network,
  board,
  actions,
}: {
  network: BoardNetwork;
  board: JimBoundBoard;
  actions?: ReactNode;
}) {
  const t = useT();
  const p = board.data.parameters;
  const json = `data:application/json;charset=utf-8,${encodeURIComponent(
    JSON.stringify({ network, parameters: p, meta: board.meta }, null, 2),
  )}`;
  return (
    <div className="evidence-drawer">
      <dl className="facts">
        <div>
          <dt>{t("evidence.state")}</dt>
          <dd>
            <StateBadge state={network.state} /> {reasonText(t, network.reason)}
          </dd>
        </div>
        <div>
          <dt>{t("evidence.pooled")}</dt>
          <dd>
            {network.share === null
              ? "—"
              : t("evidence.pooledValue", {
                  share: formatPercent1(network.share),
                  lo: formatPercent1(network.lo ?? 0),
                  hi: formatPercent1(network.hi ?? 0),
                  samples: formatInteger(network.samples),
                  days: formatInteger(network.days),
                })}
            {network.dispersion !== undefined && network.effectiveSamples !== undefined && (
              <span className="muted block">
                {t("evidence.dispersion", {
                  dispersion: formatDecimal1(network.dispersion),
                  effective: formatInteger(Math.round(network.effectiveSamples)),
                })}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t("evidence.method")}</dt>
          <dd>
            {t("evidence.methodValue", {
              metric: p.metric,
              source: p.source,
              start: p.window.start,
              end: p.window.end,
              threshold: formatPercent1(p.threshold),
              minDays: formatInteger(p.minDays),
              minSamples: formatInteger(p.minSamples),
              method: p.methodVersion,
            })}{" "}
            <PageLink to={PAGES.method}>{t("board.methodLink")}</PageLink>
          </dd>
        </div>
        {network.economies.length > 0 && (
          <div>
            <dt>{t("evidence.economies")}</dt>
            <dd>
              <EconomySplit economies={network.economies} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t("evidence.data")}</dt>
          <dd>
            {t("evidence.dataValue", {
              run: board.meta.latestRunId ?? "—",
              date: board.meta.registryDataDate ?? "—",
            })}
            {board.meta.demo ? ` ${t("evidence.demo")}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("evidence.otherSources")}</dt>
          <dd>
            <OtherSources sources={network.otherSources} />
          </dd>
        </div>
      </dl>
      <p className="actions">
        <PageLink to={providerPath(network.asn)}>{t("evidence.standing")}</PageLink>
        <a href={json} download={`jim-bound-AS${network.asn}-${p.evaluationDate}.json`}>
          {t("evidence.json")}
        </a>
        {actions}
      </p>
    </div>
  );
}
