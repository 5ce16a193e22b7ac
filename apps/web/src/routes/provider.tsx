import { lazy, Suspense } from "react";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { StateBadge } from "../features/jim-bound/components/state-badge";
import { useAsnStanding } from "../features/provider/api/get-asn-standing";
import { formatInteger, formatPercent1 } from "../lib/format";

const ShareChart = lazy(() => import("../features/provider/components/share-chart"));

export function ProviderPage({ asn }: { asn: number }) {
  const query = useAsnStanding(asn);
  if (query.isPending) return <Loading label={`Loading AS${asn}…`} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const { data, meta } = query.data;
  const s = data.standing;
  const preferred = s.metrics.preferred;
  const projection =
    s.projection === null
      ? "not enough days for a trend"
      : s.projection.kind === "above"
        ? "above the line on its 90-day trend"
        : s.projection.kind === "crossing"
          ? `crosses the line around ${s.projection.date} at its 90-day pace`
          : `not at this pace (${s.projection.reason})`;
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="provider-heading">
        <h1 id="provider-heading">
          AS{data.asn} {data.name ?? ""}
        </h1>
        <p className="lede">
          {data.cc ? `Registered in ${data.cc}` : "Not in the region's registry data"}
          {data.organisation
            ? ` · organisation ${data.organisation.name ?? data.organisation.id} (${data.organisation.asns.map((a) => `AS${a}`).join(", ")})`
            : ""}
        </p>
        <dl className="totals">
          <div>
            <dt>Jim Bound state</dt>
            <dd>
              <StateBadge state={preferred.state} />
            </dd>
          </div>
          <div title="Pooled over the window, with its 95% Wilson interval">
            <dt>IPv6 preferred</dt>
            <dd>{preferred.share === null ? "—" : formatPercent1(preferred.share)}</dd>
            <dd className="muted">
              {preferred.lo === null
                ? ""
                : `[${formatPercent1(preferred.lo)}–${formatPercent1(preferred.hi ?? 0)}] · `}
              {formatInteger(preferred.samples)} samples, {preferred.days} days
            </dd>
          </div>
          <div>
            <dt>Rank</dt>
            <dd>{s.rankInCountry ? `${s.rankInCountry.rank} of ${s.rankInCountry.of}` : "—"}</dd>
            <dd className="muted">
              {s.rankInRegion ? `${s.rankInRegion.rank} of ${s.rankInRegion.of} in the region` : "not ranked"}
            </dd>
          </div>
          <div>
            <dt>Distance to {formatPercent1(s.threshold)}</dt>
            <dd>
              {s.distanceToThreshold === null
                ? "—"
                : s.distanceToThreshold <= 0
                  ? `${(-100 * s.distanceToThreshold).toFixed(1)} pts above`
                  : `${(100 * s.distanceToThreshold).toFixed(1)} pts to go`}
            </dd>
            <dd className="muted">{projection}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">IPv6 share, last 365 days</h2>
        <Suspense fallback={<Loading label="Loading chart…" />}>
          <ShareChart standing={s} />
        </Suspense>
      </section>
      <section aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">Readiness ladder</h2>
        <ol className="ladder">
          {data.ladder.map((step) => (
            <li key={step.step} className={step.done ? "done" : "todo"}>
              <strong>
                {step.done ? "✓" : "✗"} {step.title}
              </strong>{" "}
              <span className="muted">{step.evidence}</span>
              {step.next && <div className="next">Next: {step.next}</div>}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="routing-heading">
        <h2 id="routing-heading">Routing and RPKI</h2>
        <p className="lede">
          {data.routing.counts.valid} valid, {data.routing.counts.invalid} invalid,{" "}
          {data.routing.counts.notFound} without a ROA.{" "}
          {data.routing.unannouncedIpv6.length > 0
            ? `Never announced: ${data.routing.unannouncedIpv6.join(", ")}.`
            : ""}
        </p>
        <div className="table-scroll">
          <table className="data-table" aria-label="Announced routes and their RPKI state">
            <thead>
              <tr>
                <th scope="col">Prefix</th>
                <th scope="col">Origin</th>
                <th scope="col">RPKI</th>
                <th scope="col">VRPs involved</th>
              </tr>
            </thead>
            <tbody>
              {data.routing.announced.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    No route originated by AS{data.asn} in the loaded routing data.
                  </td>
                </tr>
              )}
              {data.routing.announced.map((r) => (
                <tr key={`${r.prefix} ${r.origin}`}>
                  <th scope="row">{r.prefix}</th>
                  <td>AS{r.origin}</td>
                  <td>
                    {r.state === "invalid"
                      ? `invalid (${r.reason === "length" ? "too specific" : "other AS"})`
                      : r.state}
                  </td>
                  <td className="muted">
                    {r.vrps
                      ? [...r.vrps.unmatched_as, ...r.vrps.unmatched_length]
                          .map((v) => `${v.asn} ${v.prefix}-${v.max_length}`)
                          .join("; ")
                      : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
