/** Page parameters and answers shared by the lists the API pages (the board, a network's routes). */
import { z } from "@hono/zod-openapi";

export const PageSchema = z
  .object({
    page: z.number().int().openapi({ description: "This page (1-based)" }),
    limit: z.number().int().openapi({ description: "Rows per page" }),
    total: z.number().int().openapi({ description: "Rows matching the filters, on every page" }),
    pages: z.number().int().openapi({ description: "Pages at this limit (at least 1)" }),
  })
  .openapi("Page");

export const pageNumber = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, "a page number from 1")
  .optional();
export const pageLimit = z
  .string()
  .regex(/^([1-9]\d{0,2}|1000)$/, "a whole number from 1 to 1000")
  .optional();

const DEFAULT_LIMIT = 100;

/** One page of rows already in their order, and where it lies among them. */
export function paged<T>(rows: T[], page: string | undefined, limit: string | undefined) {
  const size = limit === undefined ? DEFAULT_LIMIT : Number(limit);
  const number = page === undefined ? 1 : Number(page);
  return {
    rows: rows.slice((number - 1) * size, number * size),
    page: {
      page: number,
      limit: size,
      total: rows.length,
      pages: Math.max(1, Math.ceil(rows.length / size)),
    },
  };
}
