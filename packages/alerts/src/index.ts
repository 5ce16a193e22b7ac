export * from "./backoff";
export * from "./errors";
export * from "./events";
export * from "./messages";
export * from "./outbox";
export * from "./sender";
export * from "./subjects";
export * from "./subscriptions";
