import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { currentShares } from "../../lib/economy-shares";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { getCountry, listCountries } from "./queries";
import { CountryListResponse, CountryParams, CountryResponse } from "./schemas";

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["countries"],
  summary: "Every economy of the LACNIC region with its registry figures",
  responses: {
    200: {
      description: "The 31 economies, ordered by code",
      content: { "application/json": { schema: CountryListResponse } },
    },
    ...errorResponses,
  },
});

const one = createRoute({
  method: "get",
  path: "/{cc}",
  tags: ["countries"],
  summary: "One economy's registry figures",
  request: { params: CountryParams },
  responses: {
    200: { description: "The economy", content: { "application/json": { schema: CountryResponse } } },
    404: {
      description: "Not an economy of the LACNIC region",
      content: { "application/json": { schema: ErrorSchema } },
    },
    ...errorResponses,
  },
});

export const countryRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const { database, dataset } = c.var.services;
    const shares = await currentShares(c.var.services);
    return c.json(
      {
        data: await listCountries(database, shares),
        measurement: {
          evaluationDate: shares.evaluationDate,
          ...shares.window,
          metric: "preferred" as const,
          source: "apnic" as const,
        },
        meta: await dataset.meta(),
      },
      200,
    );
  })
  .openapi(one, async (c) => {
    const { database, dataset } = c.var.services;
    const cc = c.req.valid("param").cc.toUpperCase();
    const country = await getCountry(database, cc, await currentShares(c.var.services));
    if (!country) throw new ApiError("NOT_FOUND", `${cc} is not an economy of the LACNIC region`);
    return c.json({ data: country, meta: await dataset.meta() }, 200);
  });
