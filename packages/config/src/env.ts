/**
 * The one place that reads `process.env`. Every process parses its configuration once at start-up
 * with `loadConfig()` and refuses to start when a variable is set to something it cannot use:
 * bad configuration is never silently replaced by a default.
 */
import path from "node:path";
import { z } from "zod";
import { type InputLimits, inputLimits, maxDecompressedMbSchema, maxLineBytesSchema } from "./input-limits";

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** `host`, `host:port`, `[v6]:port`, optionally with `http://` or `https://` before it. */
const beaconHost = z
  .string()
  .regex(
    /^(https?:\/\/)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/,
    "must be host[:port], optionally with http:// or https://",
  )
  .optional();

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .describe("Postgres server to use instead of the embedded PGlite database"),
  ATALAYA_QUERY_TIMEOUT_MS: positiveInt
    .default(15_000)
    .describe("an API request still running after this long is cancelled in the database and answered 503"),
  ATALAYA_DB_CONNECT_TIMEOUT_MS: positiveInt
    .default(5000)
    .describe("how long to wait for a connection to the Postgres server before answering 503"),
  ATALAYA_DATA_DIR: z.string().min(1).default(".data").describe("where PGlite and downloaded files live"),
  PORT: port.default(8080).describe("HTTP port of the API and dashboard"),
  HOST: z.string().min(1).default("127.0.0.1").describe("interface to listen on (0.0.0.0 for all)"),
  ATALAYA_DEMO: z
    .enum(["auto", "off"])
    .default("auto")
    .describe("auto: load the demo dataset when the database is empty; off: never"),
  ATALAYA_DELEGATED_URL: z
    .url()
    .default("https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest")
    .describe("default URL of `ingest delegated`"),
  ATALAYA_ASNAMES_URL: z
    .url()
    .default("https://ftp.ripe.net/ripe/asnames/asn.txt")
    .describe("default URL of `ingest asnames`"),
  ATALAYA_APNIC_URL: z
    .url()
    .default("https://data1.labs.apnic.net/v6stats")
    .describe("default base of `ingest apnic` (any server with the v6stats layout)"),
  ATALAYA_ASPOP_URL: z
    .url()
    .default("https://stats.labs.apnic.net/cgi-bin/aspop?f=j")
    .describe("default URL of `ingest aspop` (APNIC Labs AS population, JSON)"),
  ATALAYA_GOOGLE_URL: z
    .url()
    .default("https://www.google.com/intl/en/ipv6/statistics/data/adoption.js")
    .describe("default URL of `ingest google` (Google's global IPv6 adoption, adoption.js)"),
  ATALAYA_RADAR_URL: z
    .url()
    .default("https://api.cloudflare.com/client/v4")
    .describe("default base of `ingest radar` (Cloudflare's API; Radar paths are appended)"),
  ATALAYA_RADAR_TOKEN: z
    .string()
    .regex(/^\S+$/, "must be a Cloudflare API token (no spaces or line breaks)")
    .optional()
    .describe("Cloudflare API token with Radar read access; without it the Radar source is not run"),
  ATALAYA_RADAR_PACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(300)
    .describe(
      "milliseconds between Cloudflare Radar request starts (300: 1,000 per five minutes, Cloudflare's default limit)",
    ),
  ATALAYA_VRPS_URL: z
    .url()
    .default("https://console.rpki-client.org/vrps.json")
    .describe("default URL of `ingest vrps`"),
  ATALAYA_MRT_URL: z
    .url()
    .default("https://data.ris.ripe.net/rrc15/latest-bview.gz")
    .describe("default URL of `ingest mrt` (RIPE RIS rrc15, São Paulo)"),
  ATALAYA_INGEST_CRON: z
    .string()
    .min(1)
    .default("0 4 * * *")
    .describe("when a running server refreshes every source (cron, UTC), or `off`"),
  ATALAYA_FETCH_TIMEOUT_MS: positiveInt.default(60_000).describe("per-request timeout when fetching sources"),
  ATALAYA_FETCH_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe("retries after a failed fetch"),
  ATALAYA_MAX_REJECTED: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("malformed lines an ingest run tolerates before it refuses the file"),
  ATALAYA_MAX_DECOMPRESSED_MB: maxDecompressedMbSchema,
  ATALAYA_MAX_LINE_BYTES: maxLineBytesSchema,
  ATALAYA_PUBLIC_URL: z
    .url()
    .optional()
    .describe(
      "the dashboard's public address (absolute links, same-origin checks); unset: only loopback requests get absolute links or may write",
    ),
  ATALAYA_REPORT_MAX_BYTES: positiveInt
    .default(10 * 1024 * 1024)
    .describe("largest Challenge report upload accepted, in bytes"),
  ATALAYA_CHECK_CRON: z
    .string()
    .min(1)
    .default("20 * * * *")
    .describe(
      "when a running server checks the services of entries in an open deployment window (cron, UTC), or `off`",
    ),
  ATALAYA_CHECK_RESOLVERS: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, "must be a comma-separated list of address or address:port")
    .optional()
    .describe("DNS servers the Challenge checks ask (default: the system's)"),
  ATALAYA_CHECK_TIMEOUT_MS: positiveInt.default(10_000).describe("per-probe timeout of the Challenge checks"),
  ATALAYA_CHECK_PORTS: z
    .string()
    .regex(
      /^(http|https|smtp|dns)=\d{1,5}(,(http|https|smtp|dns)=\d{1,5})*$/,
      "must look like http=80,https=443,smtp=25,dns=53",
    )
    .optional()
    .describe("ports the Challenge checks use instead of 80/443/25/53 (for test set-ups)"),
  ATALAYA_RATE_LIMIT: z
    .union([z.literal("off"), z.coerce.number().int().positive()], {
      error: "must be a whole number of requests per minute, or off",
    })
    .default(600)
    .describe("API requests per minute per client address (429 beyond it), or `off`"),
  ATALAYA_TRUSTED_PROXIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe(
      "reverse proxies in front of the server: with N > 0 the client address for rate limits is the Nth from the right of X-Forwarded-For; 0: the socket's",
    ),
  ATALAYA_RESPONSE_CACHE_MB: z.coerce
    .number()
    .int()
    .min(0)
    .default(64)
    .describe("memory for rendered public API responses of the current data version, in MiB (0: none)"),
  ATALAYA_SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: "must be an smtp:// or smtps:// URL, e.g. smtp://user:password@relay.example:587",
    })
    .optional()
    .describe(
      "the SMTP relay alert e-mail goes through (smtp://user:password@host:587; smtps:// for TLS from the start); unset: e-mail is stored as not configured",
    ),
  ATALAYA_MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
      "must be an address (alerts@example.org) or a name and address (Atalaya <alerts@example.org>)",
    )
    .optional()
    .describe("the From of alert e-mail; needed with ATALAYA_SMTP_URL"),
  ATALAYA_ALERT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(180)
    .describe(
      "days sent and failed e-mail and finished webhook deliveries are kept (events are kept; unsubscribe links work a year)",
    ),
  ATALAYA_BEACON_V4_HOST: beaconHost.describe(
    "the beacon's IPv4-only host name (`v4.example.net`, with `:port` or `https://` as needed; DNS: A only)",
  ),
  ATALAYA_BEACON_V6_HOST: beaconHost.describe("the beacon's IPv6-only host name (DNS: AAAA only)"),
  ATALAYA_BEACON_DS_HOST: beaconHost.describe("the beacon's dual-stack host name (DNS: A and AAAA)"),
  ATALAYA_BEACON_SECRET: z
    .string()
    .min(32, "must be at least 32 characters")
    .optional()
    .describe(
      "signs beacon test tokens; the same in every process serving the beacon (unset: a random one per process)",
    ),
  ATALAYA_BEACON_MIN_TESTS: positiveInt
    .default(20)
    .describe("a network's day with fewer beacon tests is withheld from public output (k)"),
  ATALAYA_WEBHOOK_ALLOW_PRIVATE: z
    .enum(["0", "1"], { error: "must be 0 or 1" })
    .default("0")
    .describe(
      "1: webhooks may be posted to loopback, private and link-local addresses (a closed network, tests); 0: public addresses only",
    ),
  ATALAYA_LOG: z.enum(["debug", "info", "warn", "error"]).default("info").describe("log level"),
  ATALAYA_LOG_FORMAT: z
    .enum(["text", "json"])
    .default("text")
    .describe(
      "text: `time level message key=value …`; json: one JSON object per line (time, level, msg, fields)",
    ),
  ATALAYA_METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,}$/, "must be at least 16 printable characters, without spaces")
    .optional()
    .describe("bearer token that may read /metrics (Prometheus text format); unset: /metrics is not served"),
});

