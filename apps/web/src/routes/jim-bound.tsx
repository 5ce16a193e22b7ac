import { useState } from "react";
import { PageLink } from "../components/page-link";
import { STATES, StateBadge, stateLabel } from "../components/state-badge";
import { DemoBanner, LoadError, Loading, StaleBanner } from "../components/status";
import { type EligibilityState, jimBoundCsvUrl, useJimBound } from "../features/jim-bound/api/get-jim-bound";
import { BoardTable } from "../features/jim-bound/components/board-table";
import { OrganisationsTable } from "../features/jim-bound/components/organisations-table";
import { useAwardCycles } from "../features/review/api/award-cycles";
import { NominateButton } from "../features/review/components/nominate-button";
import { formatDayRange } from "../lib/dates";
import { useDocumentTitle } from "../lib/document-title";
import { economyName } from "../lib/economy-names";
import { formatInteger, formatPercent } from "../lib/format";
import { useT } from "../lib/i18n";
import { PAGES } from "../lib/navigation";
import { useSession } from "../lib/session";

/** The metric opens the sentence: "Proporción que prefiere IPv6 según APNIC Labs…". */
const capitalise = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

export function JimBoundPage() {
  const t = useT();
  useDocumentTitle(t("nav.jimBound"));
  const [state, setState] = useState<EligibilityState | undefined>(undefined);
  const [cc, setCc] = useState<string | undefined>(undefined);
  const [cycle, setCycle] = useState<string | undefined>(undefined);
  const [disagree, setDisagree] = useState(false);
  const [pages, setPages] = useState({ networks: 1, organisations: 1 });
  const board = useJimBound({ state, cc, cycle, disagree }, pages);
  const cycles = useAwardCycles();
  const session = useSession();
  const isChair = session.data?.account.isChair === true;
  if (board.isPending) return <Loading label={t("region.evaluating")} />;
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
  const sourceName = (source: string) =>
    source === "apnic" || source === "atalaya-beacon" ? t(`source.${source}`) : source;
  const economies = data.economies
    .map((code) => ({ code, name: economyName(code, null, t.locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, t.locale));
  return (
    <>
      {meta.demo && <DemoBanner />}
      <StaleBanner sources={meta.stale} />
      <section aria-labelledby="board-heading">
        <h1 id="board-heading">{t("board.title")}</h1>
        <p className="lede">
          {t("board.lede", {
            metric: capitalise(t(`awardMetric.${p.metric}`), t.locale),
            source:
              p.additionalSources.length === 0
                ? sourceName(p.source)
                : t("board.pooledWith", {
                    source: sourceName(p.source),
                    others: p.additionalSources.map(sourceName).join(", "),
                  }),
            window: formatDayRange(p.window.start, p.window.end),
            threshold: formatPercent(p.threshold),
          })}{" "}
          {t("board.minimum", {
            days: t.plural("board.days", p.minDays),
            samples: t.plural("board.samples", p.minSamples),
          })}{" "}
          {p.cycle
            ? t("board.methodCycle", { method: p.methodVersion, cycle: p.cycle.name })
            : t("board.method", { method: p.methodVersion })}{" "}
          <PageLink to={PAGES.method}>{t("board.methodLink")}</PageLink>
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
            {t("common.state")}{" "}
            <select
              value={state ?? ""}
              onChange={(e) =>
                filter(setState)((e.target.value || undefined) as EligibilityState | undefined)
              }
            >
              <option value="">{t("common.allStates")}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(t, s)}
                </option>
              ))}
            </select>
          </label>{" "}
          <label className="filter">
            {t("common.economy")}{" "}
            <select value={cc ?? ""} onChange={(e) => filter(setCc)(e.target.value || undefined)}>
              <option value="">{t("common.all")}</option>
              {economies.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </label>{" "}
          <label className="filter">
            {t("board.cycle")}{" "}
            <select value={cycle ?? ""} onChange={(e) => filter(setCycle)(e.target.value || undefined)}>
              <option value="">{t("board.latestData")}</option>
              {(cycles.data?.data ?? []).map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>{" "}
          <label className="filter">
            <input
              type="checkbox"
              checked={disagree}
              onChange={(e) => filter(setDisagree)(e.target.checked)}
            />{" "}
            {t("board.disagreeOnly")}
          </label>{" "}
          <a className="download" href={jimBoundCsvUrl({ state, cc, cycle, disagree })} download>
            {t("board.downloadCsv")}
          </a>
        </div>
        <BoardTable
          board={board.data}
          actions={
            isChair && p.cycle
              ? (n) => (
                  <NominateButton
                    key={`${p.cycle?.id}-${n.asn}`}
                    awardCycleId={p.cycle?.id as number}
                    asn={n.asn}
                  />
                )
              : undefined
          }
          networks={data.networks}
          page={data.pagination.networks}
          onPage={(page) => setPages((p) => ({ ...p, networks: page }))}
        />
      </section>
      <section aria-labelledby="organisations-heading">
        <h2 id="organisations-heading">{t("board.organisationsHeading")}</h2>
        <p className="lede">{t("board.organisationsLede")}</p>
        <OrganisationsTable
          organisations={data.organisations}
          page={data.pagination.organisations}
          onPage={(page) => setPages((p) => ({ ...p, organisations: page }))}
        />
      </section>
    </>
  );
}
