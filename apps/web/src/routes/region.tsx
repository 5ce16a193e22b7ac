import { lazy, Suspense, useEffect, useMemo } from "react";
import { ChartFrame, type Column } from "../components/chart-frame";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { type CountrySummary, useCountries } from "../features/countries/api/get-countries";
import { CountriesTable } from "../features/countries/components/countries-table";
import { useGoogleContext } from "../features/region/api/get-google-context";
import { useJimBoundCounts } from "../features/region/api/get-jim-bound-counts";
import { useRegion } from "../features/region/api/get-region";
import { useRegionMovers } from "../features/region/api/get-region-movers";
import { useRegionTrend } from "../features/region/api/get-region-trend";
import { JimBoundCountsView } from "../features/region/components/jim-bound-counts";
import { MoversPanel } from "../features/region/components/movers-panel";
import { formatPoints } from "../features/region/movers-shaping";
import { latestShare, regionTrendRows, subRegionRows } from "../features/region/trend-shaping";
import { formatInteger, formatPercent, formatPercent1, formatSlash32 } from "../lib/format";
import { countryPath, navigate } from "../lib/navigation";

// The map (d3-geo and the region's topology) and the charts (recharts) load with this page, not
// with the initial bundle.
const ChoroplethMap = lazy(() => import("../features/region/components/choropleth-map"));
const Ipv6SpaceChart = lazy(() => import("../features/countries/components/ipv6-space-chart"));
const RegionTrendChart = lazy(async () => ({
  default: (await import("../features/region/components/trend-charts")).RegionTrendChart,
}));
const SubRegionChart = lazy(async () => ({
  default: (await import("../features/region/components/trend-charts")).SubRegionChart,
}));

const APNIC = "APNIC Labs";
const PREFERRED = "IPv6 preferred, users-weighted";
const pct = (v: unknown) => (typeof v === "number" ? formatPercent1(v) : "—");

/** `/#country-BR`, the old address of an economy, now opens its page. */
function useOldCountryAnchors() {
  useEffect(() => {
    const m = /^#country-([A-Za-z]{2})$/.exec(window.location.hash);
    if (m) navigate(countryPath(m[1] as string), { replace: true });
  }, []);
}

type MapRow = {
  cc: string;
  name: string;
  subRegion: string;
  share: number | null;
  networks: number;
  weightedBy: string | null;
};
const MAP_COLUMNS: Column<MapRow>[] = [
  { key: "cc", label: "Code" },
  { key: "name", label: "Economy" },
  { key: "subRegion", label: "Sub-region" },
  { key: "share", label: "IPv6 preferred", numeric: true, format: pct },
  { key: "networks", label: "Measured networks", numeric: true },
  { key: "weightedBy", label: "Weighted by", format: (v) => String(v ?? "—") },
];

function MapSection({ countries, measurement }: { countries: CountrySummary[]; measurement: Measurement }) {
  const rows: MapRow[] = countries.map((c) => ({
    cc: c.cc,
    name: c.name,
    subRegion: c.subRegionName,
    share: c.ipv6Share.share,
    networks: c.ipv6Share.networks,
    weightedBy: c.ipv6Share.weightedBy,
  }));
  return (
    <section aria-labelledby="map-heading">
      <h2 id="map-heading">IPv6 adoption by economy</h2>
      <ChartFrame
        title="Share of users preferring IPv6, per economy"
        provenance={{
          source: APNIC,
          metric: PREFERRED,
          window: `${measurement.start} – ${measurement.end}`,
          dataDate: measurement.evaluationDate,
        }}
        columns={MAP_COLUMNS}
        rows={rows}
        filename={`ipv6-share-per-economy-${measurement.evaluationDate}`}
        note="Small islands are marked in open sea with a line to where they lie."
      >
        <Suspense fallback={<Loading label="Loading the map…" />}>
          <ChoroplethMap economies={rows} />
        </Suspense>
      </ChartFrame>
    </section>
  );
}

type Measurement = { evaluationDate: string; start: string; end: string };

