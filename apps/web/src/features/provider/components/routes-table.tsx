/** Every announced route with its RFC 6811 state and, for invalid ones, the VRPs that made it so. */
import type { AsnStanding } from "../api/get-asn-standing";

type Route = AsnStanding["data"]["routing"]["announced"][number];

function stateText(r: Route) {
  if (r.state !== "invalid") return r.state;
  return `invalid (${r.reason === "length" ? "too specific" : "other AS"})`;
}

export function RoutesTable({ routes, empty }: { routes: Route[]; empty: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Announced routes and their RPKI state">
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col">Origin</th>
            <th scope="col">RPKI</th>
            <th scope="col">VRPs involved</th>
          </tr>
        </thead>
        <tbody>
          {routes.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {empty}
              </td>
            </tr>
          )}
          {routes.map((r) => (
            <tr key={`${r.prefix} ${r.origin}`}>
              <th scope="row">{r.prefix}</th>
              <td>AS{r.origin}</td>
              <td className={r.state === "invalid" ? "bad" : undefined}>{stateText(r)}</td>
              <td className="muted">
                {r.vrps
                  ? [...r.vrps.unmatched_as, ...r.vrps.unmatched_length]
                      .map((v) => `${v.asn} ${v.prefix}-${v.max_length}`)
                      .join("; ")
                  : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
