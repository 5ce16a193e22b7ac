import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
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
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="data-table" aria-label="Jim Bound eligibility per network">
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">Economy</th>
              <th scope="col">State</th>
              <th
                scope="col"
                className="num"
                title="Pooled preferred share over the window, with its 95% Wilson interval"
              >
                IPv6 share [95% interval]
              </th>
              <th scope="col" className="num">
                Samples
              </th>
              <th scope="col" className="num">
                Days
              </th>
              <th scope="col">Why</th>
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
                <td className="num">{n.days}</td>
                <td className="muted">{n.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} onPage={onPage} noun="networks" label="Pages of networks" />
    </div>
  );
}
