/** The board's organisations (holders of two or more networks), pooled, each linking to its page. */
import { PageLink } from "../../../components/page-link";
import { Pager } from "../../../components/pager";
import { StateBadge } from "../../../components/state-badge";
import { formatInteger } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { organisationPath } from "../../../lib/navigation";
import type { JimBoundBoard, PageInfo } from "../api/get-jim-bound";
import { DisagreeFlag, share } from "./board-table";

type BoardOrganisation = JimBoundBoard["data"]["organisations"][number];

export function OrganisationsTable({
  organisations,
  page,
  onPage,
}: {
  organisations: BoardOrganisation[];
  page: PageInfo;
  onPage: (page: number) => void;
}) {
  const t = useT();
  if (organisations.length === 0) return <p className="muted">{t("board.noOrganisations")}</p>;
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="data-table" aria-label={t("board.organisationsLabel")}>
          <thead>
            <tr>
              <th scope="col">{t("common.organisation")}</th>
              <th scope="col">{t("common.economy")}</th>
              <th scope="col" className="num">
                {t("common.networks")}
              </th>
              <th scope="col">{t("common.state")}</th>
              <th scope="col" className="num" title={t("board.orgShareTitle")}>
                {t("common.share95")}
              </th>
              <th scope="col" className="num">
                {t("common.samples")}
              </th>
              <th scope="col" className="num">
                {t("common.days")}
              </th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <PageLink to={organisationPath(o.id)}>{o.name ?? o.id}</PageLink>
                </th>
                <td>{o.cc ?? ""}</td>
                <td className="num">{formatInteger(o.asns.length)}</td>
                <td>
                  <StateBadge state={o.state} />
                  {o.sourcesDisagree && <DisagreeFlag />}
                </td>
                <td className="num">{share(o)}</td>
                <td className="num">{formatInteger(o.samples)}</td>
                <td className="num">{formatInteger(o.days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} onPage={onPage} items="region.organisations" label={t("board.organisationPages")} />
    </div>
  );
}
