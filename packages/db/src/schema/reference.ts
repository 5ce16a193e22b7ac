import { boolean, char, pgTable, text } from "drizzle-orm/pg-core";

/** Economies Atalaya reports on, with their LACNIC sub-region; seeded at start-up from @atalaya/net. */
export const countries = pgTable("countries", {
  cc: char("cc", { length: 2 }).primaryKey(),
  name: text("name").notNull(),
  subRegion: text("sub_region").notNull(),
  inLacnicRegion: boolean("in_lacnic_region").notNull().default(true),
});
