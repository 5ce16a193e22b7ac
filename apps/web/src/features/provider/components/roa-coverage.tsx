/**
 * ROA coverage per address family as a compact table with a bar per family, the registry IPv6
 * space nothing announces, and the fixes the API ranks most urgent first.
 */
import { formatDateTime } from "../../../lib/dates";
import { formatInteger, formatPercent, formatSlash32 } from "../../../lib/format";
import { type MessageKey, useT } from "../../../lib/i18n";
import { rpkiCounts } from "../../../lib/rpki-counts";
import type { AsnStanding } from "../api/get-asn-standing";
import type { ReportFix } from "../api/get-monthly-report";

type Routing = Omit<AsnStanding["data"]["routing"], "announced">;
/** A fix: the routing's (about prefixes), or a monthly report's rung of the readiness ladder. */
/** A fix as the report and the routing standing both give it; expiring ROAs are listed one by one. */
type Fix = Pick<ReportFix, "family" | "problem" | "prefixes" | "total"> & {
  roas?: NonNullable<Routing["nextSteps"][number]["roas"]> | undefined;
};

// The ladder's rungs say what to do in the ladder's words.
const ACTIONS: Record<Fix["problem"], MessageKey> = {
  "invalid-length": "action.invalid-length",
  "invalid-as": "action.invalid-as",
  unannounced: "action.unannounced",
  "not-found": "action.not-found",
  "roa-expiring": "action.roa-expiring",
  "no-ipv6-space": "ladder.holdsNext",
  "not-announced": "ladder.announcesNext",
  "no-ipv6-users": "ladder.usersNext",
  "below-threshold": "ladder.shareNext",
};
type Family = NonNullable<Routing["coverage"]["ipv4"]>;

const FAMILIES = [
  ["ipv4", "IPv4"],
  ["ipv6", "IPv6"],
] as const;

function CoverageBar({ family, label }: { family: Family; label: string }) {
  const t = useT();
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
      aria-label={`${label}: ${t.plural("roa.barLabel", c.announced, { counts: rpkiCounts(t, c) })}`}
    >
      {parts.map(([state, n]) =>
        n > 0 ? <span key={state} className={`bar-${state}`} style={{ flexGrow: n }} /> : null,
      )}
    </div>
  );
}

/** ROAs about to expire, soonest first, one line each: "ROA for P expires on D: renew it." */
function ExpiringRoas({
  roas,
  more,
}: {
  roas: NonNullable<Routing["nextSteps"][number]["roas"]>;
  more: number;
}) {
  const t = useT();
  return (
    <ul className="expiring-roas">
      {roas.map((r) => (
        <li key={`${r.prefix} ${r.maxLength} ${r.asn}`}>
          {t("roa.expiring", {
            prefix: r.prefix,
            maxLength: String(r.maxLength),
            date: formatDateTime(r.expires),
          })}
        </li>
      ))}
      {more > 0 && <li className="muted">{t("roa.moreExpiring", { count: formatInteger(more) })}</li>}
    </ul>
  );
}

/**
 * `fixes`: what to fix, most urgent first (default: the routing's); `routesBelow`: whether the
 * page lists every route further down, where the prefixes a fix leaves out can be found.
 */
export function RoaCoverage({
  routing,
  fixes = routing.nextSteps,
  routesBelow = true,
}: {
  routing: Routing;
  fixes?: readonly Fix[];
  routesBelow?: boolean;
}) {
  const t = useT();
  const { coverage } = routing;
  const registry = t.plural("roa.registry", routing.heldIpv6, {
    space: formatSlash32(routing.heldIpv6Slash32),
  });
  return (
    <>
      <div className="table-scroll">
        <table className="data-table wrap-head" aria-label={t("roa.label")}>
          <thead>
            <tr>
              <th scope="col">{t("common.family")}</th>
              <th scope="col" className="num">
                {t("roa.announced")}
              </th>
              <th scope="col" className="num" title={t("roa.coveredTitle")}>
                {t("roa.covered")}
              </th>
              <th scope="col" className="num">
                {t("roa.valid")}
              </th>
              <th scope="col" className="num" title={t("roa.invalidAsTitle")}>
                {t("roa.invalidAs")}
              </th>
              <th scope="col" className="num" title={t("roa.invalidLengthTitle")}>
                {t("roa.invalidLength")}
              </th>
              <th scope="col" className="num">
                {t("roa.noRoa")}
              </th>
              <th scope="col">
                <span className="legend">
                  <span className="swatch bar-valid" /> {t("rpki.valid")}{" "}
                  <span className="swatch bar-invalid" /> {t("roa.legendInvalid")}{" "}
                  <span className="swatch bar-not-found" /> {t("roa.legendNoRoa")}
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
                      {t("roa.noneAnnounced", { family: label })}
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
                    <span className="muted">
                      {t("roa.spaceValid", { share: formatPercent(f.space.valid) })}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {routing.heldIpv6 === 0
          ? t("roa.registryNone", { registry })
          : routing.unannouncedIpv6.length === 0
            ? t("roa.registryAll", { registry })
            : t("roa.registryUnannounced", {
                registry,
                space: formatSlash32(routing.unannouncedIpv6Slash32),
                prefixes: routing.unannouncedIpv6.join(", "),
              })}
      </p>
      <h3 id="fixes-heading">{t("roa.fixesHeading")}</h3>
      {fixes.length === 0 ? (
        <p className="muted">{t("roa.nothingToFix")}</p>
      ) : (
        <ol className="fixes" aria-labelledby="fixes-heading">
          {fixes.map((s) => (
            <li key={`${s.family} ${s.problem}`}>
              <strong>
                {s.family === null || s.total === null
                  ? t(`problem.${s.problem}`)
                  : t("roa.fix", {
                      family: s.family === "ipv6" ? "IPv6" : "IPv4",
                      problem: t(`problem.${s.problem}`),
                      count: formatInteger(s.total),
                    })}
              </strong>
              {s.roas ? (
                <ExpiringRoas roas={s.roas} more={(s.total ?? s.roas.length) - s.roas.length} />
              ) : (
                <>
                  {s.prefixes.length > 0 && (
                    <>
                      : <span className="prefixes">{s.prefixes.join(", ")}</span>
                    </>
                  )}
                  {s.total !== null && s.total > s.prefixes.length && (
                    <span className="muted">
                      {" "}
                      {t(routesBelow ? "roa.more" : "roa.moreShort", {
                        count: formatInteger(s.total - s.prefixes.length),
                      })}
                    </span>
                  )}
                </>
              )}
              <div className="next">{t(ACTIONS[s.problem])}</div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
