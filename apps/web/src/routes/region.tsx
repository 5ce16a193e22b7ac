import { lazy, Suspense, useEffect, useMemo } from "react";
import { ChartFrame, type Column } from "../components/chart-frame";
import { STATES, stateLabel } from "../components/state-badge";
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
import { apiSentence } from "../lib/api-text";
import { formatDay, formatDayRange } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { economyName, subRegionName } from "../lib/economy-names";
import { formatInteger, formatPercent, formatPercent1, formatSlash32 } from "../lib/format";
import { type Translator, useT } from "../lib/i18n";
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
const mapColumns = (t: Translator): Column<MapRow>[] => [
  { key: "cc", label: t("common.code") },
  { key: "name", label: t("common.economy") },
  { key: "subRegion", label: t("common.subRegion") },
  { key: "share", label: t("common.ipv6Preferred"), numeric: true, format: pct },
  { key: "networks", label: t("region.measuredNetworksColumn"), numeric: true },
  {
    key: "weightedBy",
    label: t("region.weightedBy"),
    format: (v) => (v === "users" || v === "samples" ? t(`weight.${v}`) : "—"),
  },
];

function MapSection({ countries, measurement }: { countries: CountrySummary[]; measurement: Measurement }) {
  const t = useT();
  const rows: MapRow[] = countries.map((c) => ({
    cc: c.cc,
    name: economyName(c.cc, c.name, t.locale),
    subRegion: subRegionName(t, c.subRegion),
    share: c.ipv6Share.share,
    networks: c.ipv6Share.networks,
    weightedBy: c.ipv6Share.weightedBy,
  }));
  return (
    <section aria-labelledby="map-heading">
      <h2 id="map-heading">{t("region.mapHeading")}</h2>
      <ChartFrame
        title={t("region.mapTitle")}
        provenance={{
          source: APNIC,
          metric: t("metric.preferredWeighted"),
          window: t("window.span", { start: measurement.start, end: measurement.end }),
          dataDate: measurement.evaluationDate,
        }}
        columns={mapColumns(t)}
        rows={rows}
        filename={`ipv6-share-per-economy-${measurement.evaluationDate}`}
        note={t("region.mapNote")}
      >
        <Suspense fallback={<Loading label={t("region.mapLoading")} />}>
          <ChoroplethMap economies={rows} />
        </Suspense>
      </ChartFrame>
    </section>
  );
}

type Measurement = { evaluationDate: string; start: string; end: string };

