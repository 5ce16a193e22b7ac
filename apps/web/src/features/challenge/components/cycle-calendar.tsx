import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import type { Cycle } from "../api/cycles";

/** A cycle's dates, with the phase it is in now. */
export function CycleCalendar({ cycle }: { cycle: Cycle }) {
  const t = useT();
  const span = (start: string, end: string) =>
    t("window.span", { start: formatDateTime(start), end: formatDateTime(end) });
  const rows: Array<[string, string]> = [
    [t("calendar.registration"), span(cycle.registrationOpensAt, cycle.registrationClosesAt)],
    [
      t("calendar.window"),
      t.plural("calendar.windowDays", cycle.windowDays, {
        span: span(cycle.windowStartsAt, cycle.windowEndsAt),
      }),
    ],
    [t("calendar.reportDeadline"), formatDateTime(cycle.reportDeadlineAt)],
    [t("calendar.reviewEnds"), formatDateTime(cycle.reviewEndsAt)],
    [
      t("calendar.released"),
      cycle.releasedAt
        ? formatDateTime(cycle.releasedAt)
        : t("calendar.notBefore", { date: formatDateTime(cycle.releaseAt) }),
    ],
  ];
  return (
    <div className="calendar">
      <p>
        <span className={`phase phase-${cycle.phase}`}>{t(`phase.${cycle.phase}`)}</span>
      </p>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
