import { z } from "@hono/zod-openapi";
import { MetaSchema } from "../../lib/dataset";

export const SubRegionSchema = z
  .enum(["south-america", "central-america-mexico", "caribbean"])
  .openapi("SubRegion");

export const ShareFigureSchema = z
  .object({
    share: z
      .number()
      .nullable()
      .openapi({ description: "IPv6 preferred share (0–1), weighted across networks" }),
    weightedBy: z.enum(["users", "samples"]).nullable().openapi({
      description: "users: APNIC AS population for every network; samples: where any estimate is missing",
    }),
    networks: z.number().int().openapi({ description: "Networks with enough data in the window" }),
  })
  .openapi("ShareFigure");

export const CountrySummarySchema = z
  .object({
    cc: z.string().length(2).openapi({ example: "BR" }),
    name: z.string().openapi({ example: "Brazil" }),
    subRegion: SubRegionSchema,
    subRegionName: z.string().openapi({ example: "South America" }),
    asns: z.number().int().openapi({ description: "ASNs allocated or assigned to holders in the economy" }),
    ipv4Addresses: z.number().int().openapi({ description: "IPv4 addresses allocated or assigned" }),
    ipv6Slash32: z.number().openapi({ description: "IPv6 space allocated or assigned, in /32 equivalents" }),
    organisations: z
      .number()
      .int()
      .openapi({ description: "Distinct resource holders (registry opaque-ids)" }),
    ipv6Share: ShareFigureSchema,
  })
  .openapi("CountrySummary");

const StatusCountsSchema = z
  .object({
    allocated: z.number().int(),
    assigned: z.number().int(),
  })
  .openapi("StatusCounts");

export const CountryDetailSchema = CountrySummarySchema.extend({
  units: z
    .object({ asn: StatusCountsSchema, ipv4: StatusCountsSchema, ipv6: StatusCountsSchema })
    .openapi({ description: "Resource units (ASNs, exact IPv4 CIDRs, IPv6 prefixes) per status" }),
  ipv6HolderShare: z.number().nullable().openapi({
    description: "Share of the economy's holders that hold any IPv6 space (0–1); null without holders",
  }),
}).openapi("CountryDetail");

const MeasurementWindowSchema = z
  .object({
    evaluationDate: z.string(),
    start: z.string(),
    end: z.string(),
    metric: z.literal("preferred"),
    source: z.literal("apnic"),
  })
  .openapi("MeasurementWindow");

export const CountryListResponse = z
  .object({ data: z.array(CountrySummarySchema), measurement: MeasurementWindowSchema, meta: MetaSchema })
  .openapi("CountryList");
export const CountryResponse = z
  .object({ data: CountryDetailSchema, meta: MetaSchema })
  .openapi("CountryResponse");

export const CountryParams = z.object({
  cc: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "a two-letter ISO 3166 country code")
    .openapi({ param: { name: "cc", in: "path" }, example: "BR" }),
});