function TrendSections() {
  const t = useT();
  const trend = useRegionTrend();
  const google = useGoogleContext(trend.data?.data.start);
  const region = useRegion();
  const rows = useMemo(
    () => (trend.data ? regionTrendRows(trend.data.data.region, google.data?.data.series ?? []) : []),
    [trend.data, google.data],
  );
  const subRows = useMemo(() => (trend.data ? subRegionRows(trend.data.data.subRegions) : []), [trend.data]);
  if (trend.isPending) return <Loading label={t("region.trendLoading")} />;
  if (trend.isError) return <LoadError error={trend.error} onRetry={() => trend.refetch()} />;
  const d = trend.data.data;
  const window = t("window.daily", { start: d.start, end: d.end });
  const names = Object.fromEntries(d.subRegions.map((s) => [s.subRegion, subRegionName(t, s.subRegion)]));
  const latest = latestShare(d.region);
  const hasData = d.region.some((day) => day.share !== null);
  const metric = t("metric.preferredWeighted");
  return (
    <>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t("region.trendHeading")}</h2>
        <p className="lede">
          {latest?.share != null
            ? t.plural("region.trendLatest", latest.networks, {
                share: formatPercent1(latest.share),
                date: formatDay(latest.date),
              })
            : t("region.trendNoData")}{" "}
          {t("region.googleContext")}
        </p>
        <ChartFrame
          title={t("region.trendTitle")}
          provenance={{ source: t("region.trendSource", { apnic: APNIC }), metric, window, dataDate: d.end }}
          columns={[
            { key: "date", label: t("common.date") },
            { key: "region", label: t("region.trendRegionColumn"), numeric: true, format: pct },
            { key: "networks", label: t("common.networks"), numeric: true },
            { key: "google", label: t("region.trendWorldColumn"), numeric: true, format: pct },
          ]}
          rows={rows}
          filename={`region-trend-${d.end}`}
          note={apiSentence(t, d.method)}
        >
          {hasData ? (
            <Suspense fallback={<Loading label={t("chart.loading")} />}>
              <RegionTrendChart rows={rows} threshold={0.2} />
            </Suspense>
          ) : (
            <p className="state">{t("region.noDailyData")}</p>
          )}
        </ChartFrame>
      </section>
      <section aria-labelledby="subregions-heading">
        <h2 id="subregions-heading">{t("region.subRegionsHeading")}</h2>
        {region.data && (
          <dl className="totals">
            {region.data.data.subRegions.map((s) => (
              <div
                key={s.subRegion}
                title={t("region.pooledOver", {
                  window: formatDayRange(region.data.data.window.start, region.data.data.window.end),
                })}
              >
                <dt>{subRegionName(t, s.subRegion)}</dt>
                <dd>{s.share === null ? "—" : formatPercent1(s.share)}</dd>
                <dd className="muted">{t.plural("region.measuredNetworks", s.networks)}</dd>
              </div>
            ))}
          </dl>
        )}
        <ChartFrame
          title={t("region.subRegionTitle")}
          provenance={{ source: APNIC, metric, window, dataDate: d.end }}
          columns={[
            { key: "date", label: t("common.date") },
            ...d.subRegions.map((s) => ({
              key: s.subRegion,
              label: subRegionName(t, s.subRegion),
              numeric: true,
              format: pct,
            })),
          ]}
          rows={subRows}
          filename={`sub-region-trend-${d.end}`}
        >
          {hasData ? (
            <Suspense fallback={<Loading label={t("chart.loading")} />}>
              <SubRegionChart rows={subRows} names={names} />
            </Suspense>
          ) : (
            <p className="state">{t("region.noDailyData")}</p>
          )}
        </ChartFrame>
      </section>
    </>
  );
}

