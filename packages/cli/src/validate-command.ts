/**
 * `atalaya validate --vrps <file|url> --routes <file|url> [--format csv|json]`: RPKI route origin
 * validation (RFC 6811) of a routing table against a VRP list, one result per distinct
 * (prefix, origin).
 *
 * - VRPs: rpki-client / Routinator / Cloudflare JSON, Routinator CSV or the RIPE archive
 *   `roas.csv`, recognised from the content;
 * - routes: a CAIDA pfx2as file or an MRT file (RIB dump or BGP4MP updates), recognised from the
 *   first bytes: an MRT record header holds zero bytes, which text never does.
 * Either may be plain, gzip or bzip2. Results go to stdout (CSV `prefix,origin,state,reason`, or
 * Routinator's `validated_routes` JSON); counts and rejected lines go to stderr.
 */
import path from "node:path";
import { type Config, createLogger, DEFAULT_INPUT_LIMITS, type InputLimits } from "@atalaya/config";
import {
  acquireUrl,
  describeReadError,
  IngestError,
  InputLimitError,
  openDecompressed,
  readDocument,
  readLines,
} from "@atalaya/ingest";
import {
  mrtRouteItems,
  parsePfx2asLine,
  parseVrps,
  pfx2asRoutes,
  RouteSet,
  readMrtRecords,
  type ValidatedRoute,
  VrpFormatError,
  VrpIndex,
  type VrpParseResult,
  validatedRoutes,
  validatedRoutesCsv,
  validatedRoutesJson,
} from "@atalaya/net";
import type { Command } from "./command";

export type ValidateFormat = "csv" | "json";

/** Where results and notes go; the command writes to stdout/stderr, tests to strings. */
export interface ValidateOutput {
  /** Writes part of the result; resolves when the text may be followed by more. */
  write(text: string): Promise<void>;
  /** One note for the person running the command (counts, rejected lines). */
  note(text: string): void;
}

export interface ValidateSummary {
  /** What the VRP file held (the VRPs themselves are not kept). */
  vrps: Omit<VrpParseResult, "vrps"> & { count: number };
  routesFormat: "pfx2as" | "mrt";
  /** Routes read (one per RIB entry, announcement or pfx2as origin) and distinct (prefix, origin). */
  routes: number;
  distinct: number;
  /** pfx2as lines refused, MRT entries without a usable origin, corrupt MRT records. */
  rejected: number;
  states: { valid: number; invalid: number; "not-found": number };
}

/** Rejected lines shown one by one before only the count is given. */
const SHOWN_REJECTS = 5;

/** MRT types Atalaya decodes (TABLE_DUMP, TABLE_DUMP_V2, BGP4MP, BGP4MP_ET). */
const MRT_TYPES = new Set([12, 13, 16, 17]);

/**
 * The VRP index of a file, and what the file held. VRPs go into the index as they are parsed
 * (it keeps them as numbers), so 800k VRP objects never sit in memory beside it.
 */
async function loadIndex(
  file: string,
  out: ValidateOutput,
  limits: InputLimits,
): Promise<{ index: VrpIndex; vrps: Omit<VrpParseResult, "vrps"> & { count: number } }> {
  const index = new VrpIndex();
  let result: VrpParseResult;
  const document = await readDocument(file, file, { source: "vrps", ...limits.vrps }, () => {});
  try {
    result = parseVrps(document, index);
  } catch (error) {
    if (error instanceof VrpFormatError) throw new IngestError(`${file}: ${error.message}`, file);
    throw error;
  }
  for (const reject of result.rejects.slice(0, SHOWN_REJECTS)) {
    const where = reject.line !== undefined ? `line ${reject.line}` : `roas[${reject.index}]`;
    out.note(`${file}: ${where}: ${reject.reason}: ${reject.raw}`);
  }
  if (result.accepted === 0) {
    throw new IngestError(
      `${file}: no usable VRPs (${result.rejects.length} of ${result.entries} rejected)`,
      file,
    );
  }
  out.note(
    `${file}: ${result.accepted} VRPs (${result.format}; ${result.entries} entries, ` +
      `${result.duplicates} duplicates, ${result.rejects.length} rejected)`,
  );
  const { vrps: _none, ...info } = result;
  return { index, vrps: { ...info, count: result.accepted } };
}

/** The first decompressed bytes of a file (to tell MRT from text before choosing a limit). */
async function firstBytes(file: string): Promise<Uint8Array | null> {
  try {
    for await (const chunk of openDecompressed(file)) return chunk;
  } catch (error) {
    throw new IngestError(`${file} ${describeReadError(error)}`, file);
  }
  return null;
}

function looksLikeMrt(first: Uint8Array | null): boolean {
  // timestamp (4 bytes), type (2, high byte 0), subtype (2, high byte 0).
  return (
    first !== null &&
    first.length >= 12 &&
    first[4] === 0 &&
    MRT_TYPES.has(first[5] as number) &&
    first[6] === 0
  );
}

