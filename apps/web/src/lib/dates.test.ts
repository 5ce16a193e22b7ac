import { afterEach, describe, expect, it } from "vitest";
import { formatDay, formatDayRange, formatDayShort } from "./dates";
import { formatDecimal1, formatInteger, formatPercent1 } from "./format";
import { setLocale } from "./i18n";

/** ICU versions differ in spaces (thin, narrow no-break) and in abbreviation dots. */
const plain = (text: string) => text.replace(/\s/g, " ");

describe("days and numbers in the chosen language", () => {
  afterEach(() => setLocale("en"));

  it("writes a calendar day as that day wherever the browser is (not the UTC day before)", () => {
    setLocale("en");
    expect(plain(formatDay("2026-10-01"))).toBe("Oct 1, 2026");
    setLocale("es");
    expect(plain(formatDay("2026-10-01"))).toMatch(/^1 oct\.? 2026$/);
    expect(plain(formatDayShort("2026-01-31"))).toMatch(/^31 ene\.?$/);
    setLocale("pt");
    expect(plain(formatDay("2026-10-01"))).toMatch(/^1 de out\.? de 2026$/);
  });

  it("writes a span once where its ends share a year", () => {
    setLocale("en");
    expect(plain(formatDayRange("2026-07-03", "2026-10-01"))).toBe("Jul 3 – Oct 1, 2026");
    setLocale("es");
    expect(plain(formatDayRange("2026-07-03", "2026-10-01"))).toMatch(/^3 jul\.? – 1 oct\.? 2026$/);
  });

  it("keeps text that is not a day as it came", () => {
    expect(formatDay("soon")).toBe("soon");
  });

  it("groups and separates decimals by the language", () => {
    setLocale("es");
    expect(formatInteger(1234567)).toBe("1.234.567");
    expect(formatDecimal1(2.34)).toBe("2,3");
    expect(plain(formatPercent1(0.234))).toBe("23,4 %");
    setLocale("pt");
    expect(formatPercent1(0.234)).toBe("23,4%");
  });
});
