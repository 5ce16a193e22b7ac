/**
 * The alert subscriptions on an ISP account's organisations and networks (My networks): each
 * address with what it follows and how, to change or remove; and a form to add one. The
 * account's own address starts at once; another gets a confirmation e-mail first.
 */
import { type FormEvent, useId, useState } from "react";
import { FormError, LoadError, Loading } from "../../../components/status";
import { LOCALES, type MessageKey, useT } from "../../../lib/i18n";
import {
  type MySubscription,
  type NewMySubscription,
  useAddMySubscription,
  useChangeMySubscription,
  useMySubscriptions,
  useRemoveMySubscription,
} from "../api/my-subscriptions";
import {
  ChoiceFields,
  eventLabel,
  OptionsDisclosure,
  useAllowedEvents,
  useChoicesReader,
} from "./choice-fields";

/** Something the account may add a subscription on, named for the list and the form. */
export interface OwnSubject {
  kind: "network" | "organisation";
  id: string;
  label: string;
}

const subjectKey = (s: { kind: string; id: string }) => `${s.kind}:${s.id}`;

function SubscriptionItem({ s, label }: { s: MySubscription; label: string }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const change = useChangeMySubscription();
  const remove = useRemoveMySubscription();
  const loaded = useAllowedEvents(s.subject.kind);
  const allowed = loaded.length > 0 ? loaded : s.events;
  const choices = useChoicesReader(allowed);
  const save = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const chosen = choices.read(new FormData(e.currentTarget));
    if (chosen) change.mutate({ id: s.id, changes: chosen }, { onSuccess: () => setEditing(false) });
  };
  const events = new Intl.ListFormat(t.locale, { type: "conjunction" }).format(
    s.events.map((e) => t(eventLabel(e))),
  );
  return (
    <li className="subscription">
      <p className="subscription-head">
        <strong className="subscription-email">{s.email}</strong>{" "}
        <span className={`badge subscription-${s.status}`}>
          {t(`myNetworks.status.${s.status}` as MessageKey)}
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t("myNetworks.subject")}</dt>
          <dd>{label}</dd>
        </div>
        <div>
          <dt>{t("subscribe.events")}</dt>
          <dd>{events}</dd>
        </div>
        <div>
          <dt>{t("subscribe.delivery")}</dt>
          <dd>{t(`subscribe.delivery.${s.delivery}`)}</dd>
        </div>
        <div>
          <dt>{t("subscribe.language")}</dt>
          <dd>{LOCALES[s.language]}</dd>
        </div>
      </dl>
      {editing ? (
        <form
          className="form"
          onSubmit={save}
          aria-label={t("myNetworks.changeLabel", { email: s.email, subject: label })}
        >
          <ChoiceFields allowed={allowed} events={s.events} delivery={s.delivery} language={s.language} />
          {choices.error}
          <FormError error={change.error} />
          <div className="actions">
            <button type="submit" disabled={change.isPending}>
              {t("manage.save")}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {t("myNetworks.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {t("myNetworks.change")}
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(s.id)}
          >
            {t("myNetworks.remove")}
          </button>
        </div>
      )}
      <FormError error={remove.error} />
    </li>
  );
}

function AddSubscriptionForm(props: {
  subjects: OwnSubject[];
  ownEmail: string;
  labelOf: (subject: MySubscription["subject"]) => string;
}) {
  const { subjects, ownEmail } = props;
  const t = useT();
  const heading = useId();
  const add = useAddMySubscription();
  const [subjectId, setSubjectId] = useState(subjects[0] ? subjectKey(subjects[0]) : "");
  const subject = subjects.find((s) => subjectKey(s) === subjectId) ?? subjects[0];
  const kind = subject?.kind ?? "network";
  const allowed = useAllowedEvents(kind);
  const choices = useChoicesReader(allowed);
  if (!subject) return null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const chosen = choices.read(form);
    if (!chosen) return;
    const body: NewMySubscription = {
      email: String(form.get("email")),
      ...(subject.kind === "network" ? { asn: Number(subject.id) } : { organisation: subject.id }),
      ...chosen,
    };
    add.mutate(body);
  };
  const added = add.data?.data;
  return (
    <form className="form" onSubmit={submit} aria-labelledby={heading}>
      <h3 id={heading}>{t("myNetworks.add")}</h3>
      <p className="muted">{t("myNetworks.ownAddress")}</p>
      <label>
        {t("subscribe.email")}
        <input
          name="email"
          type="email"
          autoComplete="email"
          maxLength={320}
          required
          defaultValue={ownEmail}
        />
      </label>
      <label>
        {t("myNetworks.subject")}
        <select name="subject" value={subjectKey(subject)} onChange={(e) => setSubjectId(e.target.value)}>
          {subjects.map((s) => (
            <option key={subjectKey(s)} value={subjectKey(s)}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <OptionsDisclosure allowed={allowed} kind={kind} />
      {choices.error}
      <FormError error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t("myNetworks.addSubmit")}
      </button>
      {added && !add.isPending && (
        <p className="notice" role="status">
          {added.status === "active"
            ? t("myNetworks.addedActive", { email: added.email, subject: props.labelOf(added.subject) })
            : t("myNetworks.addedPending", { email: added.email })}
        </p>
      )}
    </form>
  );
}

export function MySubscriptions({ subjects, ownEmail }: { subjects: OwnSubject[]; ownEmail: string }) {
  const t = useT();
  const heading = useId();
  const list = useMySubscriptions();
  const labels = new Map(subjects.map((s) => [subjectKey(s), s.label]));
  const labelOf = (s: MySubscription["subject"]) =>
    labels.get(subjectKey(s)) ?? t(`subscriptions.subject.${s.kind}` as MessageKey, { id: s.id });
  return (
    <section className="panel" aria-labelledby={heading}>
      <h2 id={heading}>{t("myNetworks.subscriptionsHeading")}</h2>
      {list.isPending ? (
        <Loading label={t("myNetworks.subscriptionsLoading")} />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <p className="muted">{t("myNetworks.none")}</p>
      ) : (
        <ul className="plain subscriptions" aria-label={t("myNetworks.subscriptionsHeading")}>
          {list.data.data.map((s) => (
            <SubscriptionItem key={s.id} s={s} label={labelOf(s.subject)} />
          ))}
        </ul>
      )}
      <AddSubscriptionForm subjects={subjects} ownEmail={ownEmail} labelOf={labelOf} />
    </section>
  );
}
