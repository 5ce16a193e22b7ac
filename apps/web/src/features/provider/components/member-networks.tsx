/** An organisation's networks, each with its own state and share over the same window. */
import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { providerPath } from "../../../lib/navigation";
import type { OrganisationMember } from "../api/get-organisation-standing";

function share(m: OrganisationMember) {
  if (m.share === null) return "—";
  return `${formatPercent1(m.share)} [${formatPercent1(m.lo ?? 0)}–${formatPercent1(m.hi ?? 0)}]`;
}

export function MemberNetworks({ members }: { members: OrganisationMember[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Networks of the organisation">
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">Economy</th>
            <th scope="col">State</th>
            <th
              scope="col"
              className="num"
              title="Pooled preferred share over the window, 95% Wilson interval"
            >
              IPv6 share [95% interval]
            </th>
            <th scope="col" className="num">
              Samples
            </th>
            <th scope="col" className="num">
              Days
            </th>
            <th
              scope="col"
              className="num nowrap"
              title="Among the networks of its economy, and of the region"
            >
              Rank (economy / region)
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
              <td className="num">{m.days}</td>
              <td className="num nowrap">
                {m.rankInCountry ?? "—"} / {m.rankInRegion ?? "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
