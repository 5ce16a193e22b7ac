/** The routing part of a standing page: ROA coverage, what to fix, and the routes behind them. */

import { formatInteger } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { rpkiCounts } from "../../../lib/rpki-counts";
import type { AsnStanding } from "../api/get-asn-standing";
import { AsnRoutes } from "./asn-routes";
import { RoaCoverage } from "./roa-coverage";
import { RoutesTable } from "./routes-table";

/** `asn` for a network's page, where every route can be paged through; an organisation's lists the first. */
export function RoutingSection({
  routing,
  who,
  asn,
}: {
  routing: AsnStanding["data"]["routing"];
  who: string;
  asn?: number;
}) {
  const t = useT();
  return (
    <section aria-labelledby="routing-heading">
      <h2 id="routing-heading">{t("routing.heading")}</h2>
      <p className="lede">
        {t("routing.lede", {
          counts: rpkiCounts(t, routing.counts),
          who,
        })}
      </p>
      <RoaCoverage routing={routing} />
      <h3>{t("routing.announcedHeading")}</h3>
      {asn !== undefined ? (
        <AsnRoutes asn={asn} routing={routing} empty={t("routing.noRoutes", { who })} />
      ) : (
        <>
          <RoutesTable routes={routing.announced} empty={t("routing.noRoutes", { who })} />
          {routing.announcedTotal > routing.announced.length && (
            <p className="muted">
              {t("routing.firstShown", {
                shown: formatInteger(routing.announced.length),
                total: formatInteger(routing.announcedTotal),
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
