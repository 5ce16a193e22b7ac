export * from "./checks";
export * from "./settings";