export type EnvVars = z.infer<typeof envSchema>;

export interface Config {
  databaseUrl: string | undefined;
  /** API requests past this are cancelled in the database (503). */
  queryTimeoutMs: number;
  dbConnectTimeoutMs: number;
  dataDir: string;
  port: number;
  host: string;
  demo: "auto" | "off";
  sources: {
    delegatedUrl: string;
    asNamesUrl: string;
    asPopulationUrl: string;
    apnicBase: string;
    googleUrl: string;
    radarBase: string;
    vrpsUrl: string;
    mrtUrl: string;
  };
  /** Secrets: passed to the sources that need them, never logged. */
  credentials: { radarToken: string | undefined };
  fetch: { timeoutMs: number; retries: number; radarPaceMs: number };
  maxRejected: number;
  /** Per ingest source: how much it may inflate to and its longest line. */
  inputLimits: InputLimits;
  ingestCron: string;
  logLevel: "debug" | "info" | "warn" | "error";
  logFormat: "text" | "json";
  /** Secret: the bearer token /metrics asks for (null: /metrics is not served). Never logged. */
  metricsToken: string | null;
  publicUrl: string | null;
  /** Outgoing e-mail; smtpUrl is a secret (its password): never logged. null: not configured. */
  mail: { smtpUrl: string; from: string } | null;
  /** Whether webhooks may go to non-public addresses (off by default: server-side request forgery). */
  webhooks: { allowPrivate: boolean };
  /** Days delivery records are kept (ATALAYA_ALERT_RETENTION_DAYS). */
  alertRetentionDays: number;
  /** Atalaya's own measurement: its three host names (null: not run here); the secret is never logged. */
  beacon: { hosts: BeaconHosts | null; secret: string | null; minTests: number };
  reportMaxBytes: number;
  /** API requests per minute per client address; null: no limit. */
  rateLimit: number | null;
  /** Reverse proxies whose X-Forwarded-For entries are trusted (0: use the socket's address). */
  trustedProxies: number;
  /** Bytes of rendered public API responses kept per data version (0: none). */
  responseCacheBytes: number;
  checks: {
    cron: string;
    resolvers: string[] | null;
    timeoutMs: number;
    ports: { http: number; https: number; smtp: number; dns: number };
  };
}

