export { type ApiRoutes, type AppOptions, createApp } from "./app";
export {
  detectAlertEvents,
  detectionInput,
  sendDigestsNow,
  summariseEconomiesNow,
} from "./lib/alert-detection";
export { latestMeasurementDate } from "./lib/award-params";
export { jimBoundBoard } from "./lib/jim-bound-evidence";
export { type RunningServer, startServer } from "./server";
