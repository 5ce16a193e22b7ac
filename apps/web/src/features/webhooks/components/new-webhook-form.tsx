import { type FormEvent, useState } from "react";
import { CopyField } from "../../../components/copy-field";
import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { type NewWebhook, useAddWebhook, type WebhookEventKind } from "../api/webhooks";
import { WEBHOOK_EVENT_KINDS } from "./event-kinds";

/** "AS64496", "64496", "lacnic:900001" or (admins) "BR" as the endpoint's subject; null: none given. */
function parseSubject(text: string): Pick<NewWebhook, "asn" | "organisation" | "cc"> | null {
  const value = text.trim();
  if (value === "") return {};
  const asn = /^(?:AS)?(\d{1,10})$/i.exec(value);
  if (asn) return { asn: Number(asn[1]) };
  if (/^[a-z]+:[A-Za-z0-9-]{1,100}$/.test(value)) return { organisation: value };
  if (/^[A-Za-z]{2}$/.test(value)) return { cc: value.toUpperCase() };
  return null;
}

/** The secret of the endpoint just added: shown here once, with a copy button and a warning. */
function SecretOnce({ secret }: { secret: string }) {
  const t = useT();
  return (
    <div className="notice secret-once" role="status">
      <strong>{t("webhooks.secretHeading")}</strong>
      <p>{t("webhooks.secretWarning")}</p>
      <CopyField value={secret} label={t("webhooks.secretLabel")} />
    </div>
  );
}

/** Adding an endpoint: its URL, optionally one subject, and the events it wants. */
export function NewWebhookForm({ role }: { role: "isp" | "admin" }) {
  const t = useT();
  const add = useAddWebhook();
  const [subjectError, setSubjectError] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const subject = parseSubject(String(data.get("subject") ?? ""));
    setSubjectError(subject === null);
    if (subject === null) return;
    const chosen = data.getAll("events").map(String) as WebhookEventKind[];
    // All of them ticked: the subject's own kinds (the server's default), whatever the subject.
    const events = chosen.length === WEBHOOK_EVENT_KINDS.length ? undefined : chosen;
    add.mutate(
      { url: String(data.get("url") ?? "").trim(), ...subject, ...(events ? { events } : {}) },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <form className="panel form webhook-form" onSubmit={submit} aria-labelledby="webhook-form-heading">
      <h2 id="webhook-form-heading">{t("webhooks.addHeading")}</h2>
      <label>
        {t("webhooks.url")}
        <input name="url" type="url" required maxLength={2000} placeholder="https://noc.example/atalaya" />
      </label>
      <label>
        {t("webhooks.subject")}
        <input name="subject" aria-describedby="webhook-subject-hint" />
      </label>
      <p id="webhook-subject-hint" className="muted">
        {t(role === "admin" ? "webhooks.subjectHint.admin" : "webhooks.subjectHint.isp")}
      </p>
      {subjectError && (
        <p className="form-error" role="alert">
          {t("webhooks.subjectInvalid")}
        </p>
      )}
      <fieldset>
        <legend>{t("webhooks.events")}</legend>
        {WEBHOOK_EVENT_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" name="events" value={kind} defaultChecked />
            {t(`webhooks.event.${kind}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? t("webhooks.adding") : t("webhooks.add")}
      </button>
      {add.isSuccess && <SecretOnce key={add.data.data.id} secret={add.data.data.secret} />}
      <FormError error={add.error} />
    </form>
  );
}
