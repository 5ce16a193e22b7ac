/**
 * A very small client-side router: the pages are few and flat, so the path picks the page and
 * links update history without a library. The server answers index.html for every page path.
 */
import { useEffect, useState } from "react";

export const PAGES = { region: "/", jimBound: "/jim-bound" } as const;
export type PagePath = (typeof PAGES)[keyof typeof PAGES];

export function navigate(path: PagePath): void {
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
