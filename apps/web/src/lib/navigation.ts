/**
 * A very small client-side router: the pages are few and flat, so the path picks the page and
 * links update history without a library. The server answers index.html for every page path.
 */
import { useEffect, useState } from "react";

export const PAGES = {
  region: "/",
  jimBound: "/jim-bound",
  signIn: "/sign-in",
  invitation: "/sign-in/invitation",
  myEntry: "/my-entry",
  myDisputes: "/my-disputes",
  myNetworks: "/my-networks",
  /** Webhook endpoints of ISP accounts and admins, linked from My networks too. */
  webhooks: "/webhooks",
  committee: "/committee",
  admin: "/admin",
  results: "/results",
  method: "/method",
  /** "Test my connection": the beacon's test for the visitor. */
  testConnection: "/test",
  subscriptionConfirm: "/subscriptions/confirm",
  unsubscribe: "/subscriptions/unsubscribe",
  manageSubscription: "/subscriptions/manage",
} as const;
export type PagePath = (typeof PAGES)[keyof typeof PAGES];

/** The ASN of a provider page path (`/as/64496`), or null. */
export function providerAsn(path: string): number | null {
  const m = /^\/as\/(\d{1,10})$/.exec(path);
  return m ? Number(m[1]) : null;
}

export const providerPath = (asn: number) => `/as/${asn}`;

/**
 * The organisation id (`lacnic:900001`, as the API writes it) of an organisation page path
 * (`/org/lacnic:900001`), or null.
 */
export function organisationId(path: string): string | null {
  const m = /^\/org\/([a-z]+:[^/]+)$/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return null;
  }
}

export const organisationPath = (id: string) =>
  `/org/${id
    .split(":")
    .map((part) => encodeURIComponent(part))
    .join(":")}`;

/**
 * An organisation's monthly report page (`/org/lacnic:900001/report/2026-10`): its organisation
 * id and month, or null.
 */
export function organisationReport(path: string): { id: string; month: string } | null {
  const m = /^\/org\/([a-z]+:[^/]+)\/report\/(\d{4}-\d{2})$/.exec(path);
  const id = m ? organisationId(`/org/${m[1]}`) : null;
  return id ? { id, month: m?.[2] as string } : null;
}

export const organisationReportPath = (id: string, month: string) =>
  `${organisationPath(id)}/report/${month}`;

/** An economy's page: `/country/BR`. (Its old address, `/#country-BR`, redirects there.) */
export const countryPath = (cc: string) => `/country/${cc.toUpperCase()}`;

/** The economy code of a country page path (`/country/br` too), or null. */
export function countryCode(path: string): string | null {
  const m = /^\/country\/([A-Za-z]{2})$/.exec(path);
  return m ? (m[1] as string).toUpperCase() : null;
}

/** A network's embeddable badge, served by the API process beside the dashboard. */
export const badgePath = (asn: number) => `/badge/AS${asn}.svg`;

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
  // A new page starts at its top, as after a full load; an anchor is scrolled to by its page.
  if (!path.includes("#")) window.scrollTo(0, 0);
}

function useLocationPart(read: () => string): string {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read());
    window.addEventListener("popstate", update);
    window.addEventListener("hashchange", update);
    // A child's effect may have navigated before this listener existed (effects run children
    // first): read again now that it does.
    update();
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("hashchange", update);
    };
  }, [read]);
  return value;
}

const readPath = () => window.location.pathname;
const readHash = () => window.location.hash.slice(1);

export const usePath = (): string => useLocationPart(readPath);
/** The fragment without its `#`. */
export const useHash = (): string => useLocationPart(readHash);

/** Numeric id at the end of `/prefix/{id}`, or null. */
function idAfter(prefix: string, path: string): number | null {
  const m = new RegExp(`^${prefix}/(\\d{1,9})$`).exec(path);
  return m ? Number(m[1]) : null;
}

export const committeeEntryPath = (id: number) => `/committee/entries/${id}`;
export const committeeEntryId = (path: string) => idAfter("/committee/entries", path);
export const challengeResultsPath = (id: number) => `/results/challenge/${id}`;
export const challengeResultsId = (path: string) => idAfter("/results/challenge", path);
export const jimBoundResultsPath = (id: number) => `/results/jim-bound/${id}`;
export const jimBoundResultsId = (path: string) => idAfter("/results/jim-bound", path);
