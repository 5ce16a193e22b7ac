/// <reference types="vite/client" />

/** The LACNIC region's topology, cut from world-atlas at build time (vite.config.ts). */
declare module "virtual:lacnic-topology" {
  const topology: import("./features/region/map/topology-subset").RegionTopology;
  export default topology;
}
