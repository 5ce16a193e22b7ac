import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import react from "@vitejs/plugin-react";
import type { Topology } from "topojson-specification";
import { defineConfig, type Plugin } from "vite";
import { lacnicTopology } from "./src/features/region/map/topology-subset";

/**
 * `virtual:lacnic-topology`: the region cut out of world-atlas's 1:50m countries at build time
 * (src/features/region/map/topology-subset.ts), so the map's chunk never carries the world.
 */
function lacnicTopologyPlugin(): Plugin {
  const id = "virtual:lacnic-topology";
  return {
    name: "atalaya-lacnic-topology",
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      const file = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
      const world = JSON.parse(readFileSync(file, "utf8")) as Topology;
      return `export default ${JSON.stringify(lacnicTopology(world))};`;
    },
  };
}

// In development (`npm run dev:web`) the API runs separately (`npx atalaya serve`) and Vite
// proxies /api (and the badges) to it; in production the API process serves the built files itself.
const api = `http://127.0.0.1:${process.env.ATALAYA_API_PORT ?? "8080"}`;
export default defineConfig({
  plugins: [react(), lacnicTopologyPlugin()],
  server: { proxy: { "/api": api, "/badge": api } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
