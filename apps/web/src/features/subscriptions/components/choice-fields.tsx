/**
 * The choices of a subscription as form fields: which events (those its subject allows), how
 * they arrive, in which language. Uncontrolled, read back with `readChoices` on submit.
 */
import { useId } from "react";
import { LOCALES, type MessageKey, useT } from "../../../lib/i18n";
import type { AlertLanguage, Delivery, EventKind } from "../api/get-subscription-choices";

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
export function readChoices(form: FormData) {
  return {
    events: form.getAll("events").map(String) as EventKind[],
    delivery: String(form.get("delivery")) as Delivery,
    language: String(form.get("language")) as AlertLanguage,
  };
}
