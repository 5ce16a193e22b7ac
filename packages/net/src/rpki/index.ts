export * from "./mrt-routes";
export * from "./output";
export * from "./pfx2as";
export * from "./prefix-index";
export * from "./route";
export * from "./route-table";
export * from "./validate";
export * from "./vrps";
