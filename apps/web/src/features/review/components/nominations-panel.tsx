import { type FormEvent, useState } from "react";
import { FormError, LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import {
  type Nomination,
  useDecide,
  useNominate,
  useNominations,
  useReleaseAward,
  useVote,
} from "../api/nominations";

function percent(value: unknown): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "—";
}

function EvidenceSummary({ evidence }: { evidence: Record<string, unknown> }) {
  const values = (evidence.values ?? {}) as Record<string, unknown>;
  const window = (evidence.window ?? {}) as { start?: string; end?: string };
  return (
    <p className="evidence">
      {String(values.state ?? "")}: share {percent(values.share)} (95% {percent(values.lo)}–
      {percent(values.hi)}), {String(values.days ?? "—")} days, window {window.start}–{window.end}, method{" "}
      {String(evidence.methodVersion ?? "")}
      {evidence.demo ? ", demo data" : ""}
    </p>
  );
}

function NominationRow({ n, isChair, released }: { n: Nomination; isChair: boolean; released: boolean }) {
  const vote = useVote();
  const decide = useDecide();
  const [note, setNote] = useState("");
  return (
    <li className="nomination">
      <h3>
        {n.name}{" "}
        <span className="muted">
          ({n.subjectKind} {n.subjectId})
        </span>{" "}
        — {n.status}
      </h3>
      <EvidenceSummary evidence={(n.decisionEvidence ?? n.evidence) as Record<string, unknown>} />
      <p>
        Votes: {n.votes.yes} yes, {n.votes.no} no, {n.votes.abstain} abstain
        {n.voters.length > 0 && ` (${n.voters.map((v) => `${v.voter}: ${v.vote}`).join("; ")})`}
      </p>
      {n.status === "open" &&
        !released &&
        (n.conflict ? (
          <p className="muted">You have a conflict with this organisation and do not vote.</p>
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
                Vote {v}
              </button>
            ))}
            {isChair && (
              <>
                <input
                  aria-label={`Decision note for ${n.name}`}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder="decision note"
                />
                <button type="button" onClick={() => decide.mutate({ id: n.id, outcome: "awarded", note })}>
                  Award
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => decide.mutate({ id: n.id, outcome: "declined", note })}
                >
                  Decline
                </button>
              </>
            )}
          </div>
        ))}
      {n.decisionNote && <p>Decision note: {n.decisionNote}</p>}
      <FormError error={vote.error ?? decide.error} />
    </li>
  );
}

/** Jim Bound decisions for one award cycle: nominations, votes, decisions, release. */
export function NominationsPanel({ awardCycleId, isChair }: { awardCycleId: number; isChair: boolean }) {
  const list = useNominations(awardCycleId);
  const nominate = useNominate(awardCycleId);
  const release = useReleaseAward();
  if (list.isPending) return <Loading label="Loading nominations…" />;
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
      <h2 id="nominations-heading">Jim Bound nominations</h2>
      {releasedAt && <p className="notice">Results released {formatDateTime(releasedAt)}.</p>}
      {nominations.length === 0 ? (
        <p className="muted">No nominations yet.</p>
      ) : (
        <ol className="plain">
          {nominations.map((n) => (
            <NominationRow key={n.id} n={n} isChair={isChair} released={releasedAt !== null} />
          ))}
        </ol>
      )}
      {isChair && !releasedAt && (
        <>
          <form className="inline-form" onSubmit={submit}>
            <label>
              Nominate
              <select name="kind" defaultValue="network">
                <option value="network">network (AS number)</option>
                <option value="organisation">organisation (registry:holder)</option>
              </select>
            </label>
            <input
              name="id"
              aria-label="AS number or organisation id"
              required
              placeholder="64496 or lacnic:900001"
            />
            <button type="submit" disabled={nominate.isPending}>
              Nominate from the board
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
              Release the Jim Bound results
            </button>
          </p>
          <FormError error={release.error} />
        </>
      )}
    </section>
  );
}
