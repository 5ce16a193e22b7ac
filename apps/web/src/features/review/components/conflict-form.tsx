import { type FormEvent, useState } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { navigate } from "../../../lib/navigation";
import { useDeclareConflict } from "../api/scores";

/** Declaring a conflict removes the entry from one's list (and withdraws one's score). */
export function ConflictForm({ entryId }: { entryId: number }) {
  const t = useT();
  const declare = useDeclareConflict(entryId);
  const [open, setOpen] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const note = String(new FormData(e.currentTarget).get("note") ?? "").trim();
    declare.mutate(note, { onSuccess: () => navigate("/committee") });
  };
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {t("conflictForm.open")}
      </button>
    );
  return (
    <form className="form" onSubmit={submit}>
      <label>
        {t("conflictForm.why")}
        <input name="note" required maxLength={2000} />
      </label>
      <FormError error={declare.error} />
      <button type="submit" className="danger" disabled={declare.isPending}>
        {t("conflictForm.submit")}
      </button>
    </form>
  );
}
