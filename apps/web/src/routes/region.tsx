import { lazy, Suspense } from "react";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { useCountries } from "../features/countries/api/get-countries";
import { CountriesTable } from "../features/countries/components/countries-table";
import { useRegion } from "../features/region/api/get-region";
import { formatInteger, formatPercent, formatSlash32 } from "../lib/format";

const Ipv6SpaceChart = lazy(() => import("../features/countries/components/ipv6-space-chart"));

export function RegionPage() {
  const countries = useCountries();
  const region = useRegion();
  if (countries.isPending) return <Loading label="Loading registry figures…" />;
  if (countries.isError) return <LoadError error={countries.error} onRetry={() => countries.refetch()} />;
  const { data, meta } = countries.data;
  const totals = data.reduce(
    (t, c) => ({
      asns: t.asns + c.asns,
      ipv4: t.ipv4 + c.ipv4Addresses,
      ipv6: t.ipv6 + c.ipv6Slash32,
      orgs: t.orgs + c.organisations,
    }),
    { asns: 0, ipv4: 0, ipv6: 0, orgs: 0 },
  );
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="region-heading">
        <h1 id="region-heading">LACNIC region</h1>
        <p className="lede">
          Internet number resources held in the {data.length} economies of Latin America and the Caribbean
          {meta.registryDataDate ? `, registry data of ${meta.registryDataDate}` : ""}.
        </p>
        <dl className="totals">
          <div>
            <dt>ASNs</dt>
            <dd>{formatInteger(totals.asns)}</dd>
          </div>
          <div>
            <dt>IPv4 addresses</dt>
            <dd>{formatInteger(totals.ipv4)}</dd>
          </div>
          <div>
            <dt>IPv6 space (/32 eq.)</dt>
            <dd>{formatSlash32(totals.ipv6)}</dd>
          </div>
          <div>
            <dt>Organisations</dt>
            <dd>{formatInteger(totals.orgs)}</dd>
          </div>
          <div title="Share of users preferring IPv6 (APNIC Labs), weighted by users across measured networks">
            <dt>IPv6 preferred{region.data ? ` (to ${region.data.data.evaluationDate})` : ""}</dt>
            <dd>
              {region.data?.data.region.share != null ? formatPercent(region.data.data.region.share) : "—"}
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">IPv6 space per economy</h2>
        <Suspense fallback={<Loading label="Loading chart…" />}>
          <Ipv6SpaceChart countries={data} />
        </Suspense>
      </section>
      <section aria-labelledby="table-heading">
        <h2 id="table-heading">Economies</h2>
        <CountriesTable countries={data} />
      </section>
    </>
  );
}
