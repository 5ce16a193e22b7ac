/** `ingest <source>` and `ingest all`: every load runs under its source's lock. */
import { type Config, type Logger, output } from "@atalaya/config";
import { type Database, registryResources } from "@atalaya/db";
import {
  APNIC_SOURCE,
  asNamesSource,
  asPopulationSource,
  delegatedSource,
  googleAdoptionSource,
  IngestError,
  ingestAll,
  ingestApnic,
  ingestRadar,
  mrtSource,
  pfx2asSource,
  publishBeacon,
  runIngest,
  type SourceSpec,
  selfReportedSource,
  vrpSource,
  withSourceLock,
} from "@atalaya/ingest";
import { and, eq } from "drizzle-orm";
import { detectAfterIngest } from "./alert-commands";
import type { Command, Values } from "./command";
import { ingestContext, withDatabase } from "./context";

const sourceOptions = {
  url: { type: "string" },
  file: { type: "string" },
  force: { type: "boolean" },
} as const;

function ingestCommand(
  source: SourceSpec | ((values: Values) => SourceSpec),
  defaultUrl: (c: Config) => string | undefined,
  what: string,
  extra: { usage?: string; options?: Command["options"]; noDefaultUrl?: boolean } = {},
): Command {
  const from = extra.noDefaultUrl ? "a URL" : "a URL (default: the upstream)";
  return {
    summary: `Load ${what} from ${from} or a local file (plain, .gz or .bz2)`,
    usage: `[--url URL | --file PATH] [--force]${extra.usage ?? ""}`,
    options: { ...sourceOptions, ...extra.options },
    async run({ values }, config) {
      if (values.url && values.file) throw new IngestError("give either --url or --file, not both");
      const spec = typeof source === "function" ? source(values) : source;
      const file = values.file as string | undefined;
      const url = file ? undefined : ((values.url as string | undefined) ?? defaultUrl(config));
      if (!file && !url) throw new IngestError(`${spec.source} has no default URL: give --url or --file`);
      return withDatabase(config, async (database, log) => {
        const result = await locked(config, database, spec.source, log, () =>
          runIngest(spec, { file, url }, ingestContext(config, database, log, values.force === true)),
        );
        output().stdout.write(
          result.status === "unchanged"
            ? `${spec.source}: unchanged (run ${result.runId}); live data kept\n`
            : `${spec.source}: published ${result.rows} rows from ${result.location} (run ${result.runId}, data date ${result.dataDate ?? "n/a"})\n`,
        );
        return 0;
      });
    },
  };
}

/**
 * Runs one source's ingest under its lock (refused when another run holds it), then, when it
 * published, detects the alert events it caused.
 */
async function locked<T extends { status?: string }>(
  config: Config,
  database: Database,
  source: string,
  log: Logger,
  fn: () => Promise<T>,
): Promise<T> {
  const result = await withSourceLock(database, source, log, fn);
  if (!result.acquired)
    throw new IngestError(`another ingest of ${source} is running; try again when it ends`);
  if (result.value.status !== "unchanged") await detectAfterIngest(config, database, log);
  return result.value;
}

async function registryCountry(database: Database, asn: number): Promise<string | null> {
  const [row] = await database.db
    .select({ cc: registryResources.cc })
    .from(registryResources)
    .where(and(eq(registryResources.type, "asn"), eq(registryResources.asn, asn)))
    .limit(1);
  return row?.cc ?? null;
}

