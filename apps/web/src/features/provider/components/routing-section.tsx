/** The routing part of a standing page: ROA coverage, what to fix, and the routes behind them. */

import { useT } from "../../../lib/i18n";
import { rpkiCounts } from "../../../lib/rpki-counts";
import type { AsnStanding } from "../api/get-asn-standing";
import { RoaCoverage } from "./roa-coverage";
import { RoutesTable } from "./routes-table";

export function RoutingSection({ routing, who }: { routing: AsnStanding["data"]["routing"]; who: string }) {
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
      <RoutesTable routes={routing.announced} empty={t("routing.noRoutes", { who })} />
    </section>
  );
}
