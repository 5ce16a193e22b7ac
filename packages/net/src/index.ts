export * from "./apnic-labs";
export * from "./as-names";
export * from "./ipv4";
export * from "./ipv6";
export * from "./lacnic-region";
export * from "./lines";
export * from "./rir-delegated";
export * from "./traffic-csv";
