/**
 * "Test my connection" (`/test`): the beacon's own test, run for the visitor on request — the
 * same script sites embed (/beacon.js, loaded without its automatic run), so this page measures
 * exactly what the counts are made of. It says in plain words what works (IPv4, IPv6, which one
 * the browser chose where both were offered), the visitor's network and its standing, what to
 * ask their provider, and gives a summary to paste to a help desk. Asked for explicitly, the
 * test runs whatever Do Not Track says; nothing of it is stored beyond the day's counts.
 */

import type { Outcome } from "@atalaya/beacon";
import { useCallback, useEffect, useState } from "react";
import { CopyField } from "../components/copy-field";
import { PageLink } from "../components/page-link";
import { StateBadge } from "../components/state-badge";
import { useAsnStanding } from "../features/provider/api/get-asn-standing";
import { useDocumentTitle } from "../lib/document-title";
import { formatInteger } from "../lib/format";
import { type MessageKey, type Translator, useT } from "../lib/i18n";
import { providerPath } from "../lib/navigation";

interface BeaconApi {
  run(callback: (outcome: Outcome | null, error?: Error) => void): void;
}

declare global {
  interface Window {
    atalayaBeacon?: BeaconApi;
  }
}

/** Loads /beacon.js once, without its automatic run. */
function loadBeacon(): Promise<BeaconApi> {
  if (window.atalayaBeacon) return Promise.resolve(window.atalayaBeacon);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/beacon.js";
    script.dataset.atalayaAuto = "off";
    script.onload = () =>
      window.atalayaBeacon ? resolve(window.atalayaBeacon) : reject(new Error("beacon.js did not start"));
    script.onerror = () => reject(new Error("beacon.js could not be loaded"));
    document.head.append(script);
  });
}

type Verdict = "ipv6" | "ipv6-unused" | "ipv4-only" | "broken" | "ipv6-only" | "none";

function verdict(o: Outcome): Verdict {
  if (o.broken) return "broken";
  if (!o.ipv4 && !o.ipv6) return "none";
  if (!o.ipv6) return "ipv4-only";
  if (!o.ipv4) return "ipv6-only";
  return o.preferred === "ipv6" ? "ipv6" : "ipv6-unused";
}

const ms = (t: Translator, value: number | null) =>
  value === null ? "" : ` (${t("test.ms", { ms: formatInteger(value) })})`;

function summaryText(t: Translator, o: Outcome, networkName: string | null): string {
  const yes = t("test.yes");
  const no = t("test.no");
  return [
    t("test.summaryTitle", { when: new Date().toISOString().slice(0, 16).replace("T", " ") }),
    `IPv4: ${o.ipv4 ? yes : no}${ms(t, o.ttfbMs.ipv4)}`,
    `IPv6: ${o.ipv6 ? yes : no}${ms(t, o.ttfbMs.ipv6)}`,
    `${t("test.dualStack")}: ${o.preferred === null ? t("test.failed") : o.preferred === "ipv6" ? "IPv6" : "IPv4"}${ms(t, o.ttfbMs.dual)}`,
    `${t("test.verdictLabel")}: ${t(`test.verdict.${verdict(o)}` as MessageKey)}`,
    `${t("test.network")}: ${o.asn ? `AS${o.asn}${networkName ? ` ${networkName}` : ""}` : t("test.unrouted")}${o.cc && o.cc !== "ZZ" ? ` (${o.cc})` : ""}`,
  ].join("\n");
}

function Network({ asn }: { asn: number }) {
  const t = useT();
  const standing = useAsnStanding(asn);
  const data = standing.data?.data;
  return (
    <div>
      <dt>{t("test.network")}</dt>
      <dd>
        <PageLink to={providerPath(asn)}>
          AS{asn}
          {data?.name ? ` ${data.name}` : ""}
        </PageLink>
      </dd>
      {data && (
        <dd className="muted">
          <StateBadge state={data.standing.metrics.preferred.state} /> {t("test.standingLink")}
        </dd>
      )}
    </div>
  );
}

/** The outcome, with the network's name once known (for the summary). */
function Result({ outcome, onAgain }: { outcome: Outcome; onAgain: () => void }) {
  return outcome.asn ? (
    <ResultOfNetwork asn={outcome.asn} outcome={outcome} onAgain={onAgain} />
  ) : (
    <ResultBody outcome={outcome} name={null} onAgain={onAgain} />
  );
}

