export * from "./byte-stream";
export * from "./catalogue";
export * from "./errors";
export * from "./fetch-text";
export * from "./ingest-all";
export * from "./input";
export { whenSourceLockFree, withSourceLock } from "./lock-keys";
export * from "./progress";
export * from "./recovery";
export * from "./run-ingest";
export * from "./runs";
export * from "./schedule";
export {
  APNIC_SOURCE,
  type ApnicRequest,
  apnicUrl,
  DEFAULT_APNIC_BASE,
  ingestApnic,
} from "./sources/apnic-labs";
export { asNamesSource } from "./sources/as-names";
export { asPopulationSource } from "./sources/as-population";
export { BEACON_SOURCE, type BeaconPublish, publishBeacon } from "./sources/atalaya-beacon";
export {
  DEFAULT_RADAR_BASE,
  DEFAULT_RADAR_PACE_MS,
  DEFAULT_RADAR_RANGE,
  ingestRadar,
  RADAR_SCALE,
  RADAR_SOURCE,
  type RadarRequest,
  type RadarResult,
  radarUrl,
} from "./sources/cloudflare-radar";
export { delegatedSource } from "./sources/delegated";
export { GOOGLE_SOURCE, googleAdoptionSource } from "./sources/google-adoption";
export { mrtSource, pfx2asSource, vrpSource } from "./sources/routing";
export { SELF_REPORTED_SOURCE, selfReportedSource } from "./sources/self-reported";
export * from "./validation";
