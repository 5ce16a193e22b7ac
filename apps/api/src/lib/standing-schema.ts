import { METHOD_VERSIONS } from "@atalaya/metrics";
import { z } from "@hono/zod-openapi";
import { EconomySplitSchema, SourceValueSchema, StateSchema } from "../routes/awards/schemas";

export const MetricStandingSchema = z
  .object({
    source: z.string(),
    state: StateSchema,
    share: z.number().nullable(),
    lo: z.number().nullable(),
    hi: z.number().nullable(),
    samples: z.number(),
    days: z.number().int(),
    reason: z.string().nullable(),
    dispersion: z.number().optional(),
    effectiveSamples: z.number().optional(),
  })
  .openapi("MetricStanding");

const RankSchema = z.object({ rank: z.number().int(), of: z.number().int() }).nullable();

export const StandingSchema = z
  .object({
    evaluationDate: z.string(),
    threshold: z.number(),
    methodVersion: z.enum(METHOD_VERSIONS),
    window: z.object({ start: z.string(), end: z.string() }),
    metrics: z.object({ preferred: MetricStandingSchema, capable: MetricStandingSchema }),
    otherSources: z
      .array(SourceValueSchema)
      .openapi({ description: "The window as other sources measured it" }),
    rankInCountry: RankSchema,
    rankInRegion: RankSchema,
    distanceToThreshold: z
      .number()
      .nullable()
      .openapi({ description: "Threshold minus the current share (negative: above the line)" }),
    projection: z
      .union([
        z.object({ kind: z.literal("above"), since: z.null() }),
        z.object({ kind: z.literal("crossing"), date: z.string() }),
        z.object({ kind: z.literal("not-at-this-pace"), reason: z.string() }),
      ])
      .nullable()
      .openapi({ description: "When the 90-day trend reaches the threshold" }),
    economies: z.array(z.string()).openapi({ description: "Every economy the subject was measured in" }),
    economySplit: z.array(EconomySplitSchema).openapi({
      description: "The deciding metric per economy over the window; only LACNIC-region economies are pooled",
    }),
    sourcesDisagree: z.boolean(),
    series: z.array(
      z.object({ date: z.string(), samples: z.number(), capable: z.number(), preferred: z.number() }),
    ),
  })
  .openapi("Standing");
