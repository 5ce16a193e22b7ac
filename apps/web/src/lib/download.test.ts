import { describe, expect, it } from "vitest";
import { percentTicks } from "./chart-ticks";
import { toCsv } from "./download";

describe("CSV of a chart's rows", () => {
  it("writes RFC 4180: CRLF lines, quotes only where needed, empty for missing values", () => {
    expect(
      toCsv(
        ["asn", "name", "share"],
        [
          [64496, 'Redes "Andina", S.A.', 0.25],
          [64497, null, undefined],
        ],
      ),
    ).toBe('asn,name,share\r\n64496,"Redes ""Andina"", S.A.",0.25\r\n64497,,\r\n');
  });
});

describe("share axis ticks", () => {
  it("goes up in round steps to cover the data and the award line", () => {
    expect(percentTicks([0.12, null, 0.17])).toEqual([0, 0.05, 0.1, 0.15, 0.2]);
    expect(percentTicks([0.26], 0)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(percentTicks([0.62])).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });
});
