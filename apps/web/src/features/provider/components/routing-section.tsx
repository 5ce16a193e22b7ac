/** The routing part of a standing page: ROA coverage, what to fix, and the routes behind them. */
import type { AsnStanding } from "../api/get-asn-standing";
import { RoaCoverage } from "./roa-coverage";
import { RoutesTable } from "./routes-table";

export function RoutingSection({ routing, who }: { routing: AsnStanding["data"]["routing"]; who: string }) {
  return (
    <section aria-labelledby="routing-heading">
      <h2 id="routing-heading">Routing and RPKI</h2>
      <p className="lede">
        {routing.counts.valid} valid, {routing.counts.invalid} invalid, {routing.counts.notFound} without a
        ROA (RFC 6811 origin validation of the routes originated by {who}).
      </p>
      <RoaCoverage routing={routing} />
      <h3>Announced routes</h3>
      <RoutesTable
        routes={routing.announced}
        empty={`No route originated by ${who} in the loaded routing data.`}
      />
    </section>
  );
}
