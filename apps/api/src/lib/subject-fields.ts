/**
 * The request fields that name a network, an organisation or an economy to follow (alert
 * subscriptions, webhook endpoints), and the subject they name.
 */
import type { Subject } from "@atalaya/alerts";
import { z } from "@hono/zod-openapi";
import { ApiError } from "./errors";

export const subjectFields = {
  asn: z.number().int().min(0).max(4_294_967_295).optional().openapi({ example: 64496 }),
  organisation: z
    .string()
    .regex(/^[a-z]+:[A-Za-z0-9-]{1,100}$/, "a registry:holder id, e.g. lacnic:900001")
    .optional(),
  cc: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "a two-letter economy code, e.g. BR")
    .optional(),
};

type SubjectFields = { asn?: number | undefined; organisation?: string | undefined; cc?: string | undefined };

/** The subject of at most one of `asn`, `organisation`, `cc`; none is null, or a 400 when `required`. */
export function subjectFromFields(body: SubjectFields, required: true): Subject;
export function subjectFromFields(body: SubjectFields, required: false): Subject | null;
export function subjectFromFields(body: SubjectFields, required: boolean): Subject | null {
  const given = [body.asn, body.organisation, body.cc].filter((v) => v !== undefined);
  if (given.length > 1 || (required && given.length === 0))
    throw new ApiError(
      "BAD_REQUEST",
      `give ${required ? "exactly" : "at most"} one of asn, organisation or cc: the subject to follow`,
    );
  if (body.asn !== undefined) return { kind: "network", asn: body.asn };
  if (body.organisation !== undefined) return { kind: "organisation", id: body.organisation };
  if (body.cc !== undefined) return { kind: "economy", cc: body.cc.toUpperCase() };
  return null;
}
