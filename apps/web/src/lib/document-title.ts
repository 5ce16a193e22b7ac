import { useEffect } from "react";

/** The tab's title for a page, in the chosen language: "Brasil · Atalaya". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Atalaya` : "Atalaya";
  }, [title]);
}