function TrendSections() {
  const trend = useRegionTrend();
  const google = useGoogleContext(trend.data?.data.start);
  const region = useRegion();
  const rows = useMemo(
    () => (trend.data ? regionTrendRows(trend.data.data.region, google.data?.data.series ?? []) : []),
    [trend.data, google.data],
  );
  const subRows = useMemo(() => (trend.data ? subRegionRows(trend.data.data.subRegions) : []), [trend.data]);
  if (trend.isPending) return <Loading label="Loading the regional trend…" />;
  if (trend.isError) return <LoadError error={trend.error} onRetry={() => trend.refetch()} />;
  const t = trend.data.data;
  const window = `daily, ${t.start} – ${t.end}`;
  const names = Object.fromEntries(t.subRegions.map((s) => [s.subRegion, s.name]));
  const latest = latestShare(t.region);
  const hasData = t.region.some((d) => d.share !== null);
  return (
    <>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">Regional trend</h2>
        <p className="lede">
          {latest?.share != null
            ? `${formatPercent1(latest.share)} of the region's users preferred IPv6 on ${latest.date}, across ${formatInteger(latest.networks)} measured networks.`
            : "No network has enough daily samples in the period."}{" "}
          Google's global series is context: it counts users reaching Google over IPv6, a different measure.
        </p>
        <ChartFrame
          title="Daily IPv6 share: LACNIC region and the world"
          provenance={{ source: `${APNIC}; Google (world)`, metric: PREFERRED, window, dataDate: t.end }}
          columns={[
            { key: "date", label: "Date" },
            { key: "region", label: "Region (APNIC, preferred)", numeric: true, format: pct },
            { key: "networks", label: "Networks", numeric: true },
            { key: "google", label: "World (Google)", numeric: true, format: pct },
          ]}
          rows={rows}
          filename={`region-trend-${t.end}`}
          note={t.method}
        >
          {hasData ? (
            <Suspense fallback={<Loading label="Loading chart…" />}>
              <RegionTrendChart rows={rows} threshold={0.2} />
            </Suspense>
          ) : (
            <p className="state">No daily measurements in this period.</p>
          )}
        </ChartFrame>
      </section>
      <section aria-labelledby="subregions-heading">
        <h2 id="subregions-heading">Sub-regions</h2>
        {region.data && (
          <dl className="totals">
            {region.data.data.subRegions.map((s) => (
              <div
                key={s.subRegion}
                title={`Pooled ${region.data.data.window.start} – ${region.data.data.window.end}`}
              >
                <dt>{s.name}</dt>
                <dd>{s.share === null ? "—" : formatPercent1(s.share)}</dd>
                <dd className="muted">{formatInteger(s.networks)} measured networks</dd>
              </div>
            ))}
          </dl>
        )}
        <ChartFrame
          title="Daily IPv6 share per sub-region"
          provenance={{ source: APNIC, metric: PREFERRED, window, dataDate: t.end }}
          columns={[
            { key: "date", label: "Date" },
            ...t.subRegions.map((s) => ({ key: s.subRegion, label: s.name, numeric: true, format: pct })),
          ]}
          rows={subRows}
          filename={`sub-region-trend-${t.end}`}
        >
          {hasData ? (
            <Suspense fallback={<Loading label="Loading chart…" />}>
              <SubRegionChart rows={subRows} names={names} />
            </Suspense>
          ) : (
            <p className="state">No daily measurements in this period.</p>
          )}
        </ChartFrame>
      </section>
    </>
  );
}

