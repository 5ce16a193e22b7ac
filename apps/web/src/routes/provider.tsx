import { lazy, Suspense } from "react";
import { PageLink } from "../components/page-link";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { ActivitySection } from "../features/activity/components/activity-section";
import { useAsnStanding } from "../features/provider/api/get-asn-standing";
import { BadgeEmbed } from "../features/provider/components/badge-embed";
import { ReadinessLadder } from "../features/provider/components/readiness-ladder";
import { RoutingSection } from "../features/provider/components/routing-section";
import { StandingSummary } from "../features/provider/components/standing-summary";
import { SubscribeForm } from "../features/subscriptions/components/subscribe-form";
import { useDocumentTitle } from "../lib/document-title";
import { economyName } from "../lib/economy-names";
import { useT } from "../lib/i18n";
import { organisationPath, providerPath } from "../lib/navigation";

const ShareChart = lazy(() => import("../features/provider/components/share-chart"));

export function ProviderPage({ asn }: { asn: number }) {
  const t = useT();
  const query = useAsnStanding(asn);
  const name = query.data?.data.name;
  useDocumentTitle(name ? `AS${asn} ${name}` : `AS${asn}`);
  if (query.isPending) return <Loading label={t("provider.loading", { asn })} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const { data, meta } = query.data;
  const org = data.organisation;
  const siblings = org ? org.asns.filter((a) => a !== data.asn) : [];
  const organisationLink = org ? (
    <PageLink to={organisationPath(org.id)}>{org.name ?? org.id}</PageLink>
  ) : null;
  const siblingLinks = siblings.map((a, i) => (
    <span key={a}>
      {i > 0 ? ", " : ""}
      <PageLink to={providerPath(a)}>AS{a}</PageLink>
    </span>
  ));
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="provider-heading">
        <h1 id="provider-heading">
          AS{data.asn} {data.name ?? ""}
        </h1>
        <p className="lede">
          {data.cc
            ? t("provider.registeredIn", { economy: economyName(data.cc, null, t.locale) })
            : t("provider.notInRegistry")}
          {org && (
            <>
              {" · "}
              {siblings.length > 0
                ? t.rich("provider.organisationWith", {
                    organisation: organisationLink,
                    networks: <>{siblingLinks}</>,
                  })
                : t.rich("provider.organisation", { organisation: organisationLink })}
            </>
          )}
        </p>
        <StandingSummary standing={data.standing} cc={data.cc} ranked="networks" />
      </section>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t("provider.trendHeading")}</h2>
        <Suspense fallback={<Loading label={t("chart.loading")} />}>
          <ShareChart standing={data.standing} />
        </Suspense>
      </section>
      <section aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">{t("provider.ladderHeading")}</h2>
        <ReadinessLadder ladder={data.ladder} routing={data.routing} standing={data.standing} />
      </section>
      <RoutingSection routing={data.routing} who={`AS${data.asn}`} asn={data.asn} />
      <section aria-labelledby="badge-heading">
        <h2 id="badge-heading">{t("provider.badgeHeading")}</h2>
        <BadgeEmbed asn={data.asn} />
      </section>
      <ActivitySection subject={{ kind: "network", asn: data.asn }} />
      <SubscribeForm subject={{ kind: "network", asn: data.asn }} label={`AS${data.asn}`} />
    </>
  );
}
