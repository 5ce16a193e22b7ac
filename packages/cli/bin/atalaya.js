#!/usr/bin/env node
// The `atalaya` command. Sources are TypeScript and no build step stands between a clone and a
// working CLI: the command runs a bundle that esbuild makes from them into a cache directory
// whenever any of them changed (docs/adr/0003), and runs them through tsx's loader when no
// bundle can be built.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compiledEntry } from "./compiled.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bundle = await compiledEntry({
  root,
  entry: path.join(root, "packages/cli/src/main.ts"),
  cacheDir: path.join(root, "node_modules/.cache/atalaya-cli"),
});
if (bundle) {
  // Stack traces name the TypeScript sources, as they do under tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
