import { lazy, Suspense } from "react";
import { PageLink } from "../components/page-link";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { useAsnStanding } from "../features/provider/api/get-asn-standing";
import { BadgeEmbed } from "../features/provider/components/badge-embed";
import { ReadinessLadder } from "../features/provider/components/readiness-ladder";
import { RoutingSection } from "../features/provider/components/routing-section";
import { StandingSummary } from "../features/provider/components/standing-summary";
import { organisationPath, providerPath } from "../lib/navigation";

const ShareChart = lazy(() => import("../features/provider/components/share-chart"));

export function ProviderPage({ asn }: { asn: number }) {
  const query = useAsnStanding(asn);
  if (query.isPending) return <Loading label={`Loading AS${asn}…`} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const { data, meta } = query.data;
  const org = data.organisation;
  const siblings = org ? org.asns.filter((a) => a !== data.asn) : [];
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
          {org && (
            <>
              {" · organisation "}
              <PageLink to={organisationPath(org.id)}>{org.name ?? org.id}</PageLink>
              {siblings.length > 0 && (
                <>
                  {" with "}
                  {siblings.map((a, i) => (
                    <span key={a}>
                      {i > 0 ? ", " : ""}
                      <PageLink to={providerPath(a)}>AS{a}</PageLink>
                    </span>
                  ))}
                </>
              )}
            </>
          )}
        </p>
        <StandingSummary standing={data.standing} cc={data.cc} ranked="networks" />
      </section>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">IPv6 share, last 365 days</h2>
        <Suspense fallback={<Loading label="Loading chart…" />}>
          <ShareChart standing={data.standing} />
        </Suspense>
      </section>
      <section aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">Readiness ladder</h2>
        <ReadinessLadder ladder={data.ladder} />
      </section>
      <RoutingSection routing={data.routing} who={`AS${data.asn}`} />
      <section aria-labelledby="badge-heading">
        <h2 id="badge-heading">Badge</h2>
        <BadgeEmbed asn={data.asn} />
      </section>
    </>
  );
}
