import { formatDateTime } from "../../../lib/dates";
import { type Cycle, PHASE_LABEL } from "../api/cycles";

/** A cycle's dates, with the phase it is in now. */
export function CycleCalendar({ cycle }: { cycle: Cycle }) {
  const rows: Array<[string, string]> = [
    [
      "Registration",
      `${formatDateTime(cycle.registrationOpensAt)} – ${formatDateTime(cycle.registrationClosesAt)}`,
    ],
    [
      "Deployment window",
      `${formatDateTime(cycle.windowStartsAt)} – ${formatDateTime(cycle.windowEndsAt)} (${cycle.windowDays} days)`,
    ],
    ["Report deadline", formatDateTime(cycle.reportDeadlineAt)],
    ["Review ends", formatDateTime(cycle.reviewEndsAt)],
    [
      "Results released",
      cycle.releasedAt ? formatDateTime(cycle.releasedAt) : `not before ${formatDateTime(cycle.releaseAt)}`,
    ],
  ];
  return (
    <div className="calendar">
      <p>
        <span className={`phase phase-${cycle.phase}`}>{PHASE_LABEL[cycle.phase]}</span>
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
