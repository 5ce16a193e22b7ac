/**
 * How much an ingest source may read before it is refused: a gzip bomb (a megabyte that inflates
 * to gigabytes) or a file without line breaks must stop while it streams, not after filling
 * memory. Defaults fit each source's real size with a wide margin; a genuine file over them is
 * let through by raising the source's limit (ATALAYA_MAX_DECOMPRESSED_MB, ATALAYA_MAX_LINE_BYTES).
 */
import { z } from "zod";

export const INPUT_SOURCES = [
  "delegated",
  "asnames",
  "aspop",
  "apnic",
  "google",
  "self-reported",
  "radar",
  "vrps",
  "pfx2as",
  "mrt",
  "backup",
] as const;
export type InputSource = (typeof INPUT_SOURCES)[number];

/** Sources read line by line; the others are JSON documents or binary records. */
export const LINE_SOURCES = ["delegated", "asnames", "google", "self-reported", "pfx2as", "backup"] as const;
type LineSource = (typeof LINE_SOURCES)[number];

export interface InputLimit {
  /**
   * Bytes after decompression (gzip, bzip2, or an HTTP Content-Encoding); for apnic and radar,
   * per file or response. Also bounds a download, which is never larger than what it inflates to.
   */
  decompressedBytes: number;
  /** Longest line, in bytes; null for sources not read as lines. */
  lineBytes: number | null;
}

export type InputLimits = Record<InputSource, InputLimit>;

const MiB = 1024 * 1024;

/** Decompressed MiB per source: about 10–25 times the largest real file seen. */
const DEFAULT_MB: Record<InputSource, number> = {
  delegated: 256, // LACNIC's file is ~10 MB, the largest registry's ~25 MB
  asnames: 64, // asn.txt ~5 MB
  aspop: 64, // the global AS population JSON, a few MB
  apnic: 16, // one network's v6economyas JSON, tens of kB
  google: 16, // adoption.js, ~150 kB
  "self-reported": 16, // a year of daily totals is ~15 kB
  radar: 16, // one network's daily series, a few kB
  vrps: 512, // vrps.json for ~800k VRPs, ~150 MB; also the most a JSON string holds
  pfx2as: 256, // a full IPv4 table, ~40 MB
  mrt: 32 * 1024, // one RIS collector's full RIB is several GB inflated (read as a stream)
  backup: 64 * 1024, // `atalaya backup` of the full-size dataset: a few GB inflated (read as a stream)
};

// Real lines are under 300 bytes; a longer one means the input is not the format at all.
const DEFAULT_LINE_BYTES = 64 * 1024;
/**
 * A backup's line is a table row: the longest holds an uploaded report or attachment (at most
 * ATALAYA_REPORT_MAX_BYTES, 10 MiB by default), twice that as hex.
 */
const LINE_BYTES: Partial<Record<InputSource, number>> = { backup: 64 * MiB };

export const DEFAULT_INPUT_LIMITS: InputLimits = Object.fromEntries(
  INPUT_SOURCES.map((source) => [
    source,
    {
      decompressedBytes: DEFAULT_MB[source] * MiB,
      lineBytes: (LINE_SOURCES as readonly string[]).includes(source)
        ? (LINE_BYTES[source] ?? DEFAULT_LINE_BYTES)
        : null,
    },
  ]),
) as InputLimits;

/** `source=N,source=N` pairs, each source one of `sources`, N a positive whole number. */
function sourceValues<S extends string>(sources: readonly S[], unit: string) {
  return z
    .string()
    .regex(/^[a-z-]+=\d+(,[a-z-]+=\d+)*$/, `must be source=${unit} pairs, e.g. ${sources[0]}=100`)
    .transform((text, ctx) => {
      const values: Partial<Record<S, number>> = {};
      for (const pair of text.split(",")) {
        const [name, value] = pair.split("=") as [string, string];
        if (!(sources as readonly string[]).includes(name)) {
          ctx.addIssue({ code: "custom", message: `${name} is not one of ${sources.join(", ")}` });
          return z.NEVER;
        }
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 1) {
          ctx.addIssue({
            code: "custom",
            message: `${name}=${value}: give a whole number of ${unit}, 1 or more`,
          });
          return z.NEVER;
        }
        values[name as S] = n;
      }
      return values;
    });
}

export const maxDecompressedMbSchema = sourceValues(INPUT_SOURCES, "MiB")
  .optional()
  .describe(
    "largest decompressed input per ingest source, in MiB, as source=MiB pairs overriding the defaults " +
      `(${INPUT_SOURCES.map((s) => `${s}=${DEFAULT_MB[s]}`).join(", ")}; apnic and radar per file); ` +
      "input past it is refused while it streams",
  );

export const maxLineBytesSchema = sourceValues(LINE_SOURCES, "bytes")
  .optional()
  .describe(
    "longest line per line-based ingest source, in bytes, as source=bytes pairs overriding the default " +
      `${DEFAULT_LINE_BYTES} (${LINE_SOURCES.join(", ")}; backup ${LINE_BYTES.backup})`,
  );

/** The defaults with the configured overrides applied. */
export function inputLimits(
  decompressedMb: Partial<Record<InputSource, number>> = {},
  lineBytes: Partial<Record<LineSource, number>> = {},
): InputLimits {
  const limits = structuredClone(DEFAULT_INPUT_LIMITS);
  for (const [source, mb] of Object.entries(decompressedMb) as Array<[InputSource, number]>)
    limits[source].decompressedBytes = mb * MiB;
  for (const [source, bytes] of Object.entries(lineBytes) as Array<[LineSource, number]>)
    limits[source].lineBytes = bytes;
  return limits;
}
