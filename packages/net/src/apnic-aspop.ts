/**
 * Parser for APNIC Labs' AS population estimate (`aspop?f=j`, DESIGN.md §3):
 * `{"Data": [{"rank", "AS", "Description", "CC", "Users", "Percent of CC Pop",
 * "Percent of Internet", "Samples"}]}` — estimated users per (ASN, economy), the weights of
 * country and region figures. Pure; entries it cannot use are rejected with their index.
 */
export interface AsPopulation {
  asn: number;
  cc: string;
  users: number;
  samples: number | null;
}

export interface AsPopulationReject {
  index: number;
  reason: string;
}

function num(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : null;
}

export function parseAsPopulation(text: string): {
  rows: AsPopulation[];
  rejects: AsPopulationReject[];
  fatal: string | null;
} {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { rows: [], rejects: [], fatal: `not JSON: ${(error as Error).message}` };
  }
  const data = (doc as { Data?: unknown } | null)?.Data;
  if (!Array.isArray(data)) return { rows: [], rejects: [], fatal: 'no "Data" array' };
  const rows: AsPopulation[] = [];
  const rejects: AsPopulationReject[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of data.entries()) {
    const e = (entry ?? {}) as Record<string, unknown>;
    const asText = String(e.AS ?? "");
    const asn = /^(AS)?\d+$/i.test(asText) ? Number(asText.replace(/^AS/i, "")) : null;
    const cc = typeof e.CC === "string" ? e.CC.toUpperCase() : "";
    const users = num(e.Users);
    if (asn === null || asn > 4294967295)
      rejects.push({ index, reason: `AS "${asText}" is not an AS number` });
    else if (!/^[A-Z]{2}$/.test(cc))
      rejects.push({ index, reason: `CC "${String(e.CC)}" is not a country code` });
    else if (users === null) rejects.push({ index, reason: `Users "${String(e.Users)}" is not a count` });
    else if (seen.has(`${asn}/${cc}`)) rejects.push({ index, reason: `AS${asn} in ${cc} listed twice` });
    else {
      seen.add(`${asn}/${cc}`);
      rows.push({ asn, cc, users: Math.round(users), samples: num(e.Samples) });
    }
  }
  return { rows, rejects, fatal: null };
}
