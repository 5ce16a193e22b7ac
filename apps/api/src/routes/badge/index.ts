/**
 * `GET /badge/AS{n}.svg`: a shields-style badge with a network's IPv6-preferred share and Jim
 * Bound state, linking back to its page, for ISPs to embed on their own sites (the security
 * headers let /badge/* be loaded cross-origin). Unknown networks get a 404 badge that says so.
 */
import { Hono } from "hono";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { publicLink } from "../../lib/public-origin";

const COLOURS = {
  eligible: "#15803d",
  borderline: "#b45309",
  below: "#475569",
  "insufficient-data": "#6b7280",
  unknown: "#9f1239",
} as const;

const STATE_TEXT = {
  eligible: "eligible",
  borderline: "borderline",
  below: "below 20%",
  "insufficient-data": "insufficient data",
} as const;

/** Approximate advance widths of 11px Verdana, enough to size the two halves. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) width += 7;
    else if (/[A-Z%]/.test(ch)) width += ch === "%" ? 9.5 : 7.5;
    else if (/[il.·,:| ]/.test(ch)) width += 3.6;
    else if (/[mw]/.test(ch)) width += 9.5;
    else width += 6.3;
  }
  return Math.ceil(width);
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function badgeSvg(options: {
  label: string;
  message: string;
  colour: string;
  title: string;
  href: string | null;
}): string {
  const { label, message, colour } = options;
  const left = textWidth(label) + 12;
  const right = textWidth(message) + 12;
  const width = left + right;
  const text = (x: number, value: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${escapeXml(value)}</text>` +
    `<text x="${x}" y="14">${escapeXml(value)}</text>`;
  const body =
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#334155"/><rect x="${left}" width="${right}" height="20" fill="${colour}"/><rect width="${width}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    text(left / 2, label) +
    text(left + right / 2, message) +
    "</g>";
  const linked = options.href ? `<a href="${escapeXml(options.href)}" target="_top">${body}</a>` : body;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(options.title)}">` +
    `<title>${escapeXml(options.title)}</title>${linked}</svg>`
  );
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export const badgeRoutes = new Hono<AppEnv>().get("/:file", async (c) => {
  const { database, dataset, boards } = c.var.services;
  const match = /^AS(\d{1,10})\.svg$/i.exec(c.req.param("file"));
  const asn = match ? Number(match[1]) : null;
  const headers = { "content-type": "image/svg+xml; charset=utf-8" };
  const row =
    asn !== null && asn <= 4294967295
      ? await (async () => {
          const { version } = await dataset.state();
          const resolved = await resolveParameters(database, {}, version);
          const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
          return board.networks.find((n) => n.asn === asn) ?? null;
        })()
      : null;
  if (!row) {
    const label = asn === null ? "IPv6" : `AS${asn} IPv6`;
    return c.body(
      badgeSvg({
        label,
        message: "not found",
        colour: COLOURS.unknown,
        title: `${label}: not a LACNIC-region network known to Atalaya`,
        href: null,
      }),
      404,
      { ...headers, "cache-control": "public, max-age=300" },
    );
  }
  const message =
    row.share === null ? STATE_TEXT[row.state] : `${percent(row.share)} · ${STATE_TEXT[row.state]}`;
  const window = `${row.window.start} – ${row.window.end}`;
  return c.body(
    badgeSvg({
      label: `AS${row.asn} IPv6`,
      message,
      colour: COLOURS[row.state],
      title:
        `AS${row.asn}${row.name ? ` ${row.name}` : ""}: ` +
        (row.share === null
          ? ""
          : `${percent(row.share)} of sampled users prefer IPv6 (APNIC Labs, ${window}); `) +
        `Jim Bound state ${STATE_TEXT[row.state]}. Atalaya`,
      // Relative unless ATALAYA_PUBLIC_URL is set: this answer is cached publicly for an hour, so
      // it must not carry whatever Host the first requester sent. Relative links in an SVG
      // resolve against the badge's own address, which is this server.
      href: publicLink(c, `/as/${row.asn}`),
    }),
    200,
    // Figures change once a day at most; an hour keeps embedding sites cheap to serve.
    { ...headers, "cache-control": "public, max-age=3600" },
  );
});
