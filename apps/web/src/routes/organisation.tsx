import { lazy, Suspense } from "react";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { useOrganisationStanding } from "../features/provider/api/get-organisation-standing";
import { MemberNetworks } from "../features/provider/components/member-networks";
import { ReadinessLadder } from "../features/provider/components/readiness-ladder";
import { RoutingSection } from "../features/provider/components/routing-section";
import { StandingSummary } from "../features/provider/components/standing-summary";

const ShareChart = lazy(() => import("../features/provider/components/share-chart"));

export function OrganisationPage({ id }: { id: string }) {
  const query = useOrganisationStanding(id);
  if (query.isPending) return <Loading label={`Loading organisation ${id}…`} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const { data, meta } = query.data;
  const s = data.standing;
  const networks = `${data.asns.length} network${data.asns.length === 1 ? "" : "s"}`;
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="organisation-heading">
        <h1 id="organisation-heading">{data.name ?? data.id}</h1>
        <p className="lede">
          Resource holder {data.id}
          {data.cc ? ` in ${data.cc}` : ""} · {networks}, pooled over {s.window.start} – {s.window.end}: the
          organisation&apos;s share sums its networks&apos; samples, it is not an average of their shares.
        </p>
        <StandingSummary standing={s} cc={data.cc} ranked="organisations" />
      </section>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Networks ({data.asns.length})</h2>
        <MemberNetworks members={data.asns} />
      </section>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">Pooled IPv6 share, last 365 days</h2>
        <Suspense fallback={<Loading label="Loading chart…" />}>
          <ShareChart standing={s} />
        </Suspense>
      </section>
      <section aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">Readiness ladder</h2>
        <ReadinessLadder ladder={data.ladder} />
      </section>
      <RoutingSection routing={data.routing} who={`the organisation's ${networks}`} />
    </>
  );
}
