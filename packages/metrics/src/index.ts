export * from "./aggregate";
export * from "./dates";
export * from "./eligibility";
export * from "./trend";
export * from "./wilson";
export * from "./windows";