async function loadRoutes(
  file: string,
  out: ValidateOutput,
  limits: InputLimits,
): Promise<{ routes: RouteSet; format: "pfx2as" | "mrt"; read: number; rejected: number }> {
  const routes = new RouteSet();
  let read = 0;
  let rejected = 0;
  const reject = (text: string) => {
    if (++rejected <= SHOWN_REJECTS) out.note(`${file}: ${text}`);
  };
  const format = looksLikeMrt(await firstBytes(file)) ? "mrt" : "pfx2as";
  // The ingest's limits for the same sources: a file that inflates past them, or a text line
  // longer than pfx2as lines ever are, is refused while it streams.
  if (format === "mrt") {
    try {
      for await (const record of readMrtRecords(
        openDecompressed(file, () => {}, { source: "mrt", ...limits.mrt }),
      )) {
        if (record.kind === "corrupt") {
          reject(`skipped corrupt record at byte ${record.offset}: ${record.reason}`);
          continue;
        }
        for (const item of mrtRouteItems(record)) {
          read++;
          if (item.kind === "route") routes.add(item.route);
          else reject(`byte ${record.header.offset}: route skipped: ${item.reason}`);
        }
      }
    } catch (error) {
      if (error instanceof InputLimitError) throw new IngestError(`${file}: ${error.message}`, file);
      throw new IngestError(`${file} ${describeReadError(error)}`, file);
    }
  } else {
    for await (const line of readLines(file, file, { source: "pfx2as", ...limits.pfx2as }, () => {})) {
      const item = parsePfx2asLine(line);
      if (!item) continue;
      if (item.kind === "reject") {
        reject(`line ${item.line}: ${item.reason}: ${item.raw}`);
        continue;
      }
      for (const route of pfx2asRoutes(item)) {
        read++;
        routes.add(route);
      }
    }
  }
  if (routes.size === 0) throw new IngestError(`${file}: no routes found (not pfx2as nor MRT?)`, file);
  out.note(
    `${file}: ${read} routes (${format}), ${routes.size} distinct (prefix, origin), ${rejected} skipped or rejected`,
  );
  return { routes, format, read, rejected };
}

/** Validates the routes of one file against the VRPs of another and writes the results. */
export async function validateFiles(
  vrpsFile: string,
  routesFile: string,
  format: ValidateFormat,
  out: ValidateOutput,
  generatedTime: Date = new Date(),
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<ValidateSummary> {
  const { index, vrps } = await loadIndex(vrpsFile, out, limits);
  const { routes, format: routesFormat, read, rejected } = await loadRoutes(routesFile, out, limits);
  const states = { valid: 0, invalid: 0, "not-found": 0 };
  // Rows are validated as they are written: a global table's results are never all in memory.
  function* counted(): Generator<ValidatedRoute> {
    for (const row of validatedRoutes(routes, index)) {
      states[row.validity.state]++;
      yield row;
    }
  }
  const blocks =
    format === "json"
      ? validatedRoutesJson(counted(), generatedTime.toISOString())
      : validatedRoutesCsv(counted());
  for (const block of blocks) await out.write(block);
  out.note(
    `validated ${routes.size} routes: ${states.valid} valid, ${states.invalid} invalid, ${states["not-found"]} not-found`,
  );
  return { vrps, routesFormat, routes: read, distinct: routes.size, rejected, states };
}

class OutputClosed extends Error {}

/** stdout with back-pressure; a reader that went away (`| head`) ends the output quietly. */
function stdoutOutput(): { output: ValidateOutput; dispose(): void } {
  let failure: NodeJS.ErrnoException | null = null;
  const onError = (error: NodeJS.ErrnoException) => {
    failure = error;
  };
  process.stdout.on("error", onError);
  const output: ValidateOutput = {
    async write(text) {
      if (failure && failure.code !== "EPIPE") throw failure;
      if (failure || process.stdout.destroyed) throw new OutputClosed();
      if (process.stdout.write(text)) return;
      await new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          process.stdout.off("drain", settle);
          process.stdout.off("close", settle);
          process.stdout.off("error", settle);
          if (error) reject(error);
          else resolve();
        };
        process.stdout.on("drain", settle);
        process.stdout.on("close", settle);
        process.stdout.on("error", settle);
      });
    },
    note(text) {
      process.stderr.write(`atalaya validate: ${text}\n`);
    },
  };
  return { output, dispose: () => process.stdout.off("error", onError) };
}

/** A URL is downloaded (with retries) under <data dir>/downloads/<source>/ and read from there. */
async function localFile(given: string, source: string, config: Config): Promise<string> {
  if (!/^https?:\/\//i.test(given)) return given;
  const acquired = await acquireUrl(
    given,
    source,
    null,
    { ...config.fetch, downloadDir: path.join(config.dataDir, "downloads") },
    createLogger(config.logLevel, undefined, config.logFormat),
  );
  return acquired.path as string;
}

export const validateCommand: Command = {
  summary: "RPKI origin validation (RFC 6811) of pfx2as or MRT routes against a VRP list (CSV or JSON out)",
  usage: "--vrps <file|url> --routes <file|url> [--format csv|json]",
  options: { vrps: { type: "string" }, routes: { type: "string" }, format: { type: "string" } },
  async run({ values }, config) {
    if (typeof values.vrps !== "string") throw new IngestError("--vrps <file|url> is required");
    if (typeof values.routes !== "string") throw new IngestError("--routes <file|url> is required");
    const format = values.format ?? "csv";
    if (format !== "csv" && format !== "json") throw new IngestError(`--format ${format}: use csv or json`);
    const vrpsFile = await localFile(values.vrps, "rpki", config);
    const routesFile = await localFile(values.routes, "routes", config);
    const { output, dispose } = stdoutOutput();
    try {
      await validateFiles(vrpsFile, routesFile, format, output, new Date(), config.inputLimits);
    } catch (error) {
      if (error instanceof OutputClosed || (error as NodeJS.ErrnoException).code === "EPIPE") return 0;
      throw error;
    } finally {
      dispose();
    }
    return 0;
  },
};
