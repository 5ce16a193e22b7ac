/** The Jim Bound state of a network or organisation as a coloured badge, on every page that shows one. */
import type { api, InferResponseType } from "../lib/api-client";

type Board = InferResponseType<(typeof api.v1.awards)["jim-bound"]["$get"], 200>;
export type EligibilityState = Board["data"]["networks"][number]["state"];

const LABELS: Record<EligibilityState, string> = {
  eligible: "Eligible",
  borderline: "Borderline",
  below: "Below",
  "insufficient-data": "Insufficient data",
};

export function StateBadge({ state }: { state: EligibilityState }) {
  return <span className={`badge badge-${state}`}>{LABELS[state]}</span>;
}

export const STATES = Object.keys(LABELS) as EligibilityState[];
export const stateLabel = (state: EligibilityState) => LABELS[state];
