export * from "./address-map";
export * from "./attribution";
export * from "./counts";
export * from "./service";
export * from "./tests";
export * from "./token";
