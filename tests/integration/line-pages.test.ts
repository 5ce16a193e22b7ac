import { type Database, linePages } from "@atalaya/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../helpers/databases";

describe.each(targets)("linePages on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await database.db.execute(
      sql`create table paged (source text, prefix cidr, origin text, primary key (source, prefix, origin))`,
    );
    // Prefixes whose text order is not their inet order (10 < 9 as text; /8 before /16 of it),
    // and origins whose text order is not their number order.
    const rows: string[] = [];
    for (const source of ["mrt", "pfx2as"])
      for (const prefix of [
        "9.0.0.0/8",
        "10.0.0.0/8",
        "10.0.0.0/16",
        "100.0.0.0/8",
        "2001:db8::/32",
        "2001:db8::/48",
      ])
        for (const origin of ["7", "64496", "{1,2}"]) rows.push(`('${source}', '${prefix}', '${origin}')`);
    await database.db.execute(sql.raw(`insert into paged values ${rows.join(", ")}`));
  });
  afterAll(async () => dispose?.());

  for (const pageSize of [1, 4, 5, 36, 100])
    it(`reads every row once, in key order, in pages of ${pageSize}`, async () => {
      const pages: string[][] = [];
      for await (const lines of linePages(database, {
        from: sql`paged r`,
        where: sql`r.origin <> '7' or r.source = 'mrt'`,
        key: [
          { column: "source", type: "text" },
          { column: "prefix", type: "cidr" },
          { column: "origin", type: "text" },
        ],
        line: sql`r.source || ' ' || r.prefix::text || ' ' || r.origin`,
        pageSize,
      }))
        pages.push(lines);
      const expected = (
        await database.rows<{ line: string }>(sql`
          select r.source || ' ' || r.prefix::text || ' ' || r.origin as line from paged r
          where r.origin <> '7' or r.source = 'mrt' order by r.source, r.prefix, r.origin`)
      ).map((r) => r.line);
      expect(expected).toHaveLength(36 - 6);
      expect(pages.flat()).toEqual(expected);
      expect(pages.every((p) => p.length <= pageSize)).toBe(true);
      expect(pages.length).toBe(Math.ceil(expected.length / pageSize));
    });
});
