import { PageLink } from "../../../components/page-link";
import { reasonText, StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { providerPath } from "../../../lib/navigation";
import type { BoardNetwork, PageInfo } from "../api/get-jim-bound";
import { Pager } from "./pager";

export function share(n: Pick<BoardNetwork, "share" | "lo" | "hi">) {
  if (n.share === null) return "—";
  return `${formatPercent1(n.share)} [${formatPercent1(n.lo ?? 0)}–${formatPercent1(n.hi ?? 0)}]`;
}

export function BoardTable({
  networks,
  page,
  onPage,
}: {
  networks: BoardNetwork[];
  page: PageInfo;
  onPage: (page: number) => void;
}) {
  const t = useT();
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="data-table" aria-label={t("board.networksLabel")}>
          <thead>
            <tr>
              <th scope="col">{t("common.network")}</th>
              <th scope="col">{t("common.economy")}</th>
              <th scope="col">{t("common.state")}</th>
              <th scope="col" className="num" title={t("board.shareTitle")}>
                {t("common.share95")}
              </th>
              <th scope="col" className="num">
                {t("common.samples")}
              </th>
              <th scope="col" className="num">
                {t("common.days")}
              </th>
              <th scope="col">{t("board.why")}</th>
            </tr>
          </thead>
          <tbody>
            {networks.map((n) => (
              <tr key={n.asn}>
                <th scope="row">
                  <PageLink to={providerPath(n.asn)}>
                    <span className="cc">AS{n.asn}</span> {n.name ?? ""}
                  </PageLink>
                </th>
                <td>{n.cc}</td>
                <td>
                  <StateBadge state={n.state} />
                </td>
                <td className="num">{share(n)}</td>
                <td className="num">{formatInteger(n.samples)}</td>
                <td className="num">{formatInteger(n.days)}</td>
                <td className="muted">{reasonText(t, n.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} onPage={onPage} items="region.networks" label={t("board.networkPages")} />
    </div>
  );
}
