/**
 * ROA coverage per address family as a compact table with a bar per family, the registry IPv6
 * space nothing announces, and the fixes the API ranks most urgent first.
 */
import { formatInteger, formatPercent, formatSlash32 } from "../../../lib/format";
import type { AsnStanding } from "../api/get-asn-standing";

type Routing = AsnStanding["data"]["routing"];
type Family = NonNullable<Routing["coverage"]["ipv4"]>;
type NextStep = Routing["nextSteps"][number];

const FAMILIES = [
  ["ipv4", "IPv4"],
  ["ipv6", "IPv6"],
] as const;

const PROBLEMS: Record<NextStep["problem"], string> = {
  "invalid-length": "RPKI-invalid: more specific than its ROA allows",
  "invalid-as": "RPKI-invalid: the ROA names another AS",
  unannounced: "registry space never announced",
  "not-found": "no ROA",
};

function CoverageBar({ family, label }: { family: Family; label: string }) {
  const c = family.counts;
  const parts = [
    ["valid", c.valid],
    ["invalid", c.invalid],
    ["not-found", c.notFound],
  ] as const;
  return (
    <div
      className="coverage-bar"
      role="img"
      aria-label={`${label}: ${c.valid} valid, ${c.invalid} invalid, ${c.notFound} without a ROA, of ${c.announced} routes`}
    >
      {parts.map(([state, n]) =>
        n > 0 ? <span key={state} className={`bar-${state}`} style={{ flexGrow: n }} /> : null,
      )}
    </div>
  );
}

export function RoaCoverage({ routing }: { routing: Routing }) {
  const { coverage } = routing;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table" aria-label="ROA coverage per address family">
          <thead>
            <tr>
              <th scope="col">Family</th>
              <th scope="col" className="num">
                Announced
              </th>
              <th scope="col" className="num" title="Routes some VRP covers: valid plus invalid">
                Covered by a ROA
              </th>
              <th scope="col" className="num">
                Valid
              </th>
              <th scope="col" className="num" title="A covering ROA names another AS (or AS0)">
                Invalid: other AS
              </th>
              <th scope="col" className="num" title="Longer than the ROA's max length">
                Invalid: too specific
              </th>
              <th scope="col" className="num">
                No ROA
              </th>
              <th scope="col">
                <span className="legend">
                  <span className="swatch bar-valid" /> valid <span className="swatch bar-invalid" /> invalid{" "}
                  <span className="swatch bar-not-found" /> no ROA
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {FAMILIES.map(([key, label]) => {
              const f = coverage[key];
              if (!f)
                return (
                  <tr key={key}>
                    <th scope="row">{label}</th>
                    <td colSpan={7} className="muted">
                      No {label} route announced.
                    </td>
                  </tr>
                );
              const c = f.counts;
              return (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td className="num">{formatInteger(c.announced)}</td>
                  <td className="num">
                    {formatInteger(c.covered)}{" "}
                    <span className="muted">({formatPercent(c.covered / c.announced)})</span>
                  </td>
                  <td className="num">{formatInteger(c.valid)}</td>
                  <td className={c.invalidAs > 0 ? "num bad" : "num"}>{formatInteger(c.invalidAs)}</td>
                  <td className={c.invalidLength > 0 ? "num bad" : "num"}>
                    {formatInteger(c.invalidLength)}
                  </td>
                  <td className="num">{formatInteger(c.notFound)}</td>
                  <td className="bar-cell">
                    <CoverageBar family={f} label={label} />
                    <span className="muted">{formatPercent(f.space.valid)} of the space valid</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Registry IPv6: {formatInteger(routing.heldIpv6)} prefix{routing.heldIpv6 === 1 ? "" : "es"} (
        {formatSlash32(routing.heldIpv6Slash32)} /32 eq.)
        {routing.heldIpv6 === 0
          ? "."
          : routing.unannouncedIpv6.length === 0
            ? ", all announced."
            : `, ${formatSlash32(routing.unannouncedIpv6Slash32)} /32 eq. never announced: ${routing.unannouncedIpv6.join(", ")}.`}
      </p>
      <h3 id="fixes-heading">What to fix next</h3>
      {routing.nextSteps.length === 0 ? (
        <p className="muted">
          Nothing: every announced route is RPKI-valid and all registry IPv6 space is announced.
        </p>
      ) : (
        <ol className="fixes" aria-labelledby="fixes-heading">
          {routing.nextSteps.map((s) => (
            <li key={`${s.family} ${s.problem}`}>
              <strong>
                {s.family === "ipv6" ? "IPv6" : "IPv4"}, {PROBLEMS[s.problem]} ({s.prefixes.length})
              </strong>
              : <span className="prefixes">{s.prefixes.join(", ")}</span>
              <div className="next">{s.action}</div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
