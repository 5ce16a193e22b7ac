/**
 * Atom feeds (RFC 4287) of a network's and an organisation's Activity: `/feeds/AS{n}.atom`,
 * `/feeds/org/{registry:holder}.atom`, `?lang=es|pt` for the entries' language. Links are
 * absolute from ATALAYA_PUBLIC_URL, else from a loopback request's own origin; a feed reader
 * elsewhere without a public URL configured gets relative links, as the badges do.
 */
import { activity, atomFeed, type Subject } from "@atalaya/alerts";
import { type AlertLanguage, alertLanguages } from "@atalaya/db";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../lib/context";
import { trustedOrigin } from "../../lib/public-origin";

const ENTRIES = 50;

async function feed(c: Context<AppEnv>, subject: Subject, title: string, page: string) {
  const lang = c.req.query("lang") ?? "en";
  const language: AlertLanguage = (alertLanguages as readonly string[]).includes(lang)
    ? (lang as AlertLanguage)
    : "en";
  const base = (c.var.services.publicUrl ?? trustedOrigin(c) ?? "").replace(/\/+$/, "");
  const entries = await activity(c.var.services.database, subject, { language, limit: ENTRIES });
  const body = atomFeed({
    title,
    self: `${base}${c.req.path}${language === "en" ? "" : `?lang=${language}`}`,
    base,
    alternate: `${base}${page}`,
    id: `tag:atalaya,2026:${subject.kind === "network" ? `AS${subject.asn}` : subject.kind === "organisation" ? subject.id : subject.cc}`,
    language,
    entries,
    updated: new Date(0),
  });
  return c.body(body, 200, {
    "content-type": "application/atom+xml; charset=utf-8",
    "cache-control": "public, max-age=300",
  });
}

export const feedRoutes = new Hono<AppEnv>()
  .get("/org/:file", async (c) => {
    const match = /^([a-z]+:[A-Za-z0-9-]{1,100})\.atom$/.exec(c.req.param("file"));
    if (!match) return c.text("not a feed: /feeds/org/{registry:holder}.atom", 404);
    const id = match[1] as string;
    return feed(c, { kind: "organisation", id }, `Atalaya: ${id}`, `/org/${encodeURIComponent(id)}`);
  })
  .get("/:file", async (c) => {
    const match = /^AS(\d{1,10})\.atom$/i.exec(c.req.param("file"));
    const asn = match ? Number(match[1]) : null;
    if (asn === null || asn > 4_294_967_295) return c.text("not a feed: /feeds/AS{number}.atom", 404);
    return feed(c, { kind: "network", asn }, `Atalaya: AS${asn}`, `/as/${asn}`);
  });
