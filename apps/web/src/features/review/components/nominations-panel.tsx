import { type FormEvent, type ReactNode, useState } from "react";
import { EvidencePackLinks } from "../../../components/evidence-pack-links";
import { STATES, stateLabel } from "../../../components/state-badge";
import { FormError, LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { formatInteger, formatPercent1 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import {
  type Nomination,
  useDecide,
  useNominate,
  useNominations,
  useReleaseAward,
  useVote,
} from "../api/nominations";

function percent(value: unknown): string {
  return typeof value === "number" ? formatPercent1(value) : "—";
}

function stateText(t: Translator, value: unknown): string {
  const state = STATES.find((s) => s === value);
  return state ? stateLabel(t, state) : String(value ?? "");
}

function EvidenceSummary({ evidence }: { evidence: Record<string, unknown> }) {
  const t = useT();
  const values = (evidence.values ?? {}) as Record<string, unknown>;
  const window = (evidence.window ?? {}) as { start?: string; end?: string };
  return (
    <p className="evidence">
      {t("nominations.evidence", {
        state: stateText(t, values.state),
        share: percent(values.share),
        lo: percent(values.lo),
        hi: percent(values.hi),
        days: typeof values.days === "number" ? t.plural("board.days", values.days) : "—",
        window: t("window.span", { start: window.start ?? "", end: window.end ?? "" }),
        method: String(evidence.methodVersion ?? ""),
      })}
      {evidence.demo ? t("nominations.demo") : ""}
      {values.sourcesDisagree === true && <strong className="disagree"> {t("nominations.disagree")}</strong>}
    </p>
  );
}

const packBase = (id: number, stage: "nomination" | "decision") =>
  `/api/v1/committee/jim-bound/nominations/${id}/evidence-pack/${stage}`;

function NominationPacks({ n }: { n: Nomination }) {
  const t = useT();
  return (
    <p className="actions">
      <EvidencePackLinks base={packBase(n.id, "nomination")} label={t("evidence.packNomination")} />
      {n.status !== "open" && (
        <EvidencePackLinks base={packBase(n.id, "decision")} label={t("evidence.packDecision")} />
      )}
    </p>
  );
}

function NominationRow({
  n,
  isChair,
  released,
  beside,
}: {
  n: Nomination;
  isChair: boolean;
  released: boolean;
  beside?: ((n: Nomination) => ReactNode) | undefined;
}) {
  const t = useT();
  const vote = useVote();
  const decide = useDecide();
  const [note, setNote] = useState("");
  return (
    <li className="nomination">
      <h3>
        {n.name}{" "}
        <span className="muted">
          ({t(`subject.${n.subjectKind}`)} {n.subjectId})
        </span>{" "}
        — {t(`nominationStatus.${n.status}`)}
      </h3>
      <EvidenceSummary evidence={(n.decisionEvidence ?? n.evidence) as Record<string, unknown>} />
      {!n.conflict && <NominationPacks n={n} />}
      <p>
        {t("nominations.votes", {
          yes: formatInteger(n.votes.yes),
          no: formatInteger(n.votes.no),
          abstain: formatInteger(n.votes.abstain),
        })}
        {n.voters.length > 0 && ` (${n.voters.map((v) => `${v.voter}: ${t(`vote.${v.vote}`)}`).join("; ")})`}
      </p>
      {n.status === "open" &&
        !released &&
        (n.conflict ? (
          <p className="muted">{t("nominations.conflict")}</p>
        ) : (
          <div className="actions">
            {(["yes", "no", "abstain"] as const).map((v) => (
              <button
                key={v}
                type="button"
                className={n.myVote === v ? "" : "secondary"}
                aria-pressed={n.myVote === v}
                onClick={() => vote.mutate({ id: n.id, vote: v, comment: "" })}
              >
                {t(`voteButton.${v}`)}
              </button>
            ))}
            {isChair && (
              <>
                <input
                  aria-label={t("nominations.noteFor", { name: n.name })}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t("nominations.notePlaceholder")}
                />
                <button type="button" onClick={() => decide.mutate({ id: n.id, outcome: "awarded", note })}>
                  {t("nominations.award")}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => decide.mutate({ id: n.id, outcome: "declined", note })}
                >
                  {t("nominations.decline")}
                </button>
              </>
            )}
          </div>
        ))}
      {n.decisionNote && <p>{t("nominations.decisionNote", { note: n.decisionNote })}</p>}
      <FormError error={vote.error ?? decide.error} />
      {beside?.(n)}
    </li>
  );
}

/**
 * Jim Bound decisions for one award cycle: nominations, votes, decisions, release. `beside` adds
 * what the page shows inside each nomination (its disputes), without this feature knowing it.
 */
export function NominationsPanel({
  awardCycleId,
  isChair,
  beside,
}: {
  awardCycleId: number;
  isChair: boolean;
  beside?: (n: Nomination) => ReactNode;
}) {
  const t = useT();
  const list = useNominations(awardCycleId);
  const nominate = useNominate(awardCycleId);
  const release = useReleaseAward();
  if (list.isPending) return <Loading label={t("nominations.loading")} />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  const { releasedAt, nominations } = list.data.data;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    nominate.mutate({
      kind: String(form.get("kind")) as "network" | "organisation",
      id: String(form.get("id")).trim(),
    });
  };
  return (
    <section aria-labelledby="nominations-heading">
      <h2 id="nominations-heading">{t("nominations.heading")}</h2>
      {releasedAt && (
        <p className="notice">{t("nominations.released", { date: formatDateTime(releasedAt) })}</p>
      )}
      {nominations.length === 0 ? (
        <p className="muted">{t("nominations.none")}</p>
      ) : (
        <ol className="plain">
          {nominations.map((n) => (
            <NominationRow
              key={n.id}
              n={n}
              isChair={isChair}
              released={releasedAt !== null}
              beside={beside}
            />
          ))}
        </ol>
      )}
      {isChair && !releasedAt && (
        <>
          <form className="inline-form" onSubmit={submit}>
            <label>
              {t("nominations.nominate")}
              <select name="kind" defaultValue="network">
                <option value="network">{t("nominations.kindNetwork")}</option>
                <option value="organisation">{t("nominations.kindOrganisation")}</option>
              </select>
            </label>
            <input
              name="id"
              aria-label={t("nominations.idLabel")}
              required
              placeholder={t("nominations.idPlaceholder")}
            />
            <button type="submit" disabled={nominate.isPending}>
              {t("nominations.submit")}
            </button>
          </form>
          <FormError error={nominate.error} />
          <p>
            <button
              type="button"
              className="secondary"
              onClick={() => release.mutate(awardCycleId)}
              disabled={release.isPending}
            >
              {t("nominations.release")}
            </button>
          </p>
          <FormError error={release.error} />
        </>
      )}
    </section>
  );
}
