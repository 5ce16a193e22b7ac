/**
 * An economy's networks: sortable by every column, 25 to a page, with the award state, the
 * pooled share and its 95% interval, samples, users and ROA coverage of what each announces.
 */
import { useMemo, useState } from "react";
import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatCompact, formatInteger, formatPercent, formatPercent1 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import { providerPath } from "../../../lib/navigation";
import { rpkiCounts } from "../../../lib/rpki-counts";
import type { CountryNetwork } from "../api/get-country-networks";
import {
  type NetworkSort,
  type NetworkSortKey,
  paginate,
  roaCoverage,
  sortNetworks,
} from "../networks-shaping";

export const PAGE_SIZE = 25;

const columns = (
  t: Translator,
): Array<{ key: NetworkSortKey; label: string; numeric: boolean; title?: string }> => [
  { key: "asn", label: t("common.network"), numeric: false },
  { key: "state", label: t("common.jimBoundState"), numeric: false },
  { key: "share", label: t("networks.shareColumn"), numeric: true, title: t("networks.shareTitle") },
  { key: "samples", label: t("common.samples"), numeric: true, title: t("networks.samplesTitle") },
  { key: "users", label: t("common.users"), numeric: true, title: t("networks.usersTitle") },
  { key: "roa", label: t("common.roaCoverage"), numeric: true, title: t("networks.roaTitle") },
];

function RoaCell({ n }: { n: CountryNetwork }) {
  const t = useT();
  const coverage = roaCoverage(n.roa);
  if (coverage === null) return <span className="muted">{t("networks.noRoutes")}</span>;
  return (
    <span title={rpkiCounts(t, n.roa)}>
      {formatPercent(coverage)}{" "}
      <span className="muted">{t("networks.ofRoutes", { count: formatInteger(n.roa.announced) })}</span>
      {n.roa.invalid > 0 && <span className="bad"> · {t.plural("rpki.invalidCount", n.roa.invalid)}</span>}
    </span>
  );
}

export function NetworksTable({ networks, cc }: { networks: CountryNetwork[]; cc: string }) {
  const t = useT();
  const [sort, setSort] = useState<NetworkSort>({ key: "users", descending: true });
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortNetworks(networks, sort), [networks, sort]);
  const shown = paginate(sorted, page, PAGE_SIZE);
  const toggle = (key: NetworkSortKey, numeric: boolean) => {
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: numeric }));
    setPage(0);
  };
  if (networks.length === 0) return <p className="state">{t("networks.none", { cc })}</p>;
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="data-table" aria-label={t("networks.registeredIn", { cc })}>
          <thead>
            <tr>
              {columns(t).map((col) => (
                <th
                  key={col.key}
                  scope="col"
                  className={col.numeric ? "num" : undefined}
                  aria-sort={sort.key === col.key ? (sort.descending ? "descending" : "ascending") : "none"}
                  title={col.title}
                >
                  <button type="button" onClick={() => toggle(col.key, col.numeric)}>
                    {col.label}
                    <span aria-hidden="true">
                      {sort.key === col.key ? (sort.descending ? " ▼" : " ▲") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.rows.map((n) => (
              <tr key={n.asn}>
                <th scope="row">
                  <PageLink to={providerPath(n.asn)}>AS{n.asn}</PageLink>{" "}
                  <span className="muted">{n.name ?? ""}</span>
                </th>
                <td>
                  <StateBadge state={n.state} />
                </td>
                <td className="num nowrap">
                  {n.share === null ? (
                    "—"
                  ) : (
                    <>
                      {formatPercent1(n.share)}{" "}
                      {n.lo !== null && n.hi !== null && (
                        <span className="muted">
                          [{formatPercent1(n.lo)}–{formatPercent1(n.hi)}]
                        </span>
                      )}
                    </>
                  )}
                </td>
                <td className="num">{formatInteger(n.samples)}</td>
                <td className="num">{n.users === null ? "—" : formatCompact(n.users)}</td>
                <td className="num">
                  <RoaCell n={n} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.pages > 1 && (
        <nav className="pager" aria-label={t("networks.pages", { cc })}>
          <button type="button" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
            {t("common.previous")}
          </button>
          <span>
            {t.plural("networks.pageOf", shown.total, {
              first: formatInteger(shown.first),
              last: formatInteger(shown.last),
              page: formatInteger(shown.page + 1),
              pages: formatInteger(shown.pages),
            })}
          </span>
          <button
            type="button"
            disabled={shown.page >= shown.pages - 1}
            onClick={() => setPage(shown.page + 1)}
          >
            {t("common.next")}
          </button>
        </nav>
      )}
    </div>
  );
}
