/** The Jim Bound state of a network or organisation as a coloured badge, on every page that shows one. */
import type { api, InferResponseType } from "../lib/api-client";
import { formatInteger } from "../lib/format";
import { type Translator, useT } from "../lib/i18n";

type Board = InferResponseType<(typeof api.v1.awards)["jim-bound"]["$get"], 200>;
export type EligibilityState = Board["data"]["networks"][number]["state"];

export const STATES: EligibilityState[] = ["eligible", "borderline", "below", "insufficient-data"];

export const stateLabel = (t: Translator, state: EligibilityState) => t(`state.${state}`);

export function StateBadge({ state }: { state: EligibilityState }) {
  const t = useT();
  return <span className={`badge badge-${state}`}>{stateLabel(t, state)}</span>;
}

/**
 * Why a network has insufficient data, in the chosen language. The API writes the reason in
 * English ("12 days with data in the window, 20 required"); another wording is shown as it came.
 */
export function reasonText(t: Translator, reason: string | null): string {
  if (!reason) return "";
  const days = /^(\d+) days with data in the window, (\d+) required$/.exec(reason);
  if (days)
    return t("state.reasonDays", {
      days: formatInteger(Number(days[1])),
      required: formatInteger(Number(days[2])),
    });
  const samples = /^(\d+) samples in the window, (\d+) required$/.exec(reason);
  if (samples)
    return t("state.reasonSamples", {
      samples: formatInteger(Number(samples[1])),
      required: formatInteger(Number(samples[2])),
    });
  return reason;
}
