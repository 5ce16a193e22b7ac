/** An ISP account's organisations and networks, each with its state on the Jim Bound board. */
import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatPercent1 } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { organisationPath, providerPath } from "../../../lib/navigation";
import type { MyNetworks } from "../api/get-my-networks";

type Row = MyNetworks["networks"][number] | MyNetworks["organisations"][number];

function share(r: Row) {
  if (r.share === null) return "—";
  return r.lo === null || r.hi === null
    ? formatPercent1(r.share)
    : `${formatPercent1(r.share)} [${formatPercent1(r.lo)}–${formatPercent1(r.hi)}]`;
}

export function MyNetworksTable({ networks }: { networks: MyNetworks }) {
  const t = useT();
  const state = (r: Row) =>
    r.state === null ? (
      <span className="muted">{t("myNetworks.offBoard")}</span>
    ) : (
      <StateBadge state={r.state} />
    );
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t("myNetworks.heading")}>
        <thead>
          <tr>
            <th scope="col">{t("myNetworks.name")}</th>
            <th scope="col">{t("common.state")}</th>
            <th scope="col" className="num" title={t("board.shareTitle")}>
              {t("common.share95")}
            </th>
          </tr>
        </thead>
        <tbody>
          {networks.organisations.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <PageLink to={organisationPath(o.id)}>{o.name ?? o.id}</PageLink>{" "}
                <span className="muted">{t.plural("myNetworks.organisationNetworks", o.asns.length)}</span>
              </th>
              <td>{state(o)}</td>
              <td className="num">{share(o)}</td>
            </tr>
          ))}
          {networks.networks.map((n) => (
            <tr key={n.asn}>
              <th scope="row">
                <PageLink to={providerPath(n.asn)}>
                  <span className="cc">AS{n.asn}</span> {n.name ?? ""}
                </PageLink>
              </th>
              <td>{state(n)}</td>
              <td className="num">{share(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
