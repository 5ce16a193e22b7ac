/** Chooses the month of an organisation's report among those with measurements, newest first. */
import { nextMonth } from "@atalaya/metrics";
import { formatMonth } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { navigate, organisationReportPath } from "../../../lib/navigation";

export function MonthPicker({
  id,
  month,
  months,
}: {
  id: string;
  month: string;
  months: { first: string; last: string };
}) {
  const t = useT();
  const options: string[] = [];
  for (let m = months.first; m <= months.last; m = nextMonth(m)) options.unshift(m);
  return (
    <label className="month-picker">
      {t("report.month")}{" "}
      <select value={month} onChange={(e) => navigate(organisationReportPath(id, e.target.value))}>
        {options.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m)}
          </option>
        ))}
      </select>
    </label>
  );
}
