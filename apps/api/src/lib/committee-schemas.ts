/** Schemas shared by the signed-in routes (accounts, Challenge entries). */
import type { Account } from "@atalaya/accounts";
import { z } from "@hono/zod-openapi";

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export const RoleSchema = z.enum(["admin", "committee", "isp"]).openapi("Role");

export const AccountSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    isChair: z.boolean(),
    country: z.string().nullable(),
    organisations: z.array(z.string()),
    asns: z.array(z.number().int()),
  })
  .openapi("Account");

export function accountBody(a: Account) {
  return {
    id: a.id,
    email: a.email,
    displayName: a.displayName,
    role: a.role,
    isChair: a.isChair,
    country: a.country,
    organisations: a.organisations,
    asns: a.asns,
  };
}

export const IdParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "a numeric id")
    .openapi({ param: { name: "id", in: "path" }, example: "1" }),
});

export const CycleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    registrationOpensAt: z.string(),
    registrationClosesAt: z.string(),
    windowStartsAt: z.string(),
    windowDays: z.number().int(),
    windowEndsAt: z.string(),
    reportDeadlineAt: z.string(),
    reviewEndsAt: z.string(),
    releaseAt: z.string(),
    countryConflicts: z.boolean(),
    releasedAt: z.string().nullable(),
    phase: z.enum(["upcoming", "registration", "deployment", "review", "awaiting-release", "released"]),
  })
  .openapi("ChallengeCycle");

export const ServiceKindSchema = z.enum(["web", "mail", "dns", "other"]).openapi("ServiceKind");

export const EntrySchema = z
  .object({
    id: z.number().int(),
    cycleId: z.number().int(),
    organisationId: z.string(),
    name: z.string(),
    cc: z.string().nullable(),
    contacts: z.array(z.object({ name: z.string(), email: z.string() })),
    createdAt: z.string(),
    asns: z.array(z.number().int()),
    services: z.array(z.object({ id: z.number().int(), kind: ServiceKindSchema, host: z.string() })),
    report: z
      .object({
        fileName: z.string(),
        mediaType: z.string(),
        bytes: z.number().int(),
        sha256: z.string(),
        uploadedAt: z.string(),
      })
      .nullable(),
    access: z.enum(["owner", "reviewer", "admin"]),
  })
  .openapi("ChallengeEntry");

export const CheckSchema = z
  .object({
    id: z.number().int(),
    serviceId: z.number().int(),
    kind: ServiceKindSchema,
    host: z.string(),
    checkedAt: z.string(),
    check: z.string(),
    target: z.string(),
    outcome: z.enum(["pass", "warn", "fail", "error"]),
    detail: z.string(),
  })
  .openapi("ServiceCheck");