function MoversSection() {
  const t = useT();
  const movers = useRegionMovers();
  const points = (v: unknown) => formatPoints(Number(v), (value) => t("region.points", { value }));
  return (
    <section aria-labelledby="movers-heading">
      <h2 id="movers-heading">{t("region.moversHeading")}</h2>
      {movers.isPending ? (
        <Loading label={t("region.moversLoading")} />
      ) : movers.isError ? (
        <LoadError error={movers.error} onRetry={() => movers.refetch()} />
      ) : (
        <div className="two-columns">
          {movers.data.data.periods.map((p) => (
            <ChartFrame
              key={p.days}
              title={p.days === 365 ? t("region.moversYear") : t.plural("region.moversDays", p.days)}
              provenance={{
                source: APNIC,
                metric: t("region.moversMetric", { metric: t("metric.preferredWeighted") }),
                window: t("region.moversWindow", {
                  from: t("window.span", { start: p.from.start, end: p.from.end }),
                  to: t("window.span", { start: p.to.start, end: p.to.end }),
                }),
                dataDate: movers.data.data.evaluationDate,
              }}
              columns={[
                { key: "cc", label: t("common.code") },
                { key: "name", label: t("common.economy") },
                { key: "from", label: t("region.moversFrom"), numeric: true, format: pct },
                { key: "to", label: t("region.moversTo"), numeric: true, format: pct },
                { key: "change", label: t("region.moversChange"), numeric: true, format: points },
              ]}
              rows={p.movers.map((m) => ({ ...m, name: economyName(m.cc, m.name, t.locale) }))}
              filename={`movers-${p.days}-days-${movers.data.data.evaluationDate}`}
              note={
                p.missing.length > 0
                  ? t("region.moversMissing", {
                      economies: new Intl.ListFormat(t.locale, { type: "conjunction" }).format(
                        p.missing.map((cc) => economyName(cc, null, t.locale)),
                      ),
                    })
                  : undefined
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
  const t = useT();
  const counts = useJimBoundCounts();
  return (
    <section aria-labelledby="jim-bound-heading">
      <h2 id="jim-bound-heading">{t("region.jimBoundHeading")}</h2>
      {counts.isPending ? (
        <Loading label={t("region.evaluating")} />
      ) : counts.isError ? (
        <LoadError error={counts.error} onRetry={() => counts.refetch()} />
      ) : (
        <ChartFrame
          title={t("region.jimBoundTitle")}
          provenance={{
            source: APNIC,
            metric: t("region.jimBoundMetric", { threshold: formatPercent(counts.data.data.threshold) }),
            window: t("window.span", {
              start: counts.data.data.window.start,
              end: counts.data.data.window.end,
            }),
            dataDate: counts.data.data.evaluationDate,
          }}
          columns={[
            { key: "scope", label: t("region.scope") },
            ...STATES.map((s) => ({ key: s, label: stateLabel(t, s), numeric: true })),
          ]}
          rows={[
            { scope: t("region.scopeRegion"), ...counts.data.data.region.networks },
            ...counts.data.data.subRegions.map((s) => ({
              scope: subRegionName(t, s.subRegion),
              ...s.networks,
            })),
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
  const t = useT();
  useOldCountryAnchors();
  useDocumentTitle(t("region.title"));
  const countries = useCountries();
  const region = useRegion();
  if (countries.isPending) return <Loading label={t("region.loading")} />;
  if (countries.isError) return <LoadError error={countries.error} onRetry={() => countries.refetch()} />;
  const { data, meta, measurement } = countries.data;
  const totals = data.reduce(
    (sum, c) => ({
      asns: sum.asns + c.asns,
      ipv4: sum.ipv4 + c.ipv4Addresses,
      ipv6: sum.ipv6 + c.ipv6Slash32,
      orgs: sum.orgs + c.organisations,
    }),
    { asns: 0, ipv4: 0, ipv6: 0, orgs: 0 },
  );
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="region-heading">
        <h1 id="region-heading">{t("region.title")}</h1>
        <p className="lede">
          {meta.registryDataDate
            ? t("region.ledeWithDate", {
                count: formatInteger(data.length),
                date: formatDay(meta.registryDataDate),
              })
            : t("region.lede", { count: formatInteger(data.length) })}
        </p>
        <dl className="totals">
          <div>
            <dt>{t("common.asns")}</dt>
            <dd>{formatInteger(totals.asns)}</dd>
          </div>
          <div>
            <dt>{t("common.ipv4Addresses")}</dt>
            <dd>{formatInteger(totals.ipv4)}</dd>
          </div>
          <div>
            <dt>{t("common.ipv6Space")}</dt>
            <dd>{formatSlash32(totals.ipv6)}</dd>
          </div>
          <div>
            <dt>{t("common.organisations")}</dt>
            <dd>{formatInteger(totals.orgs)}</dd>
          </div>
          <div title={t("region.preferredTitle")}>
            <dt>
              {region.data
                ? t("region.preferredTo", { date: formatDay(region.data.data.evaluationDate) })
                : t("common.ipv6Preferred")}
            </dt>
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
        <h2 id="chart-heading">{t("region.spaceHeading")}</h2>
        <ChartFrame
          title={t("region.spaceTitle")}
          provenance={{
            source: t("source.delegated"),
            metric: t("region.spaceMetric"),
            window: t("window.toDate"),
            dataDate: meta.registryDataDate,
          }}
          columns={[
            { key: "cc", label: t("common.code") },
            { key: "name", label: t("common.economy") },
            {
              key: "ipv6Slash32",
              label: t("common.ipv6Slash32"),
              numeric: true,
              format: (v) => formatSlash32(Number(v)),
            },
          ]}
          rows={[...data]
            .sort((a, b) => b.ipv6Slash32 - a.ipv6Slash32)
            .map((c) => ({
              cc: c.cc,
              name: economyName(c.cc, c.name, t.locale),
              ipv6Slash32: c.ipv6Slash32,
            }))}
          filename={`ipv6-space-per-economy-${meta.registryDataDate ?? "latest"}`}
        >
          <Suspense fallback={<Loading label={t("chart.loading")} />}>
            <Ipv6SpaceChart countries={data} />
          </Suspense>
        </ChartFrame>
      </section>
      <section aria-labelledby="table-heading">
        <h2 id="table-heading">{t("region.economiesHeading")}</h2>
        <CountriesTable countries={data} />
      </section>
    </>
  );
}
