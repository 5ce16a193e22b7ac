/**
 * An economy's networks: sortable by every column, 25 to a page, with the award state, the
 * pooled share and its 95% interval, samples, users and ROA coverage of what each announces.
 */
import { useMemo, useState } from "react";
import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatCompact, formatInteger, formatPercent, formatPercent1 } from "../../../lib/format";
import { providerPath } from "../../../lib/navigation";
import type { CountryNetwork } from "../api/get-country-networks";
import {
  type NetworkSort,
  type NetworkSortKey,
  paginate,
  roaCoverage,
  sortNetworks,
} from "../networks-shaping";

export const PAGE_SIZE = 25;

const COLUMNS: Array<{ key: NetworkSortKey; label: string; numeric: boolean; title?: string }> = [
  { key: "asn", label: "Network", numeric: false },
  { key: "state", label: "Jim Bound state", numeric: false },
  {
    key: "share",
    label: "IPv6 preferred [95% interval]",
    numeric: true,
    title: "Pooled over the window, with its Wilson interval",
  },
  { key: "samples", label: "Samples", numeric: true, title: "APNIC Labs samples in the window" },
  { key: "users", label: "Users", numeric: true, title: "APNIC's estimated users in this economy" },
  {
    key: "roa",
    label: "ROA coverage",
    numeric: true,
    title: "Share of announced routes a ROA covers (valid or invalid)",
  },
];

function RoaCell({ n }: { n: CountryNetwork }) {
  const coverage = roaCoverage(n.roa);
  if (coverage === null) return <span className="muted">no routes</span>;
  return (
    <span title={`${n.roa.valid} valid, ${n.roa.invalid} invalid, ${n.roa.notFound} without a ROA`}>
      {formatPercent(coverage)} <span className="muted">of {formatInteger(n.roa.announced)}</span>
      {n.roa.invalid > 0 && <span className="bad"> · {n.roa.invalid} invalid</span>}
    </span>
  );
}

export function NetworksTable({ networks, cc }: { networks: CountryNetwork[]; cc: string }) {
  const [sort, setSort] = useState<NetworkSort>({ key: "users", descending: true });
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortNetworks(networks, sort), [networks, sort]);
  const shown = paginate(sorted, page, PAGE_SIZE);
  const toggle = (key: NetworkSortKey, numeric: boolean) => {
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: numeric }));
    setPage(0);
  };
  if (networks.length === 0)
    return <p className="state">No network is registered in {cc} in the loaded data.</p>;
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="data-table" aria-label={`Networks registered in ${cc}`}>
          <thead>
            <tr>
              {COLUMNS.map((col) => (
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
        <nav className="pager" aria-label={`Pages of ${cc}'s networks`}>
          <button type="button" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
            Previous
          </button>
          <span>
            {shown.first}–{shown.last} of {formatInteger(shown.total)} networks (page {shown.page + 1} of{" "}
            {shown.pages})
          </span>
          <button
            type="button"
            disabled={shown.page >= shown.pages - 1}
            onClick={() => setPage(shown.page + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
