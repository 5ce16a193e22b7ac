export { DEMO_BEACON } from "./beacon";
export * from "./generate";
export * from "./load";
export { type ApnicSeries, apnicJson, type Curve, DEMO_MEASUREMENT_END } from "./measurements";
export { Random } from "./random";
