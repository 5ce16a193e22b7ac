import { customType } from "drizzle-orm/pg-core";

/** Binary content kept in the database (uploaded files): drizzle has no built-in bytea column. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });
