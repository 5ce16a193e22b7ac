import { lazy, Suspense, useMemo } from "react";
import { ChartFrame } from "../components/chart-frame";
import { STATES, StateBadge, stateLabel } from "../components/state-badge";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { ActivitySection } from "../features/activity/components/activity-section";
import { useCountry } from "../features/countries/api/get-country";
import { useCountryNetworks } from "../features/countries/api/get-country-networks";
import { useCountryResources } from "../features/countries/api/get-country-resources";
import { useCountryTrend } from "../features/countries/api/get-country-trend";
import type { CountryTrendRow } from "../features/countries/components/country-trend-chart";
import { NetworksTable } from "../features/countries/components/networks-table";
import { FAMILY_LABEL, ResourcesFigures } from "../features/countries/components/resources-figures";
import { roaCoverage } from "../features/countries/networks-shaping";
import { SubscribeForm } from "../features/subscriptions/components/subscribe-form";
import { apiSentence } from "../lib/api-text";
import { formatDay } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { economyName, subRegionName } from "../lib/economy-names";
import { formatInteger, formatPercent, formatPercent1, formatSlash32 } from "../lib/format";
import { useT } from "../lib/i18n";

const CountryTrendChart = lazy(() => import("../features/countries/components/country-trend-chart"));

const APNIC = "APNIC Labs";
const pct = (v: unknown) => (typeof v === "number" ? formatPercent1(v) : "—");

function TrendSection({ cc, name }: { cc: string; name: string }) {
  const t = useT();
  const trend = useCountryTrend(cc);
  const rows = useMemo<CountryTrendRow[]>(() => {
    const beacon = new Map((trend.data?.data.beacon ?? []).map((b) => [b.date, b]));
    return (
      trend.data?.data.series.map((d) => ({
        date: d.date,
        share: d.share,
        networks: d.networks,
        beacon: beacon.get(d.date)?.share ?? null,
        beaconTests: beacon.get(d.date)?.tests ?? null,
      })) ?? []
    );
  }, [trend.data]);
  if (trend.isPending) return <Loading label={t("country.trendLoading")} />;
  if (trend.isError) return <LoadError error={trend.error} onRetry={() => trend.refetch()} />;
  const d = trend.data.data;
  return (
    <ChartFrame
      title={t("country.trendTitle", { name })}
      provenance={{
        source: APNIC,
        metric: t("metric.preferredWeighted"),
        window: t("window.daily", { start: d.start, end: d.end }),
        dataDate: d.end,
      }}
      columns={[
        { key: "date", label: t("common.date") },
        { key: "share", label: t("common.ipv6Preferred"), numeric: true, format: pct },
        { key: "networks", label: t("common.networks"), numeric: true },
        ...(d.beacon.length > 0
          ? [
              { key: "beacon", label: t("country.beaconSeries"), numeric: true, format: pct },
              { key: "beaconTests", label: t("country.beaconTests"), numeric: true },
            ]
          : []),
      ]}
      rows={rows}
      filename={`${cc.toLowerCase()}-trend-${d.end}`}
      note={apiSentence(t, d.method)}
    >
      {rows.some((r) => r.share !== null) ? (
        <Suspense fallback={<Loading label={t("chart.loading")} />}>
          <CountryTrendChart rows={rows} threshold={0.2} />
        </Suspense>
      ) : (
        <p className="state">{t("country.trendNone", { cc })}</p>
      )}
    </ChartFrame>
  );
}

