/** The board's organisations (holders of two or more networks), pooled, each linking to its page. */
import { PageLink } from "../../../components/page-link";
import { StateBadge } from "../../../components/state-badge";
import { formatInteger } from "../../../lib/format";
import { organisationPath } from "../../../lib/navigation";
import type { JimBoundBoard, PageInfo } from "../api/get-jim-bound";
import { share } from "./board-table";
import { Pager } from "./pager";

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
  if (organisations.length === 0)
    return <p className="muted">No organisation with several networks matches these filters.</p>;
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="data-table" aria-label="Jim Bound eligibility per organisation">
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Economy</th>
              <th scope="col" className="num">
                Networks
              </th>
              <th scope="col">State</th>
              <th
                scope="col"
                className="num"
                title="Pooled over the organisation's networks, 95% Wilson interval"
              >
                IPv6 share [95% interval]
              </th>
              <th scope="col" className="num">
                Samples
              </th>
              <th scope="col" className="num">
                Days
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
                <td className="num">{o.asns.length}</td>
                <td>
                  <StateBadge state={o.state} />
                </td>
                <td className="num">{share(o)}</td>
                <td className="num">{formatInteger(o.samples)}</td>
                <td className="num">{o.days}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} onPage={onPage} noun="organisations" label="Pages of organisations" />
    </div>
  );
}
