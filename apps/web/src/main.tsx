import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { PageLink } from "./components/page-link";
import { Loading } from "./components/status";
import { SearchBox } from "./features/search/components/search-box";
import { currentLocale, HTML_LANG, LOCALES, type Locale, setLocale, useLocale, useT } from "./lib/i18n";
import {
  challengeResultsId,
  committeeEntryId,
  countryCode,
  jimBoundResultsId,
  navigate,
  organisationId,
  organisationReport,
  PAGES,
  type PagePath,
  providerAsn,
  usePath,
} from "./lib/navigation";
import { queryClient } from "./lib/query-client";
import { homeOf, useSession, useSignOut } from "./lib/session";
import { JimBoundPage } from "./routes/jim-bound";
import { OrganisationPage } from "./routes/organisation";
import { ProviderPage } from "./routes/provider";
import { RegionPage } from "./routes/region";
import "./styles.css";

// Signed-in and results pages load on demand: most visitors never open them.
const CountryPage = lazy(async () => ({ default: (await import("./routes/country")).CountryPage }));
const SignInPage = lazy(async () => ({ default: (await import("./routes/sign-in")).SignInPage }));
const InvitationPage = lazy(async () => ({ default: (await import("./routes/sign-in")).InvitationPage }));
const MyEntryPage = lazy(async () => ({ default: (await import("./routes/my-entry")).MyEntryPage }));
const MyDisputesPage = lazy(async () => ({ default: (await import("./routes/my-disputes")).MyDisputesPage }));
const MyNetworksPage = lazy(async () => ({ default: (await import("./routes/my-networks")).MyNetworksPage }));
const CommitteePage = lazy(async () => ({ default: (await import("./routes/committee")).CommitteePage }));
const CommitteeEntryPage = lazy(async () => ({
  default: (await import("./routes/committee")).CommitteeEntryPage,
}));
const WebhooksPage = lazy(async () => ({ default: (await import("./routes/webhooks")).WebhooksPage }));
const MonthlyReportPage = lazy(async () => ({
  default: (await import("./routes/monthly-report")).MonthlyReportPage,
}));
const MethodPage = lazy(async () => ({ default: (await import("./routes/method")).MethodPage }));
const TestConnectionPage = lazy(async () => ({
  default: (await import("./routes/test-connection")).TestConnectionPage,
}));
const ConfirmSubscriptionPage = lazy(async () => ({
  default: (await import("./routes/subscriptions")).ConfirmSubscriptionPage,
}));
const UnsubscribePage = lazy(async () => ({
  default: (await import("./routes/subscriptions")).UnsubscribePage,
}));
const ManageSubscriptionPage = lazy(async () => ({
  default: (await import("./routes/subscriptions")).ManageSubscriptionPage,
}));
const AdminPage = lazy(async () => ({ default: (await import("./routes/admin")).AdminPage }));
const ResultsIndexPage = lazy(async () => ({ default: (await import("./routes/results")).ResultsIndexPage }));
const ChallengeResultsPage = lazy(async () => ({
  default: (await import("./routes/results")).ChallengeResultsPage,
}));
const JimBoundResultsPage = lazy(async () => ({
  default: (await import("./routes/results")).JimBoundResultsPage,
}));

function AccountNav() {
  const session = useSession();
  const signOut = useSignOut();
  const path = usePath();
  const t = useT();
  const account = session.data?.account;
  if (!account) return <NavLink to={PAGES.signIn}>{t("nav.signIn")}</NavLink>;
  const home = homeOf(account);
  const label = t(
    account.role === "admin" ? "nav.admin" : account.role === "committee" ? "nav.committee" : "nav.myEntry",
  );
  return (
    <>
      <PageLink to={home} current={path === home}>
        {label}
      </PageLink>
      {account.role === "isp" && <NavLink to={PAGES.myNetworks}>{t("nav.myNetworks")}</NavLink>}
      {account.role === "isp" && <NavLink to={PAGES.myDisputes}>{t("nav.myDisputes")}</NavLink>}
      {(account.role === "isp" || account.role === "admin") && (
        <NavLink to={PAGES.webhooks}>{t("nav.webhooks")}</NavLink>
      )}
      <button
        type="button"
        className="link nav-button"
        title={t("nav.signedInAs", { email: account.email })}
        onClick={() => signOut.mutate(undefined, { onSettled: () => navigate(PAGES.region) })}
      >
        {t("nav.signOut")}
      </button>
    </>
  );
}

