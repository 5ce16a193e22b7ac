import { z } from "@hono/zod-openapi";

export const OrganisationParams = z.object({
  id: z
    .string()
    .regex(/^[a-z]+:[^/]+$/, "registry:holder-id, e.g. lacnic:310248")
    .openapi({ param: { name: "id", in: "path" }, example: "lacnic:310248" }),
});
