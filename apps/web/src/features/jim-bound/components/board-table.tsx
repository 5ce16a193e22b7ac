import { Fragment, type ReactNode, useState } from "react";
import { PageLink } from "../../../components/page-link";
import { Pager } from "../../../components/pager";
import { reasonText, StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { providerPath } from "../../../lib/navigation";
import type { BoardNetwork, JimBoundBoard, PageInfo } from "../api/get-jim-bound";
import { EvidenceDrawer } from "./evidence-drawer";

export function share(n: Pick<BoardNetwork, "share" | "lo" | "hi">) {
  if (n.share === null) return "—";
  return `${formatPercent1(n.share)} [${formatPercent1(n.lo ?? 0)}–${formatPercent1(n.hi ?? 0)}]`;
}

/** The "sources disagree" mark beside a state (see the method page's rule). */
export function DisagreeFlag() {
  const t = useT();
  return (
    <span className="flag-disagree" title={t("board.disagreeTitle")}>
      {t("board.disagreeBadge")}
    </span>
  );
}

export function BoardTable({
  networks,
  page,
  onPage,
  board,
  actions,
}: {
  networks: BoardNetwork[];
  page: PageInfo;
  onPage: (page: number) => void;
  /** The whole answer, for the evidence drawer's parameters and data version. */
  board: JimBoundBoard;
  /** Extra actions in a row's drawer (the chair's "nominate"), supplied by the page. */
  actions?: (network: BoardNetwork) => ReactNode;
}) {
  const t = useT();
  const [open, setOpen] = useState<number | null>(null);
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
              <th scope="col">
                <span className="visually-hidden">{t("evidence.title")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {networks.map((n) => (
              <Fragment key={n.asn}>
                <tr>
                  <th scope="row">
                    <PageLink to={providerPath(n.asn)}>
                      <span className="cc">AS{n.asn}</span> {n.name ?? ""}
                    </PageLink>
                  </th>
                  <td>{n.cc}</td>
                  <td>
                    <StateBadge state={n.state} />
                    {n.sourcesDisagree && <DisagreeFlag />}
                  </td>
                  <td className="num">{share(n)}</td>
                  <td className="num">{formatInteger(n.samples)}</td>
                  <td className="num">{formatInteger(n.days)}</td>
                  <td className="muted">{reasonText(t, n.reason)}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open === n.asn}
                      aria-controls={`evidence-${n.asn}`}
                      onClick={() => setOpen(open === n.asn ? null : n.asn)}
                    >
                      {t("evidence.title")}
                    </button>
                  </td>
                </tr>
                {open === n.asn && (
                  <tr className="evidence-row" id={`evidence-${n.asn}`}>
                    <td colSpan={8}>
                      <EvidenceDrawer network={n} board={board} actions={actions?.(n)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} onPage={onPage} items="region.networks" label={t("board.networkPages")} />
    </div>
  );
}
