import type { FormEvent } from "react";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { type Dispute, useResolveDispute } from "../api/disputes";

/** The chair's resolution: uphold or reject, always with a reason the filer will read. */
export function ResolveForm({ dispute }: { dispute: Dispute }) {
  const t = useT();
  const resolve = useResolveDispute();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // Which of the two buttons sent the form is the outcome.
    const button = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const outcome = button?.value === "rejected" ? "rejected" : "upheld";
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    resolve.mutate({ id: dispute.id, outcome, reason });
  };
  return (
    <form className="form resolve-form" onSubmit={submit}>
      <label>
        {t("disputes.reasonLabel", { name: dispute.name })}
        <textarea name="reason" required rows={3} maxLength={5000} />
      </label>
      <div className="actions">
        <button type="submit" value="upheld" disabled={resolve.isPending}>
          {t("disputes.uphold")}
        </button>
        <button type="submit" value="rejected" className="danger" disabled={resolve.isPending}>
          {t("disputes.reject")}
        </button>
      </div>
      <FormError error={resolve.error} />
    </form>
  );
}
