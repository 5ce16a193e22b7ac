export { messageLinks } from "./compose";
export * from "./describe";
export * from "./detect";
export * from "./digests";
export * from "./feed";
export * from "./record";
export * from "./standings";
export * from "./types";
export * from "./weekly";
