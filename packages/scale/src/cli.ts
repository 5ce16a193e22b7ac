/**
 * `npm run scale:data [-- --fraction 0.05] [--out DIR]`: writes the reference dataset (default
 * `.scale/full`, or `.scale/slice-<n>` for a fraction 1/n).
 * `npm run scale:serve [-- --dir DIR] [--port N]`: serves it and prints the variables that point
 * `atalaya ingest all` at it.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultScaleDir, generateScaleData } from "./generate";
import { serveScaleData } from "./serve";

const ROOT = path.resolve(import.meta.dirname, "../../..");

const [command = "generate", ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    fraction: { type: "string", default: "1" },
    out: { type: "string" },
    dir: { type: "string" },
    port: { type: "string", default: "0" },
    shared: { type: "string", default: path.join(ROOT, "..", "shared", "data", "real") },
  },
});
const fraction = Number(values.fraction);

if (command === "generate") {
  const out = path.resolve(values.out ?? defaultScaleDir(fraction));
  const started = performance.now();
  const manifest = await generateScaleData({
    realDir: values.shared,
    out,
    fraction,
    log: (l) => console.log(l),
  });
  console.log(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify(manifest.counts));
} else if (command === "serve") {
  const server = await serveScaleData(
    path.resolve(values.dir ?? defaultScaleDir(fraction)),
    Number(values.port),
  );
  console.log(`serving on ${server.url}; point atalaya at it with:`);
  for (const [name, value] of Object.entries(server.env)) console.log(`export ${name}=${value}`);
} else {
  console.error(`unknown command ${command}: generate or serve`);
  process.exit(2);
}
