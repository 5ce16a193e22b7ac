export { type ApiRoutes, type AppOptions, createApp } from "./app";
export {
  type AlertContext,
  detectAlertEvents,
  detectionInput,
  sendDigestsNow,
  summariseEconomiesNow,
} from "./lib/alert-detection";
export { latestMeasurementDate } from "./lib/award-params";
export { type Board, BoardCache, type SharedBoards } from "./lib/board";
export { DatasetInfo } from "./lib/dataset";
export { jimBoundBoard } from "./lib/jim-bound-evidence";
export { buildMonthlyReport, type ReportServices, reportLinks } from "./lib/monthly-report/build";
export { monthlyReportMessage } from "./lib/monthly-report/email";
export { renderMonthlyReportPdf } from "./lib/monthly-report/pdf";
export type { MonthlyReport } from "./lib/monthly-report/schema";
export { sendMonthlyReports } from "./lib/monthly-report/send";
export { type RunningServer, startServer } from "./server";
