export * from "./pack";
export * from "./report";
export * from "./report-messages";
export * from "./verify";
