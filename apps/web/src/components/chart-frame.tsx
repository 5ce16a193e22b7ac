/**
 * The frame every chart sits in: its title, what it shows (source, metric, window, data date),
 * a switch between the chart and a table of the same numbers, and CSV/JSON downloads of them.
 */
import { type ReactNode, useId, useState } from "react";
import { type Cell, downloadFile, toCsv } from "../lib/download";
import { useT } from "../lib/i18n";

export interface Column<Row> {
  key: keyof Row & string;
  label: string;
  numeric?: boolean;
  /** How the table shows a value; files keep the raw number. */
  format?: (value: Row[keyof Row], row: Row) => string;
}

export interface Provenance {
  source: string;
  metric: string;
  window: string;
  /** The last day the figures cover (YYYY-MM-DD). */
  dataDate: string | null;
}

export function ChartFrame<Row extends Record<string, Cell>>({
  title,
  provenance,
  columns,
  rows,
  filename,
  note,
  views,
  children,
}: {
  title: string;
  provenance: Provenance;
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  /** File name without extension. */
  filename: string;
  note?: ReactNode;
  /** Names of the two views, where the first is not a chart (a rich table, say). */
  views?: [string, string];
  children: ReactNode;
}) {
  const t = useT();
  const [view, setView] = useState<"chart" | "table">("chart");
  const id = useId();
  const [chartView, tableView] = views ?? [t("chart.viewChart"), t("chart.viewTable")];
  const download = (kind: "csv" | "json") => {
    if (kind === "csv")
      downloadFile(
        `${filename}.csv`,
        "text/csv;charset=utf-8",
        toCsv(
          columns.map((c) => c.key),
          rows.map((r) => columns.map((c) => r[c.key])),
        ),
      );
    else
      downloadFile(
        `${filename}.json`,
        "application/json",
        `${JSON.stringify({ title, ...provenance, rows }, null, 2)}\n`,
      );
  };
  return (
    <figure className="chart-frame" aria-labelledby={`${id}-title`}>
      <div className="chart-toolbar">
        <h3 id={`${id}-title`}>{title}</h3>
        <div className="chart-actions">
          {/* biome-ignore lint/a11y/useSemanticElements: a pair of toggle buttons, not a form field set */}
          <div role="group" aria-label={t("chart.views", { title })} className="segmented">
            <button type="button" aria-pressed={view === "chart"} onClick={() => setView("chart")}>
              {chartView}
            </button>
            <button type="button" aria-pressed={view === "table"} onClick={() => setView("table")}>
              {tableView}
            </button>
          </div>
          <button
            type="button"
            className="secondary"
            onClick={() => download("csv")}
            title={t("chart.asCsv", { title })}
          >
            CSV
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => download("json")}
            title={t("chart.asJson", { title })}
          >
            JSON
          </button>
        </div>
      </div>
      {view === "chart" ? (
        children
      ) : (
        <div className="table-scroll chart-table">
          <table className="data-table" aria-label={t("chart.tableOf", { title })}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are a fixed snapshot in their order
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? "num" : undefined}>
                      {c.format ? c.format(row[c.key], row) : (row[c.key] ?? "—")}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <figcaption>
        <span>{t("chart.source", { source: provenance.source })}</span> ·{" "}
        <span>{t("chart.metric", { metric: provenance.metric })}</span> ·{" "}
        <span>{t("chart.window", { window: provenance.window })}</span> ·{" "}
        <span>{t("chart.dataDate", { date: provenance.dataDate ?? t("chart.noDate") })}</span>
        {note && <span className="chart-note"> {note}</span>}
      </figcaption>
    </figure>
  );
}
