export * from "./address-map";
export * from "./attribution";
export * from "./counts";
export * from "./tests";
export * from "./token";
