/**
 * Writes the demo files to `<dataDir>/demo/` and loads them through the ordinary ingest paths,
 * marked as demo data so the API and dashboard label them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { awardCycles } from "@atalaya/db";
import {
  APNIC_SOURCE,
  asNamesSource,
  asPopulationSource,
  delegatedSource,
  googleAdoptionSource,
  type IngestContext,
  ingestApnic,
  pfx2asSource,
  runIngest,
  SELF_REPORTED_SOURCE,
  selfReportedSource,
  vrpSource,
  whenSourceLockFree,
} from "@atalaya/ingest";
import { DEFAULT_PARAMETERS, METHOD_VERSION } from "@atalaya/metrics";
import { generateDemo } from "./generate";
import { DEMO_MEASUREMENT_END } from "./measurements";

export interface DemoFiles {
  delegated: string;
  asNames: string;
  asPopulation: string;
  googleAdoption: string;
  pfx2as: string;
  vrps: string;
  /** Base of the APNIC-layout tree (`…/v6stats`). */
  apnicBase: string;
  /** One ISP's traffic upload (`date,ipv4_bytes,ipv6_bytes`). */
  selfReported: string;
}

export async function writeDemoFiles(
  dir: string,
): Promise<DemoFiles & { dataset: ReturnType<typeof generateDemo> }> {
  const dataset = generateDemo();
  await mkdir(dir, { recursive: true });
  const files = {
    delegated: path.join(dir, "delegated-lacnic-extended-demo"),
    asNames: path.join(dir, "asn-demo.txt"),
    asPopulation: path.join(dir, "aspop-demo.json"),
    googleAdoption: path.join(dir, "adoption-demo.js"),
    pfx2as: path.join(dir, "routeviews-demo.pfx2as"),
    vrps: path.join(dir, "vrps-demo.json"),
    apnicBase: path.join(dir, "v6stats"),
    selfReported: path.join(dir, `AS${dataset.selfReported.asn}-traffic-demo.csv`),
  };
  await writeFile(files.delegated, dataset.delegated);
  await writeFile(files.asNames, dataset.asNames);
  await writeFile(files.asPopulation, dataset.asPopulation);
  await writeFile(files.googleAdoption, dataset.googleAdoption);
  await writeFile(files.pfx2as, dataset.routing.pfx2as);
  await writeFile(files.vrps, dataset.routing.vrpsJson);
  await writeFile(files.selfReported, dataset.selfReported.csv);
  for (const file of dataset.apnic) {
    const target = path.join(files.apnicBase, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.json);
  }
  return { ...files, dataset };
}

export async function loadDemo(dir: string, ctx: IngestContext): Promise<void> {
  const { dataset, ...files } = await writeDemoFiles(dir);
  const demo = { ...ctx, isDemo: true };
  // Each source under its lock, as any run (a run without it could be taken for an orphan).
  const load = (source: string, run: () => Promise<unknown>) =>
    whenSourceLockFree(ctx.database, source, ctx.log, run);
  for (const [spec, file] of [
    [delegatedSource, files.delegated],
    [asNamesSource, files.asNames],
    [asPopulationSource, files.asPopulation],
    [googleAdoptionSource, files.googleAdoption],
    [vrpSource, files.vrps],
    [pfx2asSource, files.pfx2as],
  ] as const) {
    await load(spec.source, () => runIngest(spec, { file }, demo));
  }
  const base = pathToFileURL(files.apnicBase).href;
  // Networks measured in a second economy are found through the AS population, as a user's are.
  await load(APNIC_SOURCE, () => ingestApnic({ base }, demo));
  const traffic = dataset.selfReported;
  await load(SELF_REPORTED_SOURCE, () =>
    runIngest(
      selfReportedSource(traffic.asn, traffic.cc, DEMO_MEASUREMENT_END),
      { file: files.selfReported },
      demo,
    ),
  );
  await ctx.database.db
    .insert(awardCycles)
    .values({
      name: "Demo 2026",
      award: "jim-bound",
      ...DEFAULT_PARAMETERS,
      evaluationDate: DEMO_MEASUREMENT_END,
      methodVersion: METHOD_VERSION,
    })
    .onConflictDoNothing();
}
