/**
 * The choices of a subscription as form fields: which events (those its subject allows), how
 * they arrive, in which language. Uncontrolled, read back with `useChoicesReader` on submit.
 */
import { useId, useState } from "react";
import { LOCALES, type MessageKey, useT } from "../../../lib/i18n";
import {
  type AlertLanguage,
  type Delivery,
  type EventKind,
  type SubjectKind,
  useSubscriptionChoices,
} from "../api/get-subscription-choices";

const DELIVERIES: Delivery[] = ["immediate", "daily", "weekly"];

export const eventLabel = (event: EventKind) => `subscribe.event.${event}` as MessageKey;

export function ChoiceFields(props: {
  allowed: readonly EventKind[];
  events: readonly EventKind[];
  delivery: Delivery;
  language: AlertLanguage;
}) {
  const t = useT();
  const legend = useId();
  return (
    <>
      <fieldset className="choices" aria-labelledby={legend}>
        <legend id={legend}>{t("subscribe.events")}</legend>
        {props.allowed.map((event) => (
          <label key={event} className="check">
            <input
              type="checkbox"
              name="events"
              value={event}
              defaultChecked={props.events.includes(event)}
            />
            {t(eventLabel(event))}
          </label>
        ))}
      </fieldset>
      <label>
        {t("subscribe.delivery")}
        <select name="delivery" defaultValue={props.delivery}>
          {DELIVERIES.map((d) => (
            <option key={d} value={d}>
              {t(`subscribe.delivery.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("subscribe.language")}
        <select name="language" defaultValue={props.language}>
          {(Object.keys(LOCALES) as AlertLanguage[]).map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALES[code]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** The choices a form holds (ChoiceFields' names). */
function readChoices(form: FormData) {
  return {
    events: form.getAll("events").map(String) as EventKind[],
    delivery: String(form.get("delivery")) as Delivery,
    language: String(form.get("language")) as AlertLanguage,
  };
}

/**
 * Reading a form's choices, refusing none of `allowed` checked: `read` gives the choices, or
 * null while `error` says to choose an event. Until `allowed` has loaded (empty) the form shows
 * no events, and `read` leaves them out: the API's default is all.
 */
export function useChoicesReader(allowed: readonly EventKind[]) {
  const t = useT();
  const [noEvents, setNoEvents] = useState(false);
  const read = (form: FormData) => {
    const { events, ...chosen } = readChoices(form);
    const none = allowed.length > 0 && events.length === 0;
    setNoEvents(none);
    if (none) return null;
    return allowed.length > 0 ? { ...chosen, events } : chosen;
  };
  const error = noEvents ? (
    <p className="form-error" role="alert">
      {t("subscribe.noEvents")}
    </p>
  ) : null;
  return { read, error };
}

/** The events that apply to a kind of subject, as the API says (empty until loaded). */
export function useAllowedEvents(kind: SubjectKind): readonly EventKind[] {
  return useSubscriptionChoices().data?.data.events[kind] ?? [];
}

/**
 * A new subscription's choices folded under "Options": every event of the subject, as it
 * happens, in the page's language, unless changed.
 */
export function OptionsDisclosure({ allowed, kind }: { allowed: readonly EventKind[]; kind: SubjectKind }) {
  const t = useT();
  return (
    <details className="options">
      <summary>{t("subscribe.options")}</summary>
      {/* Keyed: the defaults follow the page's language and the subject until the form is sent. */}
      <div className="form" key={`${kind}-${t.locale}-${allowed.length}`}>
        <ChoiceFields allowed={allowed} events={allowed} delivery="immediate" language={t.locale} />
      </div>
    </details>
  );
}
