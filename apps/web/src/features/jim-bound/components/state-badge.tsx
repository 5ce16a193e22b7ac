import type { EligibilityState } from "../api/get-jim-bound";

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
