export * from "./committee";
export * from "./endpoints";
export * from "./generate";
export { type GeneratedRib, ribAnnouncements, writeRib } from "./rib";
export * from "./serve";
