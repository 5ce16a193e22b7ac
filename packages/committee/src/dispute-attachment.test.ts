import { describe, expect, it } from "vitest";
import { checkDisputeAttachment } from "./dispute-attachment";

const bytes = (text: string) => new TextEncoder().encode(text);
const options = { asn: 64497, today: "2026-11-30" };

describe("checkDisputeAttachment", () => {
  it("takes self-reported traffic that the self-reported parser accepts, with its span", () => {
    const csv = "\ufeffdate,ipv4_bytes,ipv6_bytes\r\n2026-10-02,800,200\r\n2026-10-01,700,300\r\n";
    expect(checkDisputeAttachment("self-reported", "t.csv", bytes(csv), options)).toEqual({
      ok: true,
      mediaType: "text/csv",
      summary: { format: "traffic-csv", days: 2, first: "2026-10-01", last: "2026-10-02" },
    });
  });

  it("refuses traffic with a bad row, naming the line and the field", () => {
    const csv = "date,ipv4_bytes,ipv6_bytes\n2026-10-01,800,200\n2026-10-02,lots,200\n2026-13-01,1,1\n";
    expect(checkDisputeAttachment("self-reported", "t.csv", bytes(csv), options)).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      problem: 't.csv line 3: ipv4_bytes "lots" is not a whole number of bytes (and 1 more)',
    });
    const header = checkDisputeAttachment(
      "self-reported",
      "t.csv",
      bytes("day,v4,v6\n2026-10-01,1,1\n"),
      options,
    );
    expect(header).toMatchObject({ problem: 't.csv line 1: header must be "date,ipv4_bytes,ipv6_bytes"' });
  });

  it("refuses binary files as the wrong type whatever their name says", () => {
    const pdf = checkDisputeAttachment("source-export", "export.csv", bytes("%PDF-1.7\n..."), options);
    expect(pdf).toEqual({
      ok: false,
      code: "UNSUPPORTED_MEDIA_TYPE",
      problem: "export.csv is a PDF document, not a CSV or JSON text file",
    });
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(checkDisputeAttachment("self-reported", "t.csv", zip, options)).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    const latin1 = new Uint8Array([0x64, 0x61, 0x74, 0x65, 0xe9, 0x0a]);
    expect(checkDisputeAttachment("source-export", "x.csv", latin1, options)).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      problem: "x.csv is not UTF-8 text: save the CSV or JSON as UTF-8",
    });
    expect(checkDisputeAttachment("self-reported", "t.json", bytes('{"a":1}'), options)).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
  });

  it("checks a CSV export's rows against its header, quotes included", () => {
    const good = 'day,share,"note, if any"\n2026-10-01,0.21,"said ""ok"""\n2026-10-02,0.22,\n';
    expect(checkDisputeAttachment("source-export", "e.csv", bytes(good), options)).toEqual({
      ok: true,
      mediaType: "text/csv",
      summary: { format: "csv", columns: ["day", "share", "note, if any"], rows: 2 },
    });
    const short = "day,share\n2026-10-01,0.21\n2026-10-02\n";
    expect(checkDisputeAttachment("source-export", "e.csv", bytes(short), options)).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      problem: "e.csv line 3: 1 fields, the header has 2",
    });
    const open = 'day,share\n2026-10-01,"0.21\n';
    expect(checkDisputeAttachment("source-export", "e.csv", bytes(open), options)).toMatchObject({
      problem: "e.csv line 2: a quoted field is not closed",
    });
    expect(
      checkDisputeAttachment("source-export", "e.txt", bytes("just some words\n"), options),
    ).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
  });

  it("names the line and column of a JSON syntax error", () => {
    const broken = '{\n  "a": 1,\n  "b": }\n';
    const verdict = checkDisputeAttachment("source-export", "e.json", bytes(broken), options);
    expect(verdict).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(verdict.ok ? "" : verdict.problem).toBe(
      "e.json is not valid JSON (line 3, column 8): Unexpected token '}'",
    );
  });

  it("checks the exports of sources Atalaya knows with their own parsers, by JSON path", () => {
    const radar = {
      success: true,
      errors: [],
      result: {
        meta: {},
        serie_0: { timestamps: ["2026-10-01T00:00:00Z"], IPv4: ["78.0"], IPv6: ["22.0"] },
      },
    };
    expect(checkDisputeAttachment("source-export", "r.json", bytes(JSON.stringify(radar)), options)).toEqual({
      ok: true,
      mediaType: "application/json",
      summary: {
        format: "json",
        recognised: "cloudflare-radar",
        days: 1,
        first: "2026-10-01",
        last: "2026-10-01",
      },
    });
    radar.result.serie_0.IPv6 = ["lots"];
    expect(checkDisputeAttachment("source-export", "r.json", bytes(JSON.stringify(radar)), options)).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      problem: 'r.json (Cloudflare Radar): result.serie_0.IPv6[0]: "lots" is not a percentage',
    });
    const other = checkDisputeAttachment("source-export", "o.json", bytes('[{"x":1}]'), options);
    expect(other).toEqual({
      ok: true,
      mediaType: "application/json",
      summary: { format: "json", recognised: null },
    });
  });

  it("refuses an empty file", () => {
    expect(checkDisputeAttachment("source-export", "e.csv", new Uint8Array(), options)).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      problem: "e.csv is empty",
    });
  });
});
