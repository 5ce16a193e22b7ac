export * from "./account-subscriptions";
export * from "./backoff";
export * from "./errors";
export * from "./messages";
export * from "./outbox";
export * from "./sender";
export * from "./subjects";
export * from "./subscriptions";
