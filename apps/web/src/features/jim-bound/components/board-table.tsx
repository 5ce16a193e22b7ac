import { useState } from "react";
import { PageLink } from "../../../components/page-link";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { providerPath } from "../../../lib/navigation";
import type { BoardNetwork } from "../api/get-jim-bound";
import { StateBadge } from "./state-badge";

const PAGE = 100;

function share(n: Pick<BoardNetwork, "share" | "lo" | "hi">) {
  if (n.share === null) return "—";
  return `${formatPercent1(n.share)} [${formatPercent1(n.lo ?? 0)}–${formatPercent1(n.hi ?? 0)}]`;
}

export function BoardTable({ networks }: { networks: BoardNetwork[] }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(networks.length / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = networks.slice(current * PAGE, (current + 1) * PAGE);
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
            {rows.map((n) => (
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
      {pages > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </button>
          <span>
            Page {current + 1} of {pages} ({formatInteger(networks.length)} networks)
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
