import { lazy, Suspense, useMemo } from "react";
import { ChartFrame } from "../components/chart-frame";
import { STATES, StateBadge } from "../components/state-badge";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { useCountry } from "../features/countries/api/get-country";
import { useCountryNetworks } from "../features/countries/api/get-country-networks";
import { useCountryResources } from "../features/countries/api/get-country-resources";
import { useCountryTrend } from "../features/countries/api/get-country-trend";
import type { CountryTrendRow } from "../features/countries/components/country-trend-chart";
import { NetworksTable } from "../features/countries/components/networks-table";
import { ResourcesFigures } from "../features/countries/components/resources-figures";
import { roaCoverage } from "../features/countries/networks-shaping";
import { formatInteger, formatPercent, formatPercent1, formatSlash32 } from "../lib/format";

const CountryTrendChart = lazy(() => import("../features/countries/components/country-trend-chart"));

const APNIC = "APNIC Labs";
const pct = (v: unknown) => (typeof v === "number" ? formatPercent1(v) : "—");

function TrendSection({ cc, name }: { cc: string; name: string }) {
  const trend = useCountryTrend(cc);
  const rows = useMemo<CountryTrendRow[]>(
    () => trend.data?.data.series.map((d) => ({ date: d.date, share: d.share, networks: d.networks })) ?? [],
    [trend.data],
  );
  if (trend.isPending) return <Loading label="Loading the trend…" />;
  if (trend.isError) return <LoadError error={trend.error} onRetry={() => trend.refetch()} />;
  const t = trend.data.data;
  return (
    <ChartFrame
      title={`Daily IPv6 share in ${name}`}
      provenance={{
        source: APNIC,
        metric: "IPv6 preferred, users-weighted",
        window: `daily, ${t.start} – ${t.end}`,
        dataDate: t.end,
      }}
      columns={[
        { key: "date", label: "Date" },
        { key: "share", label: "IPv6 preferred", numeric: true, format: pct },
        { key: "networks", label: "Networks", numeric: true },
      ]}
      rows={rows}
      filename={`${cc.toLowerCase()}-trend-${t.end}`}
      note={t.method}
    >
      {rows.some((r) => r.share !== null) ? (
        <Suspense fallback={<Loading label="Loading chart…" />}>
          <CountryTrendChart rows={rows} threshold={0.2} />
        </Suspense>
      ) : (
        <p className="state">No network in {cc} has enough daily samples in this period.</p>
      )}
    </ChartFrame>
  );
}

function NetworksSection({ cc }: { cc: string }) {
  const networks = useCountryNetworks(cc);
  if (networks.isPending) return <Loading label="Evaluating the networks…" />;
  if (networks.isError) return <LoadError error={networks.error} onRetry={() => networks.refetch()} />;
  const d = networks.data.data;
  const counts = Object.fromEntries(STATES.map((s) => [s, d.networks.filter((n) => n.state === s).length]));
  return (
    <ChartFrame
      title={`Networks registered in ${cc}`}
      provenance={{
        source: `${APNIC}; routes and VRPs for ROA coverage`,
        metric: "IPv6 preferred per network, pooled, 95% Wilson interval",
        window: `${d.window.start} – ${d.window.end}`,
        dataDate: d.evaluationDate,
      }}
      columns={[
        { key: "asn", label: "ASN" },
        { key: "name", label: "Name" },
        { key: "state", label: "State" },
        { key: "share", label: "Share", numeric: true, format: pct },
        { key: "lo", label: "Low", numeric: true, format: pct },
        { key: "hi", label: "High", numeric: true, format: pct },
        { key: "samples", label: "Samples", numeric: true },
        { key: "users", label: "Users", numeric: true },
        { key: "routes", label: "Routes", numeric: true },
        {
          key: "roaCoverage",
          label: "ROA coverage",
          numeric: true,
          format: (v) => (typeof v === "number" ? formatPercent(v) : "—"),
        },
        { key: "invalid", label: "RPKI-invalid", numeric: true },
      ]}
      rows={d.networks.map((n) => ({
        asn: n.asn,
        name: n.name,
        state: n.state,
        share: n.share,
        lo: n.lo,
        hi: n.hi,
        samples: n.samples,
        users: n.users,
        routes: n.roa.announced,
        roaCoverage: roaCoverage(n.roa),
        invalid: n.roa.invalid,
      }))}
      filename={`${cc.toLowerCase()}-networks-${d.evaluationDate}`}
      views={["Sortable table", "All rows"]}
    >
      <p className="lede">
        {STATES.map((s, i) => (
          <span key={s}>
            {i > 0 ? " " : ""}
            <StateBadge state={s} /> {formatInteger(counts[s] ?? 0)}
          </span>
        ))}
      </p>
      <NetworksTable networks={d.networks} cc={cc} />
    </ChartFrame>
  );
}

