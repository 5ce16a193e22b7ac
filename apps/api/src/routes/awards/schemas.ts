import type { AwardCycle } from "@atalaya/committee";
import { DEFAULT_SOURCE, METHOD_VERSIONS } from "@atalaya/metrics";
import { z } from "@hono/zod-openapi";
import { MetaSchema } from "../../lib/dataset";
import { PageSchema, pageLimit, pageNumber } from "../../lib/paging";
import { EvaluationQuery } from "../../lib/params";

export const StateSchema = z
  .enum(["eligible", "borderline", "below", "insufficient-data"])
  .openapi("EligibilityState");
export const MetricSchema = z.enum(["capable", "preferred", "traffic"]).openapi("Metric");

export const SourceValueSchema = z
  .object({
    source: z.string().openapi({ example: "radar" }),
    label: z.string().openapi({
      description: "What the share measures, in words (bytes, HTTP requests or sampled users over IPv6)",
      example:
        "Cloudflare Radar: share of HTTP requests over IPv6 (mean of daily per-network shares; no volumes)",
    }),
    share: z.number().openapi({ description: "Share over the window (0–1)" }),
    lo: z
      .number()
      .nullable()
      .openapi({ description: "Null for traffic sources (bytes and requests are not independent samples)" }),
    hi: z.number().nullable(),
    samples: z.number().nullable().openapi({
      description:
        "Samples or bytes in the window; null where the source publishes shares without counts (Cloudflare Radar)",
    }),
    days: z.number().int().openapi({ description: "Days with data in the window" }),
    agrees: z
      .boolean()
      .nullable()
      .openapi({
        description:
          "Whether this share is on the same side of the threshold as the deciding source's interval; false: " +
          "the sources disagree. Null when there is nothing to compare: the interval straddles the threshold, " +
          "the data are insufficient, or this source has fewer days in the window than the award requires",
      }),
  })
  .openapi("SourceValue");

export const EconomySplitSchema = z
  .object({
    cc: z.string(),
    inRegion: z.boolean().openapi({ description: "Only LACNIC-region economies count towards eligibility" }),
    share: z.number().nullable(),
    lo: z.number().nullable(),
    hi: z.number().nullable(),
    samples: z.number(),
    days: z.number().int(),
  })
  .openapi("EconomySplit");

const evaluationFields = {
  state: StateSchema,
  share: z.number().nullable().openapi({ description: "Pooled share over the window (0–1)" }),
  lo: z.number().nullable().openapi({
    description: "Lower bound of the 95% interval: Wilson (jim-bound/1) or quasi-binomial (jim-bound/2)",
  }),
  hi: z.number().nullable().openapi({ description: "Upper bound of the 95% interval" }),
  samples: z.number().openapi({ description: "Samples in the window" }),
  days: z.number().int().openapi({ description: "Days with data in the window" }),
  reason: z.string().nullable().openapi({ description: "Why the data is insufficient, when it is" }),
  dispersion: z.number().optional().openapi({
    description: "jim-bound/2: how much more the daily shares vary than independent samples would (≥ 1)",
  }),
  effectiveSamples: z
    .number()
    .optional()
    .openapi({ description: "jim-bound/2: the samples as independent draws (samples ÷ dispersion)" }),
  economies: z.array(EconomySplitSchema).openapi({
    description: "The deciding source's counts per economy the subject serves, largest first",
  }),
  otherSources: z
    .array(SourceValueSchema)
    .openapi({ description: "The same window measured by other sources" }),
  sourcesDisagree: z.boolean().openapi({
    description: "True when another source's share is on the other side of the threshold from the interval",
  }),
  rankInCountry: z.number().int().nullable(),
  rankInRegion: z.number().int().nullable(),
};

export const BoardNetworkSchema = z
  .object({
    asn: z.number().int(),
    name: z.string().nullable(),
    cc: z.string(),
    organisationId: z.string().nullable(),
    ...evaluationFields,
  })
  .openapi("BoardNetwork");

