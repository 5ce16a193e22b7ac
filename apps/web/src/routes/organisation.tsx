import { lastReportMonth } from "@atalaya/metrics";
import { lazy, Suspense } from "react";
import { PageLink } from "../components/page-link";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { ActivitySection } from "../features/activity/components/activity-section";
import { useOrganisationStanding } from "../features/provider/api/get-organisation-standing";
import { MemberNetworks } from "../features/provider/components/member-networks";
import { ReadinessLadder } from "../features/provider/components/readiness-ladder";
import { RoutingSection } from "../features/provider/components/routing-section";
import { StandingSummary } from "../features/provider/components/standing-summary";
import { SubscribeForm } from "../features/subscriptions/components/subscribe-form";
import { formatDayRange } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { economyName } from "../lib/economy-names";
import { formatInteger } from "../lib/format";
import { useT } from "../lib/i18n";
import { organisationReportPath } from "../lib/navigation";

const ShareChart = lazy(() => import("../features/provider/components/share-chart"));

export function OrganisationPage({ id }: { id: string }) {
  const t = useT();
  const query = useOrganisationStanding(id);
  useDocumentTitle(query.data?.data.name ?? id);
  if (query.isPending) return <Loading label={t("organisation.loading", { id })} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const { data, meta } = query.data;
  const s = data.standing;
  const networks = t.plural("region.networks", data.asns.length);
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="organisation-heading">
        <h1 id="organisation-heading">{data.name ?? data.id}</h1>
        <p className="lede">
          {data.cc
            ? t("organisation.holderIn", { id: data.id, economy: economyName(data.cc, null, t.locale) })
            : t("organisation.holder", { id: data.id })}{" "}
          · {t("organisation.pooled", { networks, window: formatDayRange(s.window.start, s.window.end) })} ·{" "}
          <PageLink
            to={organisationReportPath(
              data.id,
              lastReportMonth(s.evaluationDate, new Date().toISOString().slice(0, 10)),
            )}
          >
            {t("report.link")}
          </PageLink>
        </p>
        <StandingSummary standing={s} cc={data.cc} ranked="organisations" />
      </section>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">
          {t("organisation.membersHeading", { count: formatInteger(data.asns.length) })}
        </h2>
        <MemberNetworks members={data.asns} />
      </section>
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t("organisation.trendHeading")}</h2>
        <Suspense fallback={<Loading label={t("chart.loading")} />}>
          <ShareChart standing={s} />
        </Suspense>
      </section>
      <section aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">{t("provider.ladderHeading")}</h2>
        <ReadinessLadder ladder={data.ladder} routing={data.routing} standing={s} />
      </section>
      <RoutingSection routing={data.routing} who={t("organisation.who", { networks })} />
      <ActivitySection subject={{ kind: "organisation", id: data.id }} />
      <SubscribeForm subject={{ kind: "organisation", id: data.id }} label={data.name ?? data.id} />
    </>
  );
}