function NetworksSection({ cc }: { cc: string }) {
  const t = useT();
  const networks = useCountryNetworks(cc);
  if (networks.isPending) return <Loading label={t("country.networksLoading")} />;
  if (networks.isError) return <LoadError error={networks.error} onRetry={() => networks.refetch()} />;
  const d = networks.data.data;
  const counts = Object.fromEntries(STATES.map((s) => [s, d.networks.filter((n) => n.state === s).length]));
  return (
    <ChartFrame
      title={t("networks.registeredIn", { cc })}
      provenance={{
        source: t("country.networksSource", { apnic: APNIC }),
        metric: t("metric.preferredPerNetwork"),
        window: t("window.span", { start: d.window.start, end: d.window.end }),
        dataDate: d.evaluationDate,
      }}
      columns={[
        { key: "asn", label: t("common.asn") },
        { key: "name", label: t("common.name") },
        {
          key: "state",
          label: t("common.state"),
          format: (v) => stateLabel(t, v as (typeof STATES)[number]),
        },
        { key: "share", label: t("country.share"), numeric: true, format: pct },
        { key: "lo", label: t("country.low"), numeric: true, format: pct },
        { key: "hi", label: t("country.high"), numeric: true, format: pct },
        {
          key: "samples",
          label: t("common.samples"),
          numeric: true,
          format: (v) => formatInteger(Number(v)),
        },
        {
          key: "users",
          label: t("common.users"),
          numeric: true,
          format: (v) => (typeof v === "number" ? formatInteger(v) : "—"),
        },
        { key: "routes", label: t("country.routes"), numeric: true, format: (v) => formatInteger(Number(v)) },
        {
          key: "roaCoverage",
          label: t("common.roaCoverage"),
          numeric: true,
          format: (v) => (typeof v === "number" ? formatPercent(v) : "—"),
        },
        {
          key: "invalid",
          label: t("country.rpkiInvalid"),
          numeric: true,
          format: (v) => formatInteger(Number(v)),
        },
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
      views={[t("country.sortableTable"), t("country.allRows")]}
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
  const t = useT();
  const resources = useCountryResources(cc);
  if (resources.isPending) return <Loading label={t("country.resourcesLoading")} />;
  if (resources.isError) return <LoadError error={resources.error} onRetry={() => resources.refetch()} />;
  const families = resources.data.data.families;
  const integer = (v: unknown) => formatInteger(Number(v));
  return (
    <ChartFrame
      title={t("country.resourcesTitle")}
      provenance={{
        source: t("country.resourcesSource"),
        metric: t("country.resourcesMetric"),
        window: t("country.resourcesWindow"),
        dataDate,
      }}
      columns={[
        {
          key: "family",
          label: t("common.family"),
          format: (v) => FAMILY_LABEL[v as "ipv4" | "ipv6"] ?? String(v),
        },
        { key: "heldPrefixes", label: t("country.heldPrefixes"), numeric: true, format: integer },
        { key: "heldSpace", label: t("country.heldSpace"), numeric: true, format: integer },
        { key: "announcedPrefixes", label: t("country.announcedPrefixes"), numeric: true, format: integer },
        { key: "announcedSpace", label: t("country.announcedSpace"), numeric: true, format: integer },
        { key: "routes", label: t("country.routesFromAsns"), numeric: true, format: integer },
      ]}
      rows={families}
      filename={`${cc.toLowerCase()}-allocation-vs-announcement`}
      note={t("country.resourcesNote")}
    >
      <ResourcesFigures families={families} />
    </ChartFrame>
  );
}

export function CountryPage({ cc }: { cc: string }) {
  const t = useT();
  const country = useCountry(cc);
  const name = economyName(cc, country.data?.data.name, t.locale);
  useDocumentTitle(name);
  if (country.isPending) return <Loading label={t("country.loading", { name })} />;
  if (country.isError) return <LoadError error={country.error} onRetry={() => country.refetch()} />;
  const { data: c, meta } = country.data;
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="country-heading">
        <h1 id="country-heading">{name}</h1>
        <p className="lede">
          <span className="cc">{c.cc}</span> {subRegionName(t, c.subRegion)}
          {meta.registryDataDate
            ? ` · ${t("country.registryDate", { date: formatDay(meta.registryDataDate) })}`
            : ""}
        </p>
        <dl className="totals">
          <div title={t("country.preferredTitle")}>
            <dt>{t("common.ipv6Preferred")}</dt>
            <dd>{c.ipv6Share.share === null ? "—" : formatPercent1(c.ipv6Share.share)}</dd>
            <dd className="muted">
              {c.ipv6Share.weightedBy
                ? t.plural("country.measuredWeighted", c.ipv6Share.networks, {
                    weight: t(`weight.${c.ipv6Share.weightedBy}`),
                  })
                : t.plural("region.measuredNetworks", c.ipv6Share.networks)}
            </dd>
          </div>
          <div>
            <dt>{t("common.asns")}</dt>
            <dd>{formatInteger(c.asns)}</dd>
          </div>
          <div>
            <dt>{t("common.ipv4Addresses")}</dt>
            <dd>{formatInteger(c.ipv4Addresses)}</dd>
          </div>
          <div>
            <dt>{t("common.ipv6Space")}</dt>
            <dd>{formatSlash32(c.ipv6Slash32)}</dd>
          </div>
          <div>
            <dt>{t("common.organisations")}</dt>
            <dd>{formatInteger(c.organisations)}</dd>
            <dd className="muted">
              {c.ipv6HolderShare === null
                ? ""
                : t("country.holdIpv6", { share: formatPercent(c.ipv6HolderShare) })}
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="country-trend-heading">
        <h2 id="country-trend-heading">{t("country.trendHeading")}</h2>
        <TrendSection cc={c.cc} name={name} />
      </section>
      <section aria-labelledby="country-networks-heading">
        <h2 id="country-networks-heading">{t("common.networks")}</h2>
        <NetworksSection cc={c.cc} />
      </section>
      <section aria-labelledby="country-resources-heading">
        <h2 id="country-resources-heading">{t("country.resourcesHeading")}</h2>
        <ResourcesSection cc={c.cc} dataDate={meta.registryDataDate} />
      </section>
      <ActivitySection subject={{ kind: "economy", cc: c.cc }} />
      <SubscribeForm subject={{ kind: "economy", cc: c.cc }} label={name} />
    </>
  );
}
