import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { providerPath } from "../../../lib/navigation";
import type { BoardNetwork } from "../api/get-jim-bound";
import { Pager, usePaged } from "./pager";

const PAGE = 100;

export function share(n: Pick<BoardNetwork, "share" | "lo" | "hi">) {
  if (n.share === null) return "—";
  return `${formatPercent1(n.share)} [${formatPercent1(n.lo ?? 0)}–${formatPercent1(n.hi ?? 0)}]`;
}

export function BoardTable({ networks }: { networks: BoardNetwork[] }) {
  const paged = usePaged(networks, PAGE);
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
            {paged.rows.map((n) => (
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
      <Pager paged={paged} noun="networks" label="Pages of networks" />
    </div>
  );
}