function parsePorts(text: string | undefined) {
  const ports = { http: 80, https: 443, smtp: 25, dns: 53 };
  for (const pair of text ? text.split(",") : []) {
    const [name, value] = pair.split("=") as [keyof typeof ports, string];
    ports[name] = Number(value);
  }
  return ports;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The beacon's three host names, each `host[:port]` or an origin (`https://v4.example.net`). */
export interface BeaconHosts {
  ipv4: string;
  ipv6: string;
  dual: string;
}

/** Parses an environment (default: the process's). Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as shells and .env files usually intend.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const beaconHosts = [e.ATALAYA_BEACON_V4_HOST, e.ATALAYA_BEACON_V6_HOST, e.ATALAYA_BEACON_DS_HOST];
  if (beaconHosts.some(Boolean) && !beaconHosts.every(Boolean))
    throw new ConfigError(
      "invalid configuration:\n  ATALAYA_BEACON_V4_HOST, ATALAYA_BEACON_V6_HOST, ATALAYA_BEACON_DS_HOST: set all three to run the beacon, or none",
    );
  if (e.ATALAYA_SMTP_URL && !e.ATALAYA_MAIL_FROM)
    throw new ConfigError(
      "invalid configuration:\n  ATALAYA_MAIL_FROM: must be set with ATALAYA_SMTP_URL (the From of alert e-mail, e.g. Atalaya <alerts@example.org>)",
    );
  return {
    databaseUrl: e.DATABASE_URL,
    queryTimeoutMs: e.ATALAYA_QUERY_TIMEOUT_MS,
    dbConnectTimeoutMs: e.ATALAYA_DB_CONNECT_TIMEOUT_MS,
    dataDir: path.resolve(e.ATALAYA_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    demo: e.ATALAYA_DEMO,
    sources: {
      delegatedUrl: e.ATALAYA_DELEGATED_URL,
      asNamesUrl: e.ATALAYA_ASNAMES_URL,
      asPopulationUrl: e.ATALAYA_ASPOP_URL,
      googleUrl: e.ATALAYA_GOOGLE_URL,
      vrpsUrl: e.ATALAYA_VRPS_URL,
      mrtUrl: e.ATALAYA_MRT_URL,
      apnicBase: e.ATALAYA_APNIC_URL,
      radarBase: e.ATALAYA_RADAR_URL,
    },
    credentials: { radarToken: e.ATALAYA_RADAR_TOKEN },
    fetch: {
      timeoutMs: e.ATALAYA_FETCH_TIMEOUT_MS,
      retries: e.ATALAYA_FETCH_RETRIES,
      radarPaceMs: e.ATALAYA_RADAR_PACE_MS,
    },
    maxRejected: e.ATALAYA_MAX_REJECTED,
    inputLimits: inputLimits(e.ATALAYA_MAX_DECOMPRESSED_MB, e.ATALAYA_MAX_LINE_BYTES),
    ingestCron: e.ATALAYA_INGEST_CRON,
    logLevel: e.ATALAYA_LOG,
    logFormat: e.ATALAYA_LOG_FORMAT,
    metricsToken: e.ATALAYA_METRICS_TOKEN ?? null,
    publicUrl: e.ATALAYA_PUBLIC_URL ?? null,
    mail:
      e.ATALAYA_SMTP_URL && e.ATALAYA_MAIL_FROM
        ? { smtpUrl: e.ATALAYA_SMTP_URL, from: e.ATALAYA_MAIL_FROM }
        : null,
    webhooks: { allowPrivate: e.ATALAYA_WEBHOOK_ALLOW_PRIVATE === "1" },
    alertRetentionDays: e.ATALAYA_ALERT_RETENTION_DAYS,
    beacon: {
      hosts:
        e.ATALAYA_BEACON_V4_HOST && e.ATALAYA_BEACON_V6_HOST && e.ATALAYA_BEACON_DS_HOST
          ? { ipv4: e.ATALAYA_BEACON_V4_HOST, ipv6: e.ATALAYA_BEACON_V6_HOST, dual: e.ATALAYA_BEACON_DS_HOST }
          : null,
      secret: e.ATALAYA_BEACON_SECRET ?? null,
      minTests: e.ATALAYA_BEACON_MIN_TESTS,
    },
    reportMaxBytes: e.ATALAYA_REPORT_MAX_BYTES,
    rateLimit: e.ATALAYA_RATE_LIMIT === "off" ? null : e.ATALAYA_RATE_LIMIT,
    trustedProxies: e.ATALAYA_TRUSTED_PROXIES,
    responseCacheBytes: e.ATALAYA_RESPONSE_CACHE_MB * 1024 * 1024,
    checks: {
      cron: e.ATALAYA_CHECK_CRON,
      resolvers: e.ATALAYA_CHECK_RESOLVERS ? e.ATALAYA_CHECK_RESOLVERS.split(",") : null,
      timeoutMs: e.ATALAYA_CHECK_TIMEOUT_MS,
      ports: parsePorts(e.ATALAYA_CHECK_PORTS),
    },
  };
}
