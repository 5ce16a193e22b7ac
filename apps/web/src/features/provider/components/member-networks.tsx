/** An organisation's networks, each with its own state and share over the same window. */
import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { providerPath } from "../../../lib/navigation";
import type { OrganisationMember } from "../api/get-organisation-standing";

function share(m: OrganisationMember) {
  if (m.share === null) return "—";
  return `${formatPercent1(m.share)} [${formatPercent1(m.lo ?? 0)}–${formatPercent1(m.hi ?? 0)}]`;
}

export function MemberNetworks({ members }: { members: OrganisationMember[] }) {
  const t = useT();
  const rank = (n: number | null) => (n === null ? "—" : formatInteger(n));
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t("organisation.membersLabel")}>
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
            <th scope="col" className="num nowrap" title={t("organisation.rankTitle")}>
              {t("organisation.rank")}
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.asn}>
              <th scope="row">
                <PageLink to={providerPath(m.asn)}>
                  <span className="cc">AS{m.asn}</span> {m.name ?? ""}
                </PageLink>
              </th>
              <td>{m.cc}</td>
              <td>
                <StateBadge state={m.state} />
              </td>
              <td className="num">{share(m)}</td>
              <td className="num">{formatInteger(m.samples)}</td>
              <td className="num">{formatInteger(m.days)}</td>
              <td className="num nowrap">
                {rank(m.rankInCountry)} / {rank(m.rankInRegion)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