export const ingestCommands: Record<string, Command> = {
  "ingest delegated": ingestCommand(
    delegatedSource,
    (c) => c.sources.delegatedUrl,
    "RIR delegated-extended statistics",
  ),
  "ingest asnames": ingestCommand(
    asNamesSource,
    (c) => c.sources.asNamesUrl,
    "AS names (RIPE asn.txt or potaroo format)",
  ),
  "ingest aspop": ingestCommand(
    asPopulationSource,
    (c) => c.sources.asPopulationUrl,
    "APNIC Labs AS population (users per network)",
  ),
  "ingest vrps": ingestCommand(
    vrpSource,
    (c) => c.sources.vrpsUrl,
    "RPKI VRPs (rpki-client JSON, Cloudflare rpki.json, Routinator CSV/JSON, RIPE roas.csv)",
  ),
  "ingest pfx2as": ingestCommand(pfx2asSource, () => undefined, "CAIDA RouteViews prefix-to-AS routes", {
    noDefaultUrl: true,
  }),
  "ingest mrt": ingestCommand(
    (values) => {
      const minPeers = Number(values["min-peers"] ?? 1);
      if (!Number.isInteger(minPeers) || minPeers < 1)
        throw new IngestError("--min-peers must be a positive integer");
      return mrtSource(minPeers);
    },
    (c) => c.sources.mrtUrl,
    "routes from an MRT RIB dump, per (prefix, origin) with peer counts",
    { usage: " [--min-peers N]", options: { "min-peers": { type: "string" } } },
  ),
  "ingest google": ingestCommand(
    googleAdoptionSource,
    (c) => c.sources.googleUrl,
    "Google's global IPv6 adoption (adoption.js)",
  ),
  "ingest apnic": {
    summary: "Load APNIC Labs per-network IPv6 measurements (default: every region ASN in the registry data)",
    usage: "[--url BASE] [--cc CC ...] [--asn N ...] [--concurrency N]",
    options: {
      url: { type: "string" },
      cc: { type: "string", multiple: true },
      asn: { type: "string", multiple: true },
      concurrency: { type: "string" },
    },
    async run({ values }, config) {
      const ccs = (values.cc as string[] | undefined)?.map((c) => c.toUpperCase());
      const bad = ccs?.find((c) => !/^[A-Z]{2}$/.test(c));
      if (bad) throw new IngestError(`--cc ${bad}: not a two-letter country code`);
      const asns = (values.asn as string[] | undefined)?.map((a) => {
        if (!/^(AS)?\d+$/i.test(a)) throw new IngestError(`--asn ${a}: not an AS number`);
        return Number(a.replace(/^AS/i, ""));
      });
      const concurrency = Number(values.concurrency ?? 8);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new IngestError("--concurrency must be an integer from 1 to 64");
      }
      const base = (values.url as string | undefined) ?? config.sources.apnicBase;
      return withDatabase(config, async (database, log) => {
        const result = await locked(config, database, APNIC_SOURCE, log, () =>
          ingestApnic({ base, ccs, asns, concurrency }, ingestContext(config, database, log)),
        );
        output().stdout.write(
          `apnic: published ${result.rows} daily rows (run ${result.runId}, data to ${result.dataDate ?? "n/a"}); ` +
            `files: ${result.files.fetched} new, ${result.files.unchanged} unchanged, ${result.files.notMeasured} not measured\n`,
        );
        return 0;
      });
    },
  },
  "ingest beacon": {
    summary:
      "Publish the beacon's counts as the atalaya-beacon series (days of a network with fewer than ATALAYA_BEACON_MIN_TESTS tests withheld; the server does daily at 00:15 UTC)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        const result = await publishBeacon(ingestContext(config, database, log), {
          minTests: config.beacon.minTests,
        });
        output().stdout.write(
          `atalaya-beacon: published ${result.rows} network-days (run ${result.runId}, data to ${result.dataDate ?? "n/a"}); ` +
            `${result.withheld} withheld with fewer than ${config.beacon.minTests} tests\n`,
        );
        await detectAfterIngest(config, database, log);
        return 0;
      }),
  },
  "ingest radar": {
    summary:
      "Load Cloudflare Radar's daily share of HTTP requests over IPv6 per network (needs ATALAYA_RADAR_TOKEN; default: every region ASN in the registry data)",
    usage: "[--url BASE] [--asn N ...] [--range 12w] [--concurrency N]",
    options: {
      url: { type: "string" },
      asn: { type: "string", multiple: true },
      range: { type: "string" },
      concurrency: { type: "string" },
    },
    async run({ values }, config) {
      const token = config.credentials.radarToken;
      if (!token) {
        throw new IngestError(
          "Cloudflare Radar is not configured: set ATALAYA_RADAR_TOKEN to a Cloudflare API token with Radar read access",
        );
      }
      const asns = (values.asn as string[] | undefined)?.map((a) => {
        if (!/^(AS)?\d+$/i.test(a)) throw new IngestError(`--asn ${a}: not an AS number`);
        return Number(a.replace(/^AS/i, ""));
      });
      const concurrency = Number(values.concurrency ?? 4);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
        throw new IngestError("--concurrency must be an integer from 1 to 16");
      }
      const base = (values.url as string | undefined) ?? config.sources.radarBase;
      const range = values.range as string | undefined;
      return withDatabase(config, async (database, log) => {
        const result = await locked(config, database, "radar", log, () =>
          ingestRadar(
            { base, token, asns, range, concurrency, paceMs: config.fetch.radarPaceMs },
            ingestContext(config, database, log),
          ),
        );
        output().stdout.write(
          `radar: published ${result.rows} daily shares (run ${result.runId}, data to ${result.dataDate ?? "n/a"}); ` +
            `networks: ${result.networks.measured} measured, ${result.networks.notMeasured} without Radar data\n`,
        );
        return 0;
      });
    },
  },
  "ingest self-reported": {
    summary: "Load an ISP's own daily traffic totals for one network (CSV: date,ipv4_bytes,ipv6_bytes)",
    usage: "--asn N --file PATH [--cc CC]",
    options: { asn: { type: "string" }, file: { type: "string" }, cc: { type: "string" } },
    async run({ values }, config) {
      const asnText = values.asn as string | undefined;
      if (!asnText || !/^(AS)?\d+$/i.test(asnText))
        throw new IngestError("--asn N is required (e.g. --asn 64496)");
      if (typeof values.file !== "string") throw new IngestError("--file PATH is required");
      const file = values.file;
      const asn = Number(asnText.replace(/^AS/i, ""));
      return withDatabase(config, async (database, log) => {
        const cc = (values.cc as string | undefined)?.toUpperCase() ?? (await registryCountry(database, asn));
        if (!cc || !/^[A-Z]{2}$/.test(cc))
          throw new IngestError(`AS${asn} has no registry country here: pass --cc`);
        const result = await locked(config, database, "self-reported", log, () =>
          runIngest(selfReportedSource(asn, cc), { file }, ingestContext(config, database, log)),
        );
        output().stdout.write(
          result.status === "unchanged"
            ? `self-reported: unchanged (run ${result.runId})\n`
            : `self-reported: ${result.rows} days of traffic for AS${asn} in ${cc} (run ${result.runId})\n`,
        );
        return 0;
      });
    },
  },
  "ingest all": {
    summary:
      "Refresh every source in dependency order (registry, names, population, measurements, context, VRPs, routes; Cloudflare Radar when a token is set)",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database, log) => {
        const outcomes = await ingestAll(config.sources, ingestContext(config, database, log), {
          credentials: config.credentials,
          radarPaceMs: config.fetch.radarPaceMs,
        });
        if (outcomes.some((o) => o.outcome === "succeeded")) await detectAfterIngest(config, database, log);
        for (const o of outcomes) {
          const detail =
            o.outcome === "failed"
              ? o.error
              : o.outcome === "skipped" || o.outcome === "not-configured"
                ? o.reason
                : `run ${o.runId}, ${o.rows} rows`;
          const outcome = o.outcome === "not-configured" ? "not configured" : o.outcome;
          output().stdout.write(`${o.source.padEnd(10)} ${outcome.padEnd(14)} ${detail}\n`);
        }
        return outcomes.some((o) => o.outcome === "failed") ? 1 : 0;
      }),
  },
};
