import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PageLink } from "./components/page-link";
import { SearchBox } from "./features/search/components/search-box";
import { organisationId, PAGES, type PagePath, providerAsn, usePath } from "./lib/navigation";
import { queryClient } from "./lib/query-client";
import { JimBoundPage } from "./routes/jim-bound";
import { OrganisationPage } from "./routes/organisation";
import { ProviderPage } from "./routes/provider";
import { RegionPage } from "./routes/region";
import "./styles.css";

function NavLink({ to, children }: { to: PagePath; children: string }) {
  return (
    <PageLink to={to} current={usePath() === to}>
      {children}
    </PageLink>
  );
}

function Page({ path }: { path: string }) {
  if (path === PAGES.jimBound) return <JimBoundPage />;
  const asn = providerAsn(path);
  if (asn !== null) return <ProviderPage key={asn} asn={asn} />;
  const org = organisationId(path);
  if (org !== null) return <OrganisationPage key={org} id={org} />;
  return <RegionPage />;
}

function App() {
  const path = usePath();
  return (
    <QueryClientProvider client={queryClient}>
      <header className="site-header">
        <a className="brand" href="/">
          Atalaya
        </a>
        <span className="tagline">IPv6 observatory for Latin America and the Caribbean</span>
        <nav>
          <NavLink to={PAGES.region}>Region</NavLink>
          <NavLink to={PAGES.jimBound}>Jim Bound board</NavLink>
          <a href="/api/docs">API</a>
        </nav>
        <SearchBox />
      </header>
      <main>
        <Page path={path} />
      </main>
      <footer className="site-footer">
        Registry data: LACNIC statistics exchange files. Atalaya is open source.
      </footer>
    </QueryClientProvider>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("missing #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
