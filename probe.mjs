// Polls health and a cached data route while a command runs through the server; prints latencies.
import { spawn } from "node:child_process";

const [url, ...cmd] = process.argv.slice(2);
const lat = { health: [], cached: [] };
let running = true;
const child = spawn(process.execPath, ["packages/cli/bin/atalaya.js", ...cmd], {
  stdio: ["ignore", "pipe", "pipe"],
  env: process.env,
});
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
const done = new Promise((r) =>
  child.on("close", (c) => {
    running = false;
    r(c);
  }),
);
async function poll(kind, path) {
  while (running) {
    const t = performance.now();
    const res = await fetch(url + path, { signal: AbortSignal.timeout(20000) }).catch((e) => ({
      status: String(e),
    }));
    lat[kind].push([performance.now() - t, res.status]);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const t0 = performance.now();
await Promise.all([poll("health", "/api/health"), poll("cached", "/api/v1/region"), done]);
console.log("command", cmd.join(" "), "exit", await done, "in", Math.round(performance.now() - t0), "ms");
for (const [k, v] of Object.entries(lat)) {
  const ms = v.map((x) => x[0]).sort((a, b) => a - b);
  const bad = v.filter((x) => x[1] !== 200).length;
  console.log(
    k,
    "n",
    ms.length,
    "p50",
    Math.round(ms[ms.length >> 1]),
    "max",
    Math.round(ms.at(-1)),
    "non-200",
    bad,
  );
}
console.log(
  out
    .split("\n")
    .filter((l) => /published|refused|error|running through/.test(l))
    .join("\n"),
);
