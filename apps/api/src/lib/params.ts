/**
 * Schemas for values clients send that reach Postgres or a date calculation: what JavaScript
 * accepts but Postgres refuses (a NUL in text, year 0000, an id past the integer range) is a 400
 * here, naming the field, instead of a 500 from the database. Every route takes its dates, cycle
 * references and free text from these, so a new route inherits the checks.
 */
import { isIsoDate } from "@atalaya/metrics";
import { z } from "@hono/zod-openapi";

/** Largest value of a Postgres `integer` column (ids of award cycles, entries, accounts). */
const MAX_INTEGER_ID = 2_147_483_647;

/** A calendar day, `YYYY-MM-DD`, that Postgres can store (years 0001–9999). */
export const isoDate = z.string().refine(isIsoDate, "a YYYY-MM-DD calendar date");

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line of text to store or look up: no NUL (Postgres text cannot hold it), no control characters. */
export function singleLine(max: number) {
  return z
    .string()
    .max(max)
    .refine((text) => !CONTROL.test(text), "must be one line of text, without control characters");
}

/** Text that may run over several lines (comments, notes): line breaks and tabs, no other controls. */
export function multiLine(max: number) {
  return z
    .string()
    .max(max)
    .refine((text) => !CONTROL_BUT_LINE_BREAKS.test(text), "must be text, without control characters");
}

/** A stored award cycle, by id or by name. */
export const awardCycleRef = singleLine(200)
  .min(1)
  .refine((text) => !/^\d+$/.test(text) || Number(text) <= MAX_INTEGER_ID, "no award cycle has that id");

/** The evaluation of a board: a day or a stored award cycle (the handlers refuse both at once). */
export const EvaluationQuery = z.object({
  date: isoDate.optional().openapi({
    description: "Evaluation date (default: the last day with measurements)",
    example: "2026-10-31",
  }),
  cycle: awardCycleRef.optional().openapi({ description: "A stored award cycle, by name or id" }),
});
