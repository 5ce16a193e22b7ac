/** Every announced route with its RFC 6811 state and, for invalid ones, the VRPs that made it so. */
import { type Translator, useT } from "../../../lib/i18n";
import type { AsnStanding } from "../api/get-asn-standing";

type Route = AsnStanding["data"]["routing"]["announced"][number];

function stateText(t: Translator, r: Route) {
  if (r.state === "valid") return t("rpki.valid");
  if (r.state === "not-found") return t("rpki.notFound");
  return r.reason === "length" ? t("rpki.invalidLength") : t("rpki.invalidAs");
}

export function RoutesTable({ routes, empty }: { routes: Route[]; empty: string }) {
  const t = useT();
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t("routes.label")}>
        <thead>
          <tr>
            <th scope="col">{t("routes.prefix")}</th>
            <th scope="col">{t("routes.origin")}</th>
            <th scope="col">RPKI</th>
            <th scope="col">{t("routes.vrps")}</th>
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
              <td className={r.state === "invalid" ? "bad" : undefined}>{stateText(t, r)}</td>
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
