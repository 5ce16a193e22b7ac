/** Loading, error and demo states shared by every page, so none of them is ever blank. */
import { ApiRequestError } from "../lib/api-client";
import { useT } from "../lib/i18n";

export function Loading({ label }: { label: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  // The API's own message stays as written: it names the resource or the rule.
  const detail =
    error instanceof ApiRequestError
      ? `${error.message}${error.body ? ` ${t("status.requestId", { id: error.body.error.requestId })}` : ""}`
      : t("status.unreachable");
  return (
    <div className="state state-error" role="alert">
      <strong>{t("status.loadFailed")}</strong> {detail}
      <button type="button" className="retry" onClick={onRetry}>
        {t("status.retry")}
      </button>
    </div>
  );
}

export function StaleBanner({ sources }: { sources: string[] }) {
  const t = useT();
  if (sources.length === 0) return null;
  return (
    <p className="stale-banner" role="note">
      <strong>{t("status.staleTitle")}</strong>{" "}
      {t.rich("status.staleBody", {
        sources: new Intl.ListFormat(t.locale, { type: "conjunction" }).format(sources),
        link: <a href="/api/v1/sources">{t("status.staleLink")}</a>,
      })}
    </p>
  );
}

export function DemoBanner() {
  const t = useT();
  return (
    <p className="demo-banner" role="note">
      <strong>{t("status.demoTitle")}</strong>{" "}
      {t.rich("status.demoBody", { command: <code>npx atalaya ingest delegated</code> })}
    </p>
  );
}

/** A failed form submission: the API's message, which names the field or the rule. */
export function FormError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const message = error instanceof ApiRequestError ? error.message : t("status.unreachable");
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
