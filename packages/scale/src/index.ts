export * from "./committee";
export * from "./endpoints";
export * from "./generate";
export * from "./serve";