function NavLink({ to, children }: { to: PagePath; children: string }) {
  return (
    <PageLink to={to} current={usePath() === to}>
      {children}
    </PageLink>
  );
}

function Page({ path }: { path: string }) {
  if (path === PAGES.jimBound) return <JimBoundPage />;
  if (path === PAGES.signIn) return <SignInPage />;
  if (path === PAGES.invitation) return <InvitationPage />;
  if (path === PAGES.myEntry) return <MyEntryPage />;
  if (path === PAGES.myDisputes) return <MyDisputesPage />;
  if (path === PAGES.myNetworks) return <MyNetworksPage />;
  if (path === PAGES.webhooks) return <WebhooksPage />;
  if (path === PAGES.committee) return <CommitteePage />;
  if (path === PAGES.admin) return <AdminPage />;
  if (path === PAGES.results) return <ResultsIndexPage />;
  if (path === PAGES.method) return <MethodPage />;
  if (path === PAGES.testConnection) return <TestConnectionPage />;
  if (path === PAGES.subscriptionConfirm) return <ConfirmSubscriptionPage />;
  if (path === PAGES.unsubscribe) return <UnsubscribePage />;
  if (path === PAGES.manageSubscription) return <ManageSubscriptionPage />;
  const entry = committeeEntryId(path);
  if (entry !== null) return <CommitteeEntryPage key={entry} entryId={entry} />;
  const challengeResults = challengeResultsId(path);
  if (challengeResults !== null) return <ChallengeResultsPage key={challengeResults} id={challengeResults} />;
  const jimBoundResults = jimBoundResultsId(path);
  if (jimBoundResults !== null) return <JimBoundResultsPage key={jimBoundResults} id={jimBoundResults} />;
  const asn = providerAsn(path);
  if (asn !== null) return <ProviderPage key={asn} asn={asn} />;
  const cc = countryCode(path);
  if (cc !== null) return <CountryPage key={cc} cc={cc} />;
  const report = organisationReport(path);
  if (report !== null) return <MonthlyReportPage key={path} id={report.id} month={report.month} />;
  const org = organisationId(path);
  if (org !== null) return <OrganisationPage key={org} id={org} />;
  return <RegionPage />;
}

function LanguageSwitch() {
  const locale = useLocale();
  const t = useT();
  return (
    <label className="language">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select
        aria-label={t("nav.language")}
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
      >
        {Object.entries(LOCALES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function App() {
  const path = usePath();
  const t = useT();
  return (
    <QueryClientProvider client={queryClient}>
      <header className="site-header">
        <a className="brand" href="/">
          Atalaya
        </a>
        <span className="tagline">{t("site.tagline")}</span>
        <nav>
          <NavLink to={PAGES.region}>{t("nav.region")}</NavLink>
          <NavLink to={PAGES.jimBound}>{t("nav.jimBound")}</NavLink>
          <NavLink to={PAGES.results}>{t("nav.results")}</NavLink>
          <NavLink to={PAGES.testConnection}>{t("nav.test")}</NavLink>
          <a href="/api/docs">{t("nav.api")}</a>
          <AccountNav />
          <LanguageSwitch />
        </nav>
        <SearchBox />
      </header>
      <main>
        <Suspense fallback={<Loading label={t("state.loadingPage")} />}>
          <Page path={path} />
        </Suspense>
      </main>
      <footer className="site-footer">{t("site.footer")}</footer>
    </QueryClientProvider>
  );
}

document.documentElement.lang = HTML_LANG[currentLocale()];
const root = document.getElementById("root");
if (!root) throw new Error("missing #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
