/** The monthly report's JSON: what the page, the PDF and the e-mail are rendered from. */
import { REPORT_LANGUAGES } from "@atalaya/evidence";
import { z } from "@hono/zod-openapi";
import { RoutingSchema } from "../routing-standing";
import { MetricStandingSchema, StandingSchema } from "../standing-schema";

export const FIX_PROBLEMS = [
  "invalid-length",
  "invalid-as",
  "no-ipv6-space",
  "not-announced",
  "unannounced",
  "not-found",
  "roa-expiring",
  "no-ipv6-users",
  "below-threshold",
] as const;
export type FixProblem = (typeof FIX_PROBLEMS)[number];

const ShareAt = MetricStandingSchema.pick({
  state: true,
  share: true,
  lo: true,
  hi: true,
  samples: true,
  days: true,
}).extend({ evaluationDate: z.string() });

export const MonthlyReportSchema = z
  .object({
    month: z.string().openapi({ example: "2026-10" }),
    language: z.enum(REPORT_LANGUAGES),
    period: z.object({ start: z.string(), end: z.string() }),
    months: z.object({ first: z.string(), last: z.string() }).openapi({
      description:
        "The months a report can be asked for: from the first measured to the last measured to its end (and ended)",
    }),
    organisation: z.object({
      id: z.string(),
      name: z.string().nullable(),
      cc: z.string().nullable(),
      economy: z.string().nullable().openapi({ description: "The economy's name in the report's language" }),
      asns: z.array(z.object({ asn: z.number().int(), name: z.string().nullable(), cc: z.string() })),
    }),
    standing: StandingSchema.openapi({
      description:
        "As on the organisation's page, evaluated on the month's last day with the default award parameters; `series` holds the month's days only",
    }),
    previous: ShareAt.nullable().openapi({
      description: "The deciding metric at the end of the previous month (null before measurements start)",
    }),
    change: z.object({
      share: z
        .number()
        .nullable()
        .openapi({ description: "Share now minus share at the end of the previous month (0–1 scale)" }),
      state: z.enum(["up", "down", "same"]).nullable(),
    }),
    trend: z.object({
      weekly: z
        .array(
          z.object({
            start: z.string(),
            end: z.string(),
            days: z.number().int(),
            samples: z.number(),
            share: z.number().nullable(),
          }),
        )
        .openapi({ description: "The month's days in blocks of seven from the 1st, pooled" }),
      month: z.object({ share: z.number().nullable(), samples: z.number(), days: z.number().int() }),
      slopePerMonth: z.number().nullable().openapi({
        description:
          "The month's samples-weighted straight-line trend, in share per 30 days (null: under 14 days)",
      }),
    }),
    routing: RoutingSchema.omit({ announced: true }).openapi({
      description: "As on the organisation's page (current routing data), without the route list",
    }),
    fixes: z
      .array(
        z.object({
          problem: z.enum(FIX_PROBLEMS),
          family: z.enum(["ipv4", "ipv6"]).nullable(),
          prefixes: z.array(z.string()),
          total: z
            .number()
            .int()
            .nullable()
            .openapi({ description: "Prefixes concerned; null: not about prefixes" }),
          action: z.string().openapi({ description: "What to do, in the report's language" }),
        }),
      )
      .openapi({
        description:
          "What to fix next, most urgent first: invalid routes, then missing IPv6 space or announcements, unannounced registry space, routes without a ROA, then the share",
      }),
    challenge: z.object({
      results: z.array(
        z.object({
          cycle: z.object({ id: z.number().int(), name: z.string(), releasedAt: z.string() }),
          outcome: z.enum(["winner", "finalist"]).nullable(),
          place: z.number().int(),
          entries: z.number().int(),
          reviews: z.number().int(),
          total: z.number().nullable().openapi({ description: "Mean total score, as published" }),
          checks: z.object({ passed: z.number().int(), total: z.number().int() }),
        }),
      ),
      open: z.array(z.object({ id: z.number().int(), name: z.string(), registrationClosesAt: z.string() })),
    }),
    summary: z
      .array(z.string())
      .openapi({ description: "The key figures in sentences, in the report's language" }),
    links: z.object({
      page: z.string().openapi({ example: "/org/lacnic:900001/report/2026-10" }),
      pdf: z.string().openapi({ example: "/api/v1/organisations/lacnic:900001/reports/2026-10.pdf?lang=es" }),
    }),
  })
  .openapi("MonthlyReport");

export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;
