/**
 * Validation results as text: CSV `prefix,origin,state,reason` and Routinator's validity JSON
 * (`{"validated_routes": [{"route": {...}, "validity": {...}}], "generatedTime": ...}`).
 *
 * Rows are one per distinct (prefix, origin), sorted by the canonical prefix text and then the
 * origin text, both compared as plain strings (JavaScript's default order, by UTF-16 code unit),
 * so the order can be reproduced with any tool that sorts bytes: "10.0.0.0/8" < "9.0.0.0/8".
 */
import { formatPrefix } from "../prefix";
import type { Route } from "./route";
import type { RouteSet } from "./route-set";
import type { RouteValidity, VrpIndex } from "./validate";
import type { Vrp } from "./vrps";

export interface ValidatedRoute {
  /** Canonical prefix text (host bits cleared, IPv6 per RFC 5952). */
  prefix: string;
  /** "64496", or "{64496,64497}" for an AS_SET origin. */
  origin: string;
  route: Route;
  validity: RouteValidity;
}

export function compareRows(
  a: { prefix: string; origin: string },
  b: { prefix: string; origin: string },
): number {
  if (a.prefix !== b.prefix) return a.prefix < b.prefix ? -1 : 1;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return 0;
}

/** Validates a route set, in output order. */
export function validateRouteSet(routes: RouteSet, index: VrpIndex): ValidatedRoute[] {
  return [...validatedRoutes(routes, index)];
}

/** The same, one row at a time, so a writer can stream a global table without holding its results. */
export function* validatedRoutes(routes: RouteSet, index: VrpIndex): Generator<ValidatedRoute> {
  for (const r of routes.inOrder())
    yield { prefix: r.prefix, origin: r.origin, route: r.route, validity: index.validate(r.route) };
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const VALIDATED_CSV_HEADER = "prefix,origin,state,reason";

export function validatedRouteCsvLine(row: ValidatedRoute): string {
  return `${csvField(row.prefix)},${csvField(row.origin)},${row.validity.state},${row.validity.reason ?? ""}`;
}

/** The CSV text in blocks (header first), each ending in a newline, for streaming to a file. */
export function* validatedRoutesCsv(rows: Iterable<ValidatedRoute>, blockSize = 1 << 16): Generator<string> {
  let block = `${VALIDATED_CSV_HEADER}\n`;
  for (const row of rows) {
    block += `${validatedRouteCsvLine(row)}\n`;
    if (block.length >= blockSize) {
      yield block;
      block = "";
    }
  }
  if (block !== "") yield block;
}

// Descriptions as Routinator writes them (taken over from the RIPE NCC Validator), so that
// consumers matching on them keep working.
const DESCRIPTIONS = {
  valid: "At least one VRP Matches the Route Prefix",
  as: "At least one VRP Covers the Route Prefix, but no VRP ASN matches the route origin ASN",
  length:
    "At least one VRP Covers the Route Prefix, but the Route Prefix length is greater than the maximum length allowed by VRP(s) matching this route origin ASN",
  "not-found": "No VRP Covers the Route Prefix",
} as const;

/** Routinator's JSON for one VRP: ASN as "AS…", max_length as a string (sic). */
function vrpJson(vrp: Vrp): { asn: string; prefix: string; max_length: string } {
  return { asn: `AS${vrp.asn}`, prefix: formatPrefix(vrp.prefix), max_length: String(vrp.maxLength) };
}

/** The VRPs behind a validity, as Routinator lists them (`VRPs` of a validated route). */
export function vrpListsJson(
  validity: Pick<ValidatedRoute["validity"], "matched" | "unmatchedAs" | "unmatchedLength">,
) {
  return {
    matched: validity.matched.map(vrpJson),
    unmatched_as: validity.unmatchedAs.map(vrpJson),
    unmatched_length: validity.unmatchedLength.map(vrpJson),
  };
}

/**
 * One element of `validated_routes`. Routinator only knows single-AS origins ("AS64496"); an
 * AS_SET origin is written "{AS64496,AS64497}", which no Routinator output contains.
 */
export function validatedRouteJson(row: ValidatedRoute): unknown {
  const { route, validity } = row;
  const origin =
    typeof route.origin === "number"
      ? `AS${route.origin}`
      : `{${route.origin.set.map((a) => `AS${a}`).join(",")}}`;
  const description =
    validity.state === "invalid" ? DESCRIPTIONS[validity.reason ?? "as"] : DESCRIPTIONS[validity.state];
  return {
    route: { origin_asn: origin, prefix: row.prefix },
    validity: {
      state: validity.state,
      ...(validity.reason ? { reason: validity.reason } : {}),
      description,
      VRPs: vrpListsJson(validity),
    },
  };
}

/**
 * The JSON document in blocks, one route per line, so a million routes never sit in memory as
 * one string. `generatedTime` (ISO 8601) is written when given, as Routinator does.
 */
export function* validatedRoutesJson(
  rows: Iterable<ValidatedRoute>,
  generatedTime?: string,
  blockSize = 1 << 16,
): Generator<string> {
  let block = '{\n  "validated_routes": [';
  let first = true;
  for (const row of rows) {
    block += `${first ? "\n" : ",\n"}    ${JSON.stringify(validatedRouteJson(row))}`;
    first = false;
    if (block.length >= blockSize) {
      yield block;
      block = "";
    }
  }
  block += first ? "]" : "\n  ]";
  if (generatedTime !== undefined) block += `,\n  "generatedTime": ${JSON.stringify(generatedTime)}`;
  yield `${block}\n}\n`;
}
