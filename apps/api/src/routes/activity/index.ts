/**
 * The Activity of a network, an organisation or an economy: what alert detection noticed after
 * ingests (@atalaya/alerts), newest first, in the reader's language. Revalidated on every request
 * (lib/http-cache.ts): events are stored after a run publishes, so the data version alone would
 * keep an old answer.
 */
import { activity, type Subject } from "@atalaya/alerts";
import { alertEventKinds, alertLanguages } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../lib/context";
import { errorResponses } from "../../lib/errors";

export const ActivityEntrySchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(alertEventKinds),
    occurredAt: z.string().openapi({ description: "When Atalaya detected it (ISO 8601)" }),
    title: z.string(),
    details: z.array(z.string()).openapi({ description: "The evidence, in words" }),
    link: z.string().openapi({ description: "The dashboard page that explains it" }),
    payload: z.record(z.string(), z.unknown()).openapi({ description: "The evidence as data" }),
  })
  .openapi("ActivityEntry");

const ActivityQuery = z.object({
  lang: z.enum(alertLanguages).default("en"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: "Continue below this event id (the last one of the previous page)" }),
});

const ActivityResponse = z.object({ data: z.array(ActivityEntrySchema) }).openapi("Activity");

const AsnParam = z.object({
  asn: z
    .string()
    .regex(/^(AS|as)?\d{1,10}$/, "an AS number, e.g. 64496")
    .openapi({ param: { name: "asn", in: "path" }, example: "AS64496" }),
});
const OrganisationParam = z.object({
  id: z
    .string()
    .regex(/^[a-z]+:[A-Za-z0-9-]{1,100}$/, "a registry:holder id, e.g. lacnic:900001")
    .openapi({ param: { name: "id", in: "path" }, example: "lacnic:900001" }),
});
const EconomyParam = z.object({
  cc: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "a two-letter economy code")
    .openapi({ param: { name: "cc", in: "path" }, example: "BR" }),
});

/** The route of one collection's activity; path parameters are named as its other routes name them. */
function activityRoute<P extends string, Params extends z.ZodObject>(path: P, params: Params, what: string) {
  return createRoute({
    method: "get",
    path,
    tags: ["activity"],
    summary: `What changed for ${what}: Jim Bound state, RPKI-invalid routes, unannounced space, stale data…`,
    request: { params, query: ActivityQuery },
    responses: {
      200: { description: "Newest first", content: { "application/json": { schema: ActivityResponse } } },
      ...errorResponses,
    },
  });
}

async function entries(c: Context<AppEnv>, subject: Subject, query: z.infer<typeof ActivityQuery>) {
  return activity(c.var.services.database, subject, {
    language: query.lang,
    limit: query.limit,
    before: query.before,
  });
}

export const activityRoutes = new OpenAPIHono<AppEnv>()
  .openapi(activityRoute("/asns/{asn}/activity", AsnParam, "a network"), async (c) => {
    const asn = Number(c.req.valid("param").asn.replace(/^as/i, ""));
    return c.json({ data: await entries(c, { kind: "network", asn }, c.req.valid("query")) }, 200);
  })
  .openapi(activityRoute("/organisations/{id}/activity", OrganisationParam, "an organisation"), async (c) => {
    const id = c.req.valid("param").id;
    return c.json({ data: await entries(c, { kind: "organisation", id }, c.req.valid("query")) }, 200);
  })
  .openapi(activityRoute("/countries/{cc}/activity", EconomyParam, "an economy"), async (c) => {
    const cc = c.req.valid("param").cc.toUpperCase();
    return c.json({ data: await entries(c, { kind: "economy", cc }, c.req.valid("query")) }, 200);
  });