export const BoardOrganisationSchema = z
  .object({
    id: z.string().openapi({ example: "lacnic:310248" }),
    name: z.string().nullable(),
    cc: z.string().nullable(),
    asns: z.array(z.number().int()),
    ...evaluationFields,
  })
  .openapi("BoardOrganisation");

export const EvaluationParametersSchema = z
  .object({
    award: z.literal("jim-bound"),
    cycle: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    threshold: z.number(),
    metric: MetricSchema,
    source: z.string().openapi({ description: "Source whose counts decide the state" }),
    additionalSources: z.array(z.string()).openapi({
      description: "Sources the award cycle pools with the deciding source's counts, day by day",
    }),
    windowDays: z.number().int(),
    minDays: z.number().int(),
    minSamples: z.number().int(),
    evaluationDate: z.string(),
    window: z.object({ start: z.string(), end: z.string() }),
    methodVersion: z.enum(METHOD_VERSIONS).openapi({
      description: "How the interval is computed; described at /method (the cycle's own, or the current one)",
    }),
  })
  .openapi("EvaluationParameters");

export const JimBoundResponse = z
  .object({
    data: z.object({
      parameters: EvaluationParametersSchema,
      counts: z.record(StateSchema, z.number().int()).openapi({
        description: "Networks per state (the economy filter applies, the state filter does not)",
      }),
      economies: z
        .array(z.string())
        .openapi({ description: "Economies with networks on the board, whatever the filters" }),
      networks: z.array(BoardNetworkSchema).openapi({
        description: "One page of networks, ordered by AS number (unique, so pages never overlap)",
      }),
      organisations: z.array(BoardOrganisationSchema).openapi({
        description:
          "One page of organisations holding two or more networks, ordered by their lowest AS number (unique)",
      }),
      pagination: z.object({ networks: PageSchema, organisations: PageSchema }),
    }),
    meta: MetaSchema,
  })
  .openapi("JimBoundBoard");

export const JimBoundQuery = EvaluationQuery.extend({
  cc: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional()
    .openapi({ description: "Only networks and organisations of this economy" }),
  state: StateSchema.optional(),
  disagree: z.enum(["true", "false"]).optional().openapi({
    description: "true: only rows where another source disagrees with the state (see sourcesDisagree)",
  }),
  format: z
    .enum(["json", "csv"])
    .optional()
    .openapi({ description: "csv: a download of every matching row (not paged), streamed" }),
  page: pageNumber.openapi({ description: "Page of networks (default 1)", example: "1" }),
  limit: pageLimit.openapi({ description: "Networks per page (1–1000, default 100)", example: "100" }),
  orgPage: pageNumber.openapi({ description: "Page of organisations (default 1)", example: "1" }),
  orgLimit: pageLimit.openapi({
    description: "Organisations per page (1–1000, default 100)",
    example: "100",
  }),
});

export const AwardCycleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    award: z.literal("jim-bound"),
    threshold: z.number(),
    metric: MetricSchema,
    windowDays: z.number().int(),
    minDays: z.number().int(),
    minSamples: z.number().int(),
    evaluationDate: z.string(),
    methodVersion: z.string(),
    source: z.string().openapi({ description: "The source whose counts decide", example: "apnic" }),
    additionalSources: z.array(z.string()).openapi({
      description: "Sources whose counts are pooled with the deciding source's, day by day",
      example: ["atalaya-beacon"],
    }),
    releasedAt: z.string().nullable().openapi({ description: "When the committee published its decisions" }),
  })
  .openapi("AwardCycle");

/** A stored award cycle as the API gives it, with its deciding source spelled out. */
export function awardCycleBody(cycle: AwardCycle, releasedAt: Date | null) {
  return {
    id: cycle.id,
    name: cycle.name,
    award: cycle.award,
    threshold: cycle.threshold,
    metric: cycle.metric,
    windowDays: cycle.windowDays,
    minDays: cycle.minDays,
    minSamples: cycle.minSamples,
    evaluationDate: cycle.evaluationDate,
    methodVersion: cycle.methodVersion,
    source: cycle.source ?? DEFAULT_SOURCE[cycle.metric],
    additionalSources: cycle.additionalSources,
    releasedAt: releasedAt?.toISOString() ?? null,
  };
}
