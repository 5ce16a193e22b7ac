/**
 * Writes the demo files to `<dataDir>/demo/` and loads them through the ordinary ingest path,
 * marked as demo data so the API and dashboard label them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { asNamesSource, delegatedSource, type IngestContext, runIngest } from "@atalaya/ingest";
import { generateDemo } from "./generate";

export interface DemoFiles {
  delegated: string;
  asNames: string;
}

export async function writeDemoFiles(dir: string): Promise<DemoFiles> {
  const dataset = generateDemo();
  await mkdir(dir, { recursive: true });
  const files = {
    delegated: path.join(dir, "delegated-lacnic-extended-demo"),
    asNames: path.join(dir, "asn-demo.txt"),
  };
  await writeFile(files.delegated, dataset.delegated);
  await writeFile(files.asNames, dataset.asNames);
  return files;
}

export async function loadDemo(dir: string, ctx: IngestContext): Promise<void> {
  const files = await writeDemoFiles(dir);
  const demo = { ...ctx, isDemo: true };
  await runIngest(delegatedSource, { file: files.delegated }, demo);
  await runIngest(asNamesSource, { file: files.asNames }, demo);
}