function ResourcesSection({ cc, dataDate }: { cc: string; dataDate: string | null }) {
  const resources = useCountryResources(cc);
  if (resources.isPending) return <Loading label="Comparing registry and routing data…" />;
  if (resources.isError) return <LoadError error={resources.error} onRetry={() => resources.refetch()} />;
  const families = resources.data.data.families;
  return (
    <ChartFrame
      title="Registry-held vs announced"
      provenance={{
        source: "LACNIC delegated statistics; BGP routes (RouteViews pfx2as / RIS MRT)",
        metric: "registry prefixes some route overlaps, and their space",
        window: "allocations and assignments to date; routes of the last routing ingest",
        dataDate,
      }}
      columns={[
        { key: "family", label: "Family" },
        { key: "heldPrefixes", label: "Registry prefixes", numeric: true },
        { key: "heldSpace", label: "Registry space", numeric: true },
        { key: "announcedPrefixes", label: "Announced prefixes", numeric: true },
        { key: "announcedSpace", label: "Announced space", numeric: true },
        { key: "routes", label: "Routes from its ASNs", numeric: true },
      ]}
      rows={families}
      filename={`${cc.toLowerCase()}-allocation-vs-announcement`}
      note="Space: IPv4 in addresses, IPv6 in /32 equivalents. A prefix counts as announced when a route is it, a part of it or a cover of it."
    >
      <ResourcesFigures families={families} />
    </ChartFrame>
  );
}

export function CountryPage({ cc }: { cc: string }) {
  const country = useCountry(cc);
  if (country.isPending) return <Loading label={`Loading ${cc}…`} />;
  if (country.isError) return <LoadError error={country.error} onRetry={() => country.refetch()} />;
  const { data: c, meta } = country.data;
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="country-heading">
        <h1 id="country-heading">{c.name}</h1>
        <p className="lede">
          <span className="cc">{c.cc}</span> {c.subRegionName}
          {meta.registryDataDate ? ` · registry data of ${meta.registryDataDate}` : ""}
        </p>
        <dl className="totals">
          <div title="Share of users preferring IPv6 (APNIC Labs, 30 days), weighted across measured networks">
            <dt>IPv6 preferred</dt>
            <dd>{c.ipv6Share.share === null ? "—" : formatPercent1(c.ipv6Share.share)}</dd>
            <dd className="muted">
              {formatInteger(c.ipv6Share.networks)} measured networks
              {c.ipv6Share.weightedBy ? `, weighted by ${c.ipv6Share.weightedBy}` : ""}
            </dd>
          </div>
          <div>
            <dt>ASNs</dt>
            <dd>{formatInteger(c.asns)}</dd>
          </div>
          <div>
            <dt>IPv4 addresses</dt>
            <dd>{formatInteger(c.ipv4Addresses)}</dd>
          </div>
          <div>
            <dt>IPv6 space (/32 eq.)</dt>
            <dd>{formatSlash32(c.ipv6Slash32)}</dd>
          </div>
          <div>
            <dt>Organisations</dt>
            <dd>{formatInteger(c.organisations)}</dd>
            <dd className="muted">
              {c.ipv6HolderShare === null ? "" : `${formatPercent(c.ipv6HolderShare)} hold IPv6 space`}
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="country-trend-heading">
        <h2 id="country-trend-heading">Trend</h2>
        <TrendSection cc={c.cc} name={c.name} />
      </section>
      <section aria-labelledby="country-networks-heading">
        <h2 id="country-networks-heading">Networks</h2>
        <NetworksSection cc={c.cc} />
      </section>
      <section aria-labelledby="country-resources-heading">
        <h2 id="country-resources-heading">Allocation vs announcement</h2>
        <ResourcesSection cc={c.cc} dataDate={meta.registryDataDate} />
      </section>
    </>
  );
}
