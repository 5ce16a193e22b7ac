import { useMemo, useState } from "react";
import { PageLink } from "../../../components/page-link";
import { formatInteger, formatPercent, formatSlash32 } from "../../../lib/format";
import { countryPath } from "../../../lib/navigation";
import type { CountrySummary } from "../api/get-countries";

type SortKey =
  | "name"
  | "subRegionName"
  | "asns"
  | "ipv4Addresses"
  | "ipv6Slash32"
  | "organisations"
  | "ipv6Share";

const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean; title?: string }> = [
  { key: "name", label: "Economy", numeric: false },
  { key: "subRegionName", label: "Sub-region", numeric: false },
  { key: "asns", label: "ASNs", numeric: true, title: "ASNs allocated or assigned" },
  { key: "ipv4Addresses", label: "IPv4 addresses", numeric: true },
  { key: "ipv6Slash32", label: "IPv6 (/32 eq.)", numeric: true, title: "IPv6 space in /32 equivalents" },
  { key: "organisations", label: "Organisations", numeric: true, title: "Distinct resource holders" },
  {
    key: "ipv6Share",
    label: "IPv6 preferred",
    numeric: true,
    title: "Share of users preferring IPv6 (APNIC Labs, 30 days), weighted by users across measured networks",
  },
];

const sortValue = (c: CountrySummary, key: SortKey) =>
  key === "ipv6Share" ? (c.ipv6Share.share ?? -1) : c[key];

function shareTitle(c: CountrySummary): string {
  const s = c.ipv6Share;
  if (s.share === null) return "No network with enough measurements";
  return `${s.networks} measured network${s.networks === 1 ? "" : "s"}, weighted by ${s.weightedBy}`;
}

export function CountriesTable({ countries }: { countries: CountrySummary[] }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: "ipv6Slash32",
    descending: true,
  });
  const [subRegion, setSubRegion] = useState<string>("all");

  const subRegions = useMemo(() => [...new Set(countries.map((c) => c.subRegionName))].sort(), [countries]);
  const rows = useMemo(() => {
    const filtered = subRegion === "all" ? countries : countries.filter((c) => c.subRegionName === subRegion);
    const sorted = [...filtered].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const order =
        typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
    return sorted;
  }, [countries, sort, subRegion]);

  const toggle = (key: SortKey, numeric: boolean) =>
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: numeric }));

  return (
    <div className="table-block">
      <label className="filter">
        Sub-region{" "}
        <select value={subRegion} onChange={(e) => setSubRegion(e.target.value)}>
          <option value="all">All</option>
          {subRegions.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <div className="table-scroll">
        <table className="data-table" aria-label="Registry figures per economy">
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
            {rows.map((c) => (
              <tr key={c.cc}>
                <th scope="row">
                  <span className="cc">{c.cc}</span> <PageLink to={countryPath(c.cc)}>{c.name}</PageLink>
                </th>
                <td>{c.subRegionName}</td>
                <td className="num">{formatInteger(c.asns)}</td>
                <td className="num">{formatInteger(c.ipv4Addresses)}</td>
                <td className="num">{formatSlash32(c.ipv6Slash32)}</td>
                <td className="num">{formatInteger(c.organisations)}</td>
                <td className="num" title={shareTitle(c)}>
                  {c.ipv6Share.share === null ? "—" : formatPercent(c.ipv6Share.share)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
