/**
 * "My networks" for ISP accounts: the organisations and networks the account acts for with their
 * Jim Bound state, the e-mail alerts on them, and where webhooks are managed.
 */
import { PageLink } from "../components/page-link";
import { SignInRequired } from "../components/sign-in-required";
import { DemoBanner, LoadError, Loading } from "../components/status";
import { useMyNetworks } from "../features/my-networks/api/get-my-networks";
import { MyNetworksTable } from "../features/my-networks/components/my-networks-table";
import { MySubscriptions, type OwnSubject } from "../features/subscriptions/components/my-subscriptions";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { PAGES } from "../lib/navigation";
import { type SignedInAccount, useSession } from "../lib/session";

function MyNetworksBody({ account }: { account: SignedInAccount }) {
  const t = useT();
  const mine = useMyNetworks();
  if (mine.isPending) return <Loading label={t("myNetworks.loading")} />;
  if (mine.isError) return <LoadError error={mine.error} onRetry={() => mine.refetch()} />;
  const { data, meta } = mine.data;
  const subjects: OwnSubject[] = [
    ...data.organisations.map((o) => ({ kind: "organisation" as const, id: o.id, label: o.name ?? o.id })),
    ...data.networks.map((n) => ({
      kind: "network" as const,
      id: String(n.asn),
      label: n.name ? `AS${n.asn} ${n.name}` : `AS${n.asn}`,
    })),
  ];
  return (
    <>
      {meta.demo && <DemoBanner />}
      <section aria-labelledby="my-networks-list-heading">
        <h2 id="my-networks-list-heading">{t("myNetworks.heading")}</h2>
        <MyNetworksTable networks={data} />
      </section>
      <MySubscriptions subjects={subjects} ownEmail={account.email} />
      {/* Webhooks are built on their own page; this section only leads there. */}
      <section className="panel" aria-labelledby="my-networks-webhooks-heading">
        <h2 id="my-networks-webhooks-heading">{t("myNetworks.webhooksHeading")}</h2>
        <p>
          {t.rich("myNetworks.webhooksBody", {
            link: <PageLink to={PAGES.webhooks}>{t("myNetworks.webhooksLink")}</PageLink>,
          })}
        </p>
      </section>
    </>
  );
}

export function MyNetworksPage() {
  const t = useT();
  useDocumentTitle(t("nav.myNetworks"));
  const session = useSession();
  if (session.isPending) return <Loading label={t("state.loading")} />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => session.refetch()} />;
  const account = session.data?.account ?? null;
  if (account?.role !== "isp") return <SignInRequired account={account} audience={t("audience.isp")} />;
  return (
    <>
      <h1>{t("nav.myNetworks")}</h1>
      <p className="lede">{t("myNetworks.lede")}</p>
      <MyNetworksBody account={account} />
    </>
  );
}