function ResultOfNetwork({ asn, outcome, onAgain }: { asn: number; outcome: Outcome; onAgain: () => void }) {
  const standing = useAsnStanding(asn);
  return <ResultBody outcome={outcome} name={standing.data?.data.name ?? null} onAgain={onAgain} />;
}

function ResultBody({
  outcome,
  name,
  onAgain,
}: {
  outcome: Outcome;
  name: string | null;
  onAgain: () => void;
}) {
  const t = useT();
  const v = verdict(outcome);
  const summary = summaryText(t, outcome, name);
  const mark = (ok: boolean) => (ok ? `✓ ${t("test.yes")}` : `✗ ${t("test.no")}`);
  return (
    <>
      <p className={`verdict verdict-${v}`} role="status">
        <strong>{t(`test.verdict.${v}` as MessageKey)}</strong> {t(`test.explain.${v}` as MessageKey)}
      </p>
      <dl className="totals">
        <div>
          <dt>IPv4</dt>
          <dd>{mark(outcome.ipv4)}</dd>
          <dd className="muted">{ms(t, outcome.ttfbMs.ipv4)}</dd>
        </div>
        <div>
          <dt>IPv6</dt>
          <dd>{mark(outcome.ipv6)}</dd>
          <dd className="muted">{ms(t, outcome.ttfbMs.ipv6)}</dd>
        </div>
        <div>
          <dt>{t("test.dualStack")}</dt>
          <dd>
            {outcome.preferred === null
              ? `✗ ${t("test.failed")}`
              : t(`test.chose.${outcome.preferred}` as MessageKey)}
          </dd>
          <dd className="muted">{ms(t, outcome.ttfbMs.dual)}</dd>
        </div>
        {outcome.asn ? (
          <Network asn={outcome.asn} />
        ) : (
          <div>
            <dt>{t("test.network")}</dt>
            <dd>{t("test.unrouted")}</dd>
          </div>
        )}
      </dl>
      {(v === "ipv4-only" || v === "broken" || v === "ipv6-unused") && (
        <section aria-labelledby="ask-heading">
          <h2 id="ask-heading">{t("test.askHeading")}</h2>
          <p>{t(`test.ask.${v}` as MessageKey)}</p>
        </section>
      )}
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t("test.summaryHeading")}</h2>
        <p className="muted">{t("test.summaryHelp")}</p>
        <pre className="test-summary">{summary}</pre>
        <CopyField value={summary} label={t("test.summaryHeading")} />
      </section>
      <p>
        <button type="button" onClick={onAgain}>
          {t("test.again")}
        </button>
      </p>
    </>
  );
}

export function TestConnectionPage() {
  const t = useT();
  useDocumentTitle(t("test.title"));
  const [state, setState] = useState<
    { kind: "running" } | { kind: "done"; outcome: Outcome } | { kind: "failed"; message: string }
  >({ kind: "running" });
  const run = useCallback(() => {
    setState({ kind: "running" });
    loadBeacon()
      .then(
        (beacon) =>
          new Promise<Outcome>((resolve, reject) =>
            beacon.run((outcome, error) =>
              outcome ? resolve(outcome) : reject(error ?? new Error("no outcome")),
            ),
          ),
      )
      .then(
        (outcome) => setState({ kind: "done", outcome }),
        (error: Error) =>
          setState({
            kind: "failed",
            message: /HTTP 404/.test(error.message)
              ? t("test.notRun")
              : t("test.error", { error: error.message }),
          }),
      );
  }, [t]);
  useEffect(run, [run]);
  return (
    <article className="test-page" aria-labelledby="test-heading">
      <h1 id="test-heading">{t("test.title")}</h1>
      <p className="lede">{t("test.lede")}</p>
      {state.kind === "running" && (
        <p role="status" aria-live="polite">
          {t("test.running")}
        </p>
      )}
      {state.kind === "failed" && <p role="alert">{state.message}</p>}
      {state.kind === "done" && <Result outcome={state.outcome} onAgain={run} />}
      <p className="muted">{t("test.privacy")}</p>
    </article>
  );
}
