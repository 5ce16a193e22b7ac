/**
 * The Activity of a network, an organisation or an economy: what alert detection noticed after
 * ingests (@atalaya/alerts), newest first, in the reader's language. Revalidated on every request
 * (lib/http-cache.ts): events are stored after a run publishes, so the data version alone would
 * keep an old answer.
 */
import { activity, type Subject } from "@atalaya/alerts";
import { alertEventKinds, alertLanguages } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
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

const SUBJECTS = {
  asns: {
    param: z
      .string()
      .regex(/^(AS|as)?\d{1,10}$/, "an AS number, e.g. 64496")
      .openapi({ param: { name: "id", in: "path" }, example: "AS64496" }),
    subject: (id: string): Subject => ({ kind: "network", asn: Number(id.replace(/^as/i, "")) }),
    what: "a network",
  },
  organisations: {
    param: z
      .string()
      .regex(/^[a-z]+:[A-Za-z0-9-]{1,100}$/, "a registry:holder id, e.g. lacnic:900001")
      .openapi({ param: { name: "id", in: "path" }, example: "lacnic:900001" }),
    subject: (id: string): Subject => ({ kind: "organisation", id }),
    what: "an organisation",
  },
  countries: {
    param: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "a two-letter economy code")
      .openapi({ param: { name: "id", in: "path" }, example: "BR" }),
    subject: (id: string): Subject => ({ kind: "economy", cc: id.toUpperCase() }),
    what: "an economy",
  },
} as const;

export const activityRoutes = new OpenAPIHono<AppEnv>();
for (const [collection, spec] of Object.entries(SUBJECTS)) {
  activityRoutes.openapi(
    createRoute({
      method: "get",
      path: `/${collection}/{id}/activity`,
      tags: ["activity"],
      summary: `What changed for ${spec.what}: Jim Bound state, RPKI-invalid routes, unannounced space, stale data…`,
      request: { params: z.object({ id: spec.param }), query: ActivityQuery },
      responses: {
        200: { description: "Newest first", content: { "application/json": { schema: ActivityResponse } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      const entries = await activity(c.var.services.database, spec.subject(id), {
        language: query.lang,
        limit: query.limit,
        before: query.before,
      });
      return c.json({ data: entries }, 200);
    },
  );
}
