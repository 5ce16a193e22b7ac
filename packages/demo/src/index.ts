export { DEMO_BEACON } from "./beacon";
export * from "./generate";
export * from "./load";
export { type ApnicSeries, apnicJson, type Curve } from "./measurements";
export { Random } from "./random";
