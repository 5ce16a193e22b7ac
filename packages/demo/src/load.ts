/**
 * Writes the demo files to `<dataDir>/demo/` and loads them through the ordinary ingest paths,
 * marked as demo data so the API and dashboard label them; optionally in two steps, the demo's
 * past and then its present, so that alert detection has history to report.
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
import { addDays, DEFAULT_PARAMETERS, METHOD_VERSION } from "@atalaya/metrics";
import { loadDemoBeacon } from "./beacon";
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
  /** The same tree as APNIC published it HISTORY_DAYS earlier: the demo's past, for its Activity. */
  apnicEarlierBase: string;
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
    apnicEarlierBase: path.join(dir, "v6stats-earlier"),
    selfReported: path.join(dir, `AS${dataset.selfReported.asn}-traffic-demo.csv`),
  };
  await writeFile(files.delegated, dataset.delegated);
  await writeFile(files.asNames, dataset.asNames);
  await writeFile(files.asPopulation, dataset.asPopulation);
  await writeFile(files.googleAdoption, dataset.googleAdoption);
  await writeFile(files.pfx2as, dataset.routing.pfx2as);
  await writeFile(files.vrps, dataset.routing.vrpsJson);
  await writeFile(files.selfReported, dataset.selfReported.csv);
  const earlierEnd = addDays(DEMO_MEASUREMENT_END, -HISTORY_DAYS);
  for (const file of dataset.apnic) {
    for (const [base, json] of [
      [files.apnicBase, file.json],
      [files.apnicEarlierBase, seriesUntil(file.json, earlierEnd)],
    ] as const) {
      const target = path.join(base, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, json);
    }
  }
  return { ...files, dataset };
}

/** How far back the demo's past is: its Activity shows what changed since. */
export const HISTORY_DAYS = 14;

/** An APNIC file as it stood on `end`: its days up to then. */
function seriesUntil(json: string, end: string): string {
  const file = JSON.parse(json) as { data: Array<{ date: string }> };
  return JSON.stringify({ ...file, data: file.data.filter((d) => d.date <= end) });
}

export interface DemoLoadOptions {
  /**
   * Alert detection (the caller's: it lives with the board, in the API). Given, the demo loads
   * its APNIC series as they stood HISTORY_DAYS earlier first and detects (the baseline), then
   * loads them as they are: the caller's detection after the load finds what changed since,
   * through the same ingests and detectors as live data, and the pages' Activity is not empty.
   */
  detect?: () => Promise<unknown>;
}

export async function loadDemo(
  dir: string,
  ctx: IngestContext,
  options: DemoLoadOptions = {},
): Promise<void> {
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
  if (options.detect) {
    const earlier = pathToFileURL(files.apnicEarlierBase).href;
    await load(APNIC_SOURCE, () => ingestApnic({ base: earlier }, demo));
    await options.detect();
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
  // Atalaya's own measurement for a few networks, through the beacon's test store and ingest.
  await loadDemoBeacon(demo, DEMO_MEASUREMENT_END);
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