function MoversSection() {
  const movers = useRegionMovers();
  return (
    <section aria-labelledby="movers-heading">
      <h2 id="movers-heading">Top movers</h2>
      {movers.isPending ? (
        <Loading label="Comparing windows…" />
      ) : movers.isError ? (
        <LoadError error={movers.error} onRetry={() => movers.refetch()} />
      ) : (
        <div className="two-columns">
          {movers.data.data.periods.map((p) => (
            <ChartFrame
              key={p.days}
              title={p.days === 365 ? "Over a year" : `Over ${p.days} days`}
              provenance={{
                source: APNIC,
                metric: `${PREFERRED}, change in percentage points`,
                window: `${p.from.start} – ${p.from.end} vs ${p.to.start} – ${p.to.end}`,
                dataDate: movers.data.data.evaluationDate,
              }}
              columns={[
                { key: "cc", label: "Code" },
                { key: "name", label: "Economy" },
                { key: "from", label: "From", numeric: true, format: pct },
                { key: "to", label: "To", numeric: true, format: pct },
                { key: "change", label: "Change", numeric: true, format: (v) => formatPoints(Number(v)) },
              ]}
              rows={p.movers}
              filename={`movers-${p.days}-days-${movers.data.data.evaluationDate}`}
              note={
                p.missing.length > 0 ? `Without a share in both windows: ${p.missing.join(", ")}.` : undefined
              }
            >
              <MoversPanel period={p} />
            </ChartFrame>
          ))}
        </div>
      )}
    </section>
  );
}

function JimBoundSection() {
  const counts = useJimBoundCounts();
  return (
    <section aria-labelledby="jim-bound-heading">
      <h2 id="jim-bound-heading">Jim Bound prize: networks by state</h2>
      {counts.isPending ? (
        <Loading label="Evaluating every network…" />
      ) : counts.isError ? (
        <LoadError error={counts.error} onRetry={() => counts.refetch()} />
      ) : (
        <ChartFrame
          title="Networks per Jim Bound state and sub-region"
          provenance={{
            source: APNIC,
            metric: `IPv6 preferred per network, 95% interval vs ${formatPercent(counts.data.data.threshold)}`,
            window: `${counts.data.data.window.start} – ${counts.data.data.window.end}`,
            dataDate: counts.data.data.evaluationDate,
          }}
          columns={[
            { key: "scope", label: "Scope" },
            { key: "eligible", label: "Eligible", numeric: true },
            { key: "borderline", label: "Borderline", numeric: true },
            { key: "below", label: "Below", numeric: true },
            { key: "insufficient-data", label: "Insufficient data", numeric: true },
          ]}
          rows={[
            { scope: "Region", ...counts.data.data.region.networks },
            ...counts.data.data.subRegions.map((s) => ({ scope: s.name, ...s.networks })),
            ...counts.data.data.economies.map((e) => ({ scope: e.cc, ...e.networks })),
          ]}
          filename={`jim-bound-counts-${counts.data.data.evaluationDate}`}
        >
          <JimBoundCountsView data={counts.data.data} />
        </ChartFrame>
      )}
    </section>
  );
}

export function RegionPage() {
  useOldCountryAnchors();
  const countries = useCountries();
  const region = useRegion();
  if (countries.isPending) return <Loading label="Loading registry figures…" />;
  if (countries.isError) return <LoadError error={countries.error} onRetry={() => countries.refetch()} />;
  const { data, meta, measurement } = countries.data;
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
      <MapSection countries={data} measurement={measurement} />
      <TrendSections />
      <MoversSection />
      <JimBoundSection />
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">IPv6 space per economy</h2>
        <ChartFrame
          title="IPv6 space allocated or assigned, in /32 equivalents"
          provenance={{
            source: "LACNIC delegated statistics",
            metric: "IPv6 space, /32 equivalents",
            window: "allocations and assignments to date",
            dataDate: meta.registryDataDate,
          }}
          columns={[
            { key: "cc", label: "Code" },
            { key: "name", label: "Economy" },
            {
              key: "ipv6Slash32",
              label: "IPv6 (/32 eq.)",
              numeric: true,
              format: (v) => formatSlash32(Number(v)),
            },
          ]}
          rows={[...data]
            .sort((a, b) => b.ipv6Slash32 - a.ipv6Slash32)
            .map((c) => ({ cc: c.cc, name: c.name, ipv6Slash32: c.ipv6Slash32 }))}
          filename={`ipv6-space-per-economy-${meta.registryDataDate ?? "latest"}`}
        >
          <Suspense fallback={<Loading label="Loading chart…" />}>
            <Ipv6SpaceChart countries={data} />
          </Suspense>
        </ChartFrame>
      </section>
      <section aria-labelledby="table-heading">
        <h2 id="table-heading">Economies</h2>
        <CountriesTable countries={data} />
      </section>
    </>
  );
}
