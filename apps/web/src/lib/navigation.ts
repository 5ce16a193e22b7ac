/**
 * A very small client-side router: the pages are few and flat, so the path picks the page and
 * links update history without a library. The server answers index.html for every page path.
 */
import { useEffect, useState } from "react";

export const PAGES = { region: "/", jimBound: "/jim-bound" } as const;
export type PagePath = (typeof PAGES)[keyof typeof PAGES];

/** The ASN of a provider page path (`/as/64496`), or null. */
export function providerAsn(path: string): number | null {
  const m = /^\/as\/(\d{1,10})$/.exec(path);
  return m ? Number(m[1]) : null;
}

export const providerPath = (asn: number) => `/as/${asn}`;

export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return path;
}
