export * from "./aggregate";
export * from "./dates";
export * from "./eligibility";
export * from "./months";
export * from "./overdispersion";
export * from "./trend";
export * from "./wilson";
export * from "./windows";
