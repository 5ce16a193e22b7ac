/**
 * The public side of disputes: after an award cycle's release, which standings were disputed and
 * how each was resolved (never the text, the file or the chair's reason). Mounted under
 * /v1/results, so it is revalidated like the other released results (lib/http-cache.ts).
 */
import { releasedDisputes } from "@atalaya/committee";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { IdParams, iso, isoOrNull } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { ErrorSchema, errorResponses } from "../../lib/errors";

const route = createRoute({
  method: "get",
  path: "/jim-bound/{id}/disputes",
  tags: ["results"],
  summary: "Disputed standings of a released Jim Bound award cycle and their outcomes (public after release)",
  request: { params: IdParams },
  responses: {
    200: {
      description: "Disputes by subject name",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(
              z.object({
                subjectKind: z.enum(["network", "organisation"]),
                subjectId: z.string(),
                name: z.string(),
                filedAt: z.string(),
                status: z.enum(["open", "upheld", "rejected"]),
                resolvedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    404: {
      description: "No such cycle, or not released yet",
      content: { "application/json": { schema: ErrorSchema } },
    },
    ...errorResponses,
  },
});

export const releasedDisputeRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const rows = await releasedDisputes(c.var.services.database, Number(c.req.valid("param").id));
  return c.json(
    { data: rows.map((r) => ({ ...r, filedAt: iso(r.filedAt), resolvedAt: isoOrNull(r.resolvedAt) })) },
    200,
  );
});
