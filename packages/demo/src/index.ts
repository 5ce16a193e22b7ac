export * from "./generate";
export * from "./load";
