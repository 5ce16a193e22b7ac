import { describe, expect, it } from "vitest";
import {
  copyField,
  FormatError,
  foreignKeyOrder,
  parseHeader,
  parseSectionOrEnd,
  parseTrailer,
} from "./format";

describe("backup format", () => {
  it("orders tables parents first, ties by name, ignoring self-references", () => {
    const order = foreignKeyOrder(
      ["votes", "users", "nominations", "countries", "audit_log"],
      [
        { child: "votes", parent: "nominations" },
        { child: "votes", parent: "users" },
        { child: "nominations", parent: "users" },
        { child: "users", parent: "countries" },
        { child: "audit_log", parent: "audit_log" },
      ],
    );
    expect(order).toEqual(["audit_log", "countries", "users", "nominations", "votes"]);
    expect(() =>
      foreignKeyOrder(
        ["a", "b"],
        [
          { child: "a", parent: "b" },
          { child: "b", parent: "a" },
        ],
      ),
    ).toThrow(/cycle among a, b/);
  });

  it("reads COPY text fields back", () => {
    expect(copyField("\\N")).toBeNull();
    expect(copyField("a\\tb\\nc\\\\d")).toBe("a\tb\nc\\d");
    expect(copyField("2001:db8::/32")).toBe("2001:db8::/32");
  });

  it("refuses lines that are not the format, saying what was expected", () => {
    expect(() => parseHeader('{"format":"other"}')).toThrow(FormatError);
    expect(() => parseHeader('{"format":"atalaya-backup","version":2,"migrations":[]}')).toThrow(/version 2/);
    expect(parseSectionOrEnd('{"end":true,"tables":3}')).toEqual({ end: true, tables: 3 });
    expect(() => parseSectionOrEnd("12\t34")).toThrow(/expected a table header or the end line/);
    expect(() => parseTrailer('{"rows":"many"}')).toThrow(/rows and sha256/);
  });
});
