import { useMemo, useState } from "react";
import { PageLink } from "../../../components/page-link";
import { economyName, subRegionName } from "../../../lib/economy-names";
import { formatInteger, formatPercent, formatSlash32 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
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

const columns = (t: Translator): Array<{ key: SortKey; label: string; numeric: boolean; title?: string }> => [
  { key: "name", label: t("common.economy"), numeric: false },
  { key: "subRegionName", label: t("common.subRegion"), numeric: false },
  { key: "asns", label: t("common.asns"), numeric: true, title: t("countries.asnsTitle") },
  { key: "ipv4Addresses", label: t("common.ipv4Addresses"), numeric: true },
  { key: "ipv6Slash32", label: t("common.ipv6Slash32"), numeric: true, title: t("countries.ipv6Title") },
  { key: "organisations", label: t("common.organisations"), numeric: true, title: t("countries.orgsTitle") },
  { key: "ipv6Share", label: t("common.ipv6Preferred"), numeric: true, title: t("countries.shareTitle") },
];

/** A row as shown: names in the chosen language, which is also what sorting by name follows. */
type Row = CountrySummary & { shownName: string; shownSubRegion: string };

const sortValue = (c: Row, key: SortKey) =>
  key === "ipv6Share"
    ? (c.ipv6Share.share ?? -1)
    : key === "name"
      ? c.shownName
      : key === "subRegionName"
        ? c.shownSubRegion
        : c[key];

function shareTitle(t: Translator, c: CountrySummary): string {
  const s = c.ipv6Share;
  if (s.share === null) return t("countries.noMeasurements");
  return t.plural("countries.shareDetail", s.networks, {
    weight: s.weightedBy ? t(`weight.${s.weightedBy}`) : "—",
  });
}

export function CountriesTable({ countries }: { countries: CountrySummary[] }) {
  const t = useT();
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: "ipv6Slash32",
    descending: true,
  });
  const [subRegion, setSubRegion] = useState<string>("all");

  const shown = useMemo<Row[]>(
    () =>
      countries.map((c) => ({
        ...c,
        shownName: economyName(c.cc, c.name, t.locale),
        shownSubRegion: subRegionName(t, c.subRegion),
      })),
    [countries, t],
  );
  const subRegions = useMemo(
    () =>
      [...new Map(shown.map((c) => [c.subRegion, c.shownSubRegion]))].sort((a, b) =>
        a[1].localeCompare(b[1], t.locale),
      ),
    [shown, t],
  );
  const rows = useMemo(() => {
    const filtered = subRegion === "all" ? shown : shown.filter((c) => c.subRegion === subRegion);
    return [...filtered].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const order =
        typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), t.locale);
      return sort.descending ? -order : order;
    });
  }, [shown, sort, subRegion, t]);

  const toggle = (key: SortKey, numeric: boolean) =>
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: numeric }));

  return (
    <div className="table-block">
      <label className="filter">
        {t("common.subRegion")}{" "}
        <select value={subRegion} onChange={(e) => setSubRegion(e.target.value)}>
          <option value="all">{t("common.all")}</option>
          {subRegions.map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <div className="table-scroll">
        <table className="data-table" aria-label={t("countries.tableLabel")}>
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
            {rows.map((c) => (
              <tr key={c.cc}>
                <th scope="row">
                  <span className="cc">{c.cc}</span> <PageLink to={countryPath(c.cc)}>{c.shownName}</PageLink>
                </th>
                <td className="nowrap">{c.shownSubRegion}</td>
                <td className="num">{formatInteger(c.asns)}</td>
                <td className="num">{formatInteger(c.ipv4Addresses)}</td>
                <td className="num">{formatSlash32(c.ipv6Slash32)}</td>
                <td className="num">{formatInteger(c.organisations)}</td>
                <td className="num" title={shareTitle(t, c)}>
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
