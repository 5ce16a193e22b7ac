/**
 * The readiness ladder (DESIGN.md §4): each step done or not, its evidence and what to do next.
 * The API decides each step; the words are written here from the same figures (routing and
 * standing, both on the page), so they follow the chosen language. A step the dashboard does not
 * know keeps the API's English.
 */
import { stateLabel } from "../../../components/state-badge";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import type { AsnStanding } from "../api/get-asn-standing";

type Data = AsnStanding["data"];
type Step = Data["ladder"][number];

function stepText(
  t: Translator,
  step: Step,
  routing: Data["routing"],
  standing: Data["standing"],
): { title: string; evidence: string; next: string | null } {
  const v6 = routing.coverage.ipv6;
  const preferred = standing.metrics.preferred;
  const next = (text: string) => (step.next === null ? null : text);
  switch (step.step) {
    case 1:
      return {
        title: t("ladder.holds"),
        evidence: t.plural("ladder.holdsEvidence", routing.heldIpv6),
        next: next(t("ladder.holdsNext")),
      };
    case 2:
      return {
        title: t("ladder.announces"),
        evidence: v6
          ? t("ladder.announcesEvidence", {
              routes: t.plural("ladder.routesAnnounced", v6.routes),
              unannounced: t.plural("ladder.prefixesUnannounced", routing.unannouncedIpv6.length),
            })
          : t("ladder.noRoute"),
        next: next(t("ladder.announcesNext")),
      };
    case 3:
      return {
        title: t("ladder.covered"),
        evidence: v6
          ? t.plural("ladder.coveredEvidence", v6.counts.announced, {
              valid: formatInteger(v6.counts.valid),
              invalid: formatInteger(v6.counts.invalid),
              notFound: formatInteger(v6.counts.notFound),
            })
          : t("ladder.noRouteToCover"),
        next: next(v6 && v6.counts.invalid > 0 ? t("ladder.fixInvalid") : t("ladder.createRoas")),
      };
    case 4:
      return {
        title: t("ladder.users"),
        evidence:
          preferred.samples > 0
            ? t.plural("ladder.usersEvidence", preferred.samples, {
                share: formatPercent1(preferred.share ?? 0),
              })
            : t("ladder.noMeasurement"),
        next: next(t("ladder.usersNext")),
      };
    case 5:
      return {
        title: t("ladder.share", { threshold: formatPercent1(standing.threshold) }),
        evidence:
          preferred.share === null
            ? stateLabel(t, preferred.state)
            : `${stateLabel(t, preferred.state)}, ${formatPercent1(preferred.share)} [${formatPercent1(preferred.lo ?? 0)}–${formatPercent1(preferred.hi ?? 0)}]`,
        next: next(t("ladder.shareNext")),
      };
    default:
      return { title: step.title, evidence: step.evidence, next: step.next };
  }
}

export function ReadinessLadder({
  ladder,
  routing,
  standing,
}: {
  ladder: Data["ladder"];
  routing: Data["routing"];
  standing: Data["standing"];
}) {
  const t = useT();
  return (
    <ol className="ladder">
      {ladder.map((step) => {
        const text = stepText(t, step, routing, standing);
        return (
          <li key={step.step} className={step.done ? "done" : "todo"}>
            <strong>
              <span aria-hidden="true">{step.done ? "✓" : "✗"}</span>
              <span className="visually-hidden">{step.done ? t("ladder.done") : t("ladder.notYet")}</span>{" "}
              {text.title}
            </strong>{" "}
            <span className="muted">{text.evidence}</span>
            {text.next && <div className="next">{t("ladder.next", { next: text.next })}</div>}
          </li>
        );
      })}
    </ol>
  );
}
