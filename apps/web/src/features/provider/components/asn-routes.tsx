/**
 * Every route a network announces, a page of 100 at a time, most urgent first, filtered by RPKI
 * state, with the whole list as CSV. The first page without a filter is the one the standing
 * already carries, so the page opens without another request.
 */
import { useState } from "react";
import { type PageInfo, Pager } from "../../../components/pager";
import { useT } from "../../../lib/i18n";
import {
  type AsnRoutes as AsnRoutesBody,
  asnRoutesCsvUrl,
  ROUTES_PER_PAGE,
  type RouteStateFilter,
  useAsnRoutes,
} from "../api/get-asn-routes";
import type { AsnStanding } from "../api/get-asn-standing";
import { RoutesTable } from "./routes-table";

const FILTERS: ReadonlyArray<Exclude<RouteStateFilter, undefined>> = ["invalid", "not-found", "valid"];

export function AsnRoutes({
  asn,
  routing,
  empty,
}: {
  asn: number;
  routing: AsnStanding["data"]["routing"];
  empty: string;
}) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [state, setState] = useState<RouteStateFilter>(undefined);
  const first = page === 1 && state === undefined;
  const query = useAsnRoutes(asn, page, state);
  const shown: AsnRoutesBody["data"] | null = first
    ? {
        asn,
        routes: routing.announced,
        pagination: {
          page: 1,
          limit: ROUTES_PER_PAGE,
          total: routing.announcedTotal,
          pages: Math.max(1, Math.ceil(routing.announcedTotal / ROUTES_PER_PAGE)),
        },
      }
    : (query.data?.data ?? null);
  const pagination: PageInfo | null = shown?.pagination ?? null;
  if (routing.announcedTotal === 0) return <RoutesTable routes={[]} empty={empty} />;
  return (
    <>
      <div className="filters">
        <label className="filter">
          {t("common.state")}{" "}
          <select
            value={state ?? ""}
            onChange={(e) => {
              setState((e.target.value || undefined) as RouteStateFilter);
              setPage(1);
            }}
          >
            <option value="">{t("routes.all")}</option>
            {FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === "invalid" ? t("routes.invalid") : s === "valid" ? t("rpki.valid") : t("rpki.notFound")}
              </option>
            ))}
          </select>
        </label>
        <a className="download" href={asnRoutesCsvUrl(asn, state)} download>
          {t("routes.download")}
        </a>
      </div>
      {shown ? (
        <RoutesTable routes={shown.routes} empty={t("routes.noneInState")} />
      ) : (
        <p className="muted" role="status">
          {query.isError ? t("routes.failed") : t("routes.loading")}
        </p>
      )}
      {pagination && (
        <Pager
          page={pagination}
          onPage={setPage}
          items="routes.count"
          label={t("routes.pages", { asn: `AS${asn}` })}
        />
      )}
    </>
  );
}
