import type { FormEvent } from "react";
import { FormError } from "../../../components/status";
import { useAddCycle } from "../api/cycles";

const FIELDS = [
  ["registrationOpensAt", "Registration opens"],
  ["registrationClosesAt", "Registration closes"],
  ["windowStartsAt", "Deployment window starts"],
  ["reportDeadlineAt", "Report deadline"],
  ["reviewEndsAt", "Review ends"],
  ["releaseAt", "Results released on"],
] as const;

/** `datetime-local` values are in the browser's zone; the API takes absolute instants. */
const toIso = (local: string) => new Date(local).toISOString();

export function CycleForm() {
  const add = useAddCycle();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const at = (n: string) => toIso(String(form.get(n)));
    add.mutate({
      name: String(form.get("name")).trim(),
      registrationOpensAt: at("registrationOpensAt"),
      registrationClosesAt: at("registrationClosesAt"),
      windowStartsAt: at("windowStartsAt"),
      windowDays: Number(form.get("windowDays")),
      reportDeadlineAt: at("reportDeadlineAt"),
      reviewEndsAt: at("reviewEndsAt"),
      releaseAt: at("releaseAt"),
      countryConflicts: form.get("countryConflicts") === "on",
    });
  };
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="cycle-heading">
      <h2 id="cycle-heading">New IPv6 Challenge cycle</h2>
      <label>
        Name
        <input name="name" required maxLength={200} placeholder="IPv6 Challenge 2027" />
      </label>
      {FIELDS.map(([name, label]) => (
        <label key={name}>
          {label}
          <input name={name} type="datetime-local" required />
        </label>
      ))}
      <label>
        Deployment window (days)
        <input name="windowDays" type="number" min={1} max={366} defaultValue={30} required />
      </label>
      <label className="check">
        <input type="checkbox" name="countryConflicts" /> Reviewers from the entry's country have a conflict
      </label>
      <FormError error={add.error} />
      <button type="submit" disabled={add.isPending}>
        Create the cycle
      </button>
      {add.isSuccess && <span role="status"> Created {add.data.data.name}.</span>}
    </form>
  );
}
