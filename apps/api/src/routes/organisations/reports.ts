/**
 * An organisation's monthly report: `GET /{id}/reports/{YYYY-MM}` as JSON and
 * `GET /{id}/reports/{YYYY-MM}.pdf` as a PDF, in English, Spanish or Portuguese (`lang`). Public:
 * it shows what the organisation's page and the released Challenge results show.
 *
 * Hono's router cannot end a parameter with a suffix (`{month}.pdf`), so the PDF is a plain route
 * with a pattern, registered first and documented by hand beside the JSON operation; both read
 * their parameters through the same schemas.
 */
import { REPORT_LANGUAGES } from "@atalaya/evidence";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema, errorResponses, issuesMessage } from "../../lib/errors";
import { buildMonthlyReport } from "../../lib/monthly-report/build";
import { renderMonthlyReportPdf } from "../../lib/monthly-report/pdf";
import { MonthlyReportSchema } from "../../lib/monthly-report/schema";
import { OrganisationParams } from "./schemas";

const ReportParams = OrganisationParams.extend({
  month: z
    .string()
    // isMonth's rule as a pattern, so that the document states it.
    .regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/, "a YYYY-MM calendar month")
    .openapi({ param: { name: "month", in: "path" }, example: "2026-10" }),
});

const ReportQuery = z.object({
  lang: z
    .enum(REPORT_LANGUAGES)
    .default("en")
    .openapi({ description: "The report's language (default en)", example: "es" }),
});

const notFound = {
  description:
    "No such holder in the region, or a month outside the measurements (the message names the first or last month there is)",
  content: { "application/json": { schema: ErrorSchema } },
};

const jsonRoute = createRoute({
  method: "get",
  path: "/{id}/reports/{month}",
  tags: ["networks"],
  summary: "An organisation's monthly report",
  description:
    "Standing at the month's end (default award parameters) against the end of the month before, the month's daily and weekly shares, ranks, routing and RPKI hygiene with what to fix next, and released IPv6 Challenge results. A month that has not ended is a 400; one outside the measurements a 404.",
  request: { params: ReportParams, query: ReportQuery },
  responses: {
    200: {
      description: "The report",
      content: {
        "application/json": { schema: z.object({ data: MonthlyReportSchema, meta: MetaSchema }) },
      },
    },
    404: notFound,
    ...errorResponses,
  },
});

const pdfRoute = createRoute({
  method: "get",
  path: "/{id}/reports/{month}.pdf",
  tags: ["networks"],
  summary: "An organisation's monthly report as PDF",
  description:
    "The same report as `/{id}/reports/{month}`, printable (A4), with a chart of the month's daily share.",
  request: { params: ReportParams, query: ReportQuery },
  responses: {
    200: {
      description: "The report (Content-Disposition names the file)",
      content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: notFound,
    ...errorResponses,
  },
});

const routes = new OpenAPIHono<AppEnv>();
// First: the JSON route's pattern matches `2026-10.pdf` too, and would refuse it as a month.
routes.get("/:id/reports/:file{[0-9]{4}-[0-9]{2}\\.pdf}", async (c) => {
  const params = ReportParams.safeParse({ id: c.req.param("id"), month: c.req.param("file").slice(0, 7) });
  const query = ReportQuery.safeParse(c.req.query());
  if (!params.success || !query.success)
    throw new ApiError(
      "BAD_REQUEST",
      issuesMessage([...(params.error?.issues ?? []), ...(query.error?.issues ?? [])]),
    );
  const { id, month } = params.data;
  const { lang } = query.data;
  const report = await buildMonthlyReport(c.var.services, { id, month, language: lang });
  const { meta } = await c.var.services.dataset.state();
  const pdf = await renderMonthlyReportPdf(report, meta);
  const file = `atalaya-${report.organisation.id.replace(/[^A-Za-z0-9-]+/g, "-")}-${month}-${lang}.pdf`;
  return c.body(new Uint8Array(pdf), 200, {
    "content-type": "application/pdf",
    "content-disposition": `attachment; filename="${file}"`,
  });
});

export const organisationReportRoutes = routes.openapi(jsonRoute, async (c) => {
  const { id, month } = c.req.valid("param");
  const { lang } = c.req.valid("query");
  const report = await buildMonthlyReport(c.var.services, { id, month, language: lang });
  const { meta } = await c.var.services.dataset.state();
  return c.json({ data: report, meta }, 200);
});

// Documented only: the handler is the pattern route above.
organisationReportRoutes.openAPIRegistry.registerPath(pdfRoute);
