import { useState } from "react";
import { STATES, StateBadge, stateLabel } from "../components/state-badge";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { type EligibilityState, jimBoundCsvUrl, useJimBound } from "../features/jim-bound/api/get-jim-bound";
import { BoardTable } from "../features/jim-bound/components/board-table";
import { OrganisationsTable } from "../features/jim-bound/components/organisations-table";
import { formatInteger, formatPercent } from "../lib/format";

export function JimBoundPage() {
  const [state, setState] = useState<EligibilityState | undefined>(undefined);
  const [cc, setCc] = useState<string | undefined>(undefined);
  const [pages, setPages] = useState({ networks: 1, organisations: 1 });
  const board = useJimBound({ state, cc }, pages);
  if (board.isPending) return <Loading label="Evaluating every network…" />;
  if (board.isError) return <LoadError error={board.error} onRetry={() => board.refetch()} />;
  const { data, meta } = board.data;
  const p = data.parameters;
  // A filter changes which rows exist: start again from the first page of each list.
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPages({ networks: 1, organisations: 1 });
    };
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="board-heading">
        <h1 id="board-heading">Jim Bound prize: eligibility</h1>
        <p className="lede">
          IPv6 {p.metric} share from {p.source === "apnic" ? "APNIC Labs" : p.source}, pooled over{" "}
          {p.window.start} – {p.window.end}; eligible when the whole 95% interval is at or above{" "}
          {formatPercent(p.threshold)}. At least {p.minDays} days and {formatInteger(p.minSamples)} samples
          are needed. Method {p.methodVersion}
          {p.cycle ? `, cycle “${p.cycle.name}”` : ""}.
        </p>
        <dl className="totals">
          {STATES.map((s) => (
            <div key={s}>
              <dt>
                <StateBadge state={s} />
              </dt>
              <dd>{formatInteger(data.counts[s] ?? 0)}</dd>
            </div>
          ))}
        </dl>
        <div className="filters">
          <label className="filter">
            State{" "}
            <select
              value={state ?? ""}
              onChange={(e) =>
                filter(setState)((e.target.value || undefined) as EligibilityState | undefined)
              }
            >
              <option value="">All</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          </label>{" "}
          <label className="filter">
            Economy{" "}
            <select value={cc ?? ""} onChange={(e) => filter(setCc)(e.target.value || undefined)}>
              <option value="">All</option>
              {data.economies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>{" "}
          <a className="download" href={jimBoundCsvUrl({ state, cc })} download>
            Download CSV
          </a>
        </div>
        <BoardTable
          networks={data.networks}
          page={data.pagination.networks}
          onPage={(page) => setPages((p) => ({ ...p, networks: page }))}
        />
      </section>
      <section aria-labelledby="organisations-heading">
        <h2 id="organisations-heading">Organisations with several networks</h2>
        <p className="lede">
          The same rule over each resource holder&apos;s networks pooled: their samples summed over the
          window.
        </p>
        <OrganisationsTable
          organisations={data.organisations}
          page={data.pagination.organisations}
          onPage={(page) => setPages((p) => ({ ...p, organisations: page }))}
        />
      </section>
    </>
  );
}
