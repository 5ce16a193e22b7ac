import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env";

describe("loadConfig", () => {
  it("gives documented defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      port: 8080,
      host: "127.0.0.1",
      demo: "auto",
      maxRejected: 0,
    });
    expect(config.dataDir.endsWith(".data")).toBe(true);
    expect(config.sources.delegatedUrl).toBe(
      "https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest",
    );
  });
  it("runs Cloudflare Radar only with a token, and never echoes a bad one", () => {
    expect(loadConfig({}).credentials.radarToken).toBeUndefined();
    expect(loadConfig({}).sources.radarBase).toBe("https://api.cloudflare.com/client/v4");
    const config = loadConfig({
      ATALAYA_RADAR_TOKEN: "Sn3lZJTBX6kkg7Od",
      ATALAYA_RADAR_URL: "http://127.0.0.1:9/v4",
    });
    expect(config.credentials.radarToken).toBe("Sn3lZJTBX6kkg7Od");
    expect(config.sources.radarBase).toBe("http://127.0.0.1:9/v4");
    expect(() => loadConfig({ ATALAYA_RADAR_TOKEN: "secret with\nbreak" })).toThrow(
      /ATALAYA_RADAR_TOKEN: must be a Cloudflare API token/,
    );
    expect(() => loadConfig({ ATALAYA_RADAR_TOKEN: "secret with\nbreak" })).not.toThrow(/secret/);
  });
  it("limits API requests per client to 600 a minute unless told otherwise, and trusts no proxy", () => {
    expect(loadConfig({})).toMatchObject({ rateLimit: 600, trustedProxies: 0 });
    expect(loadConfig({ ATALAYA_RATE_LIMIT: "off" }).rateLimit).toBeNull();
    expect(loadConfig({ ATALAYA_RATE_LIMIT: "120", ATALAYA_TRUSTED_PROXIES: "1" })).toMatchObject({
      rateLimit: 120,
      trustedProxies: 1,
    });
    expect(() => loadConfig({ ATALAYA_RATE_LIMIT: "lots" })).toThrow(
      /ATALAYA_RATE_LIMIT: must be a whole number of requests per minute, or off/,
    );
    expect(() => loadConfig({ ATALAYA_RATE_LIMIT: "0" })).toThrow(/ATALAYA_RATE_LIMIT/);
  });
  it("bounds every ingest source's input, with per-source overrides, refusing unknown sources", () => {
    const defaults = loadConfig({}).inputLimits;
    expect(defaults.delegated).toEqual({ decompressedBytes: 256 * 1024 * 1024, lineBytes: 65536 });
    expect(defaults.mrt).toEqual({ decompressedBytes: 32 * 1024 * 1024 * 1024, lineBytes: null });
    const config = loadConfig({
      ATALAYA_MAX_DECOMPRESSED_MB: "delegated=1,mrt=65536",
      ATALAYA_MAX_LINE_BYTES: "self-reported=100",
    });
    expect(config.inputLimits.delegated).toEqual({ decompressedBytes: 1024 * 1024, lineBytes: 65536 });
    expect(config.inputLimits.mrt.decompressedBytes).toBe(64 * 1024 * 1024 * 1024);
    expect(config.inputLimits["self-reported"].lineBytes).toBe(100);
    expect(config.inputLimits.vrps).toEqual(defaults.vrps);
    expect(() => loadConfig({ ATALAYA_MAX_DECOMPRESSED_MB: "delegatd=1" })).toThrow(
      /ATALAYA_MAX_DECOMPRESSED_MB: delegatd is not one of delegated, /,
    );
    expect(() => loadConfig({ ATALAYA_MAX_DECOMPRESSED_MB: "512" })).toThrow(
      /ATALAYA_MAX_DECOMPRESSED_MB: must be source=MiB pairs/,
    );
    expect(() => loadConfig({ ATALAYA_MAX_DECOMPRESSED_MB: "mrt=0" })).toThrow(/mrt=0: give a whole number/);
    // MRT and the JSON sources are not read as lines.
    expect(() => loadConfig({ ATALAYA_MAX_LINE_BYTES: "mrt=100" })).toThrow(
      /ATALAYA_MAX_LINE_BYTES: mrt is not one of/,
    );
  });
  it("treats empty variables as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).port).toBe(8080);
  });
  it("refuses bad values, naming every bad variable, instead of falling back to defaults", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", ATALAYA_DEMO: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain("PORT");
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("ATALAYA_DEMO");
  });
  it("serves /metrics only with a token of some length, and logs as text unless told json", () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, logFormat: "text" });
    const config = loadConfig({ ATALAYA_METRICS_TOKEN: "m3tr1cs-t0ken-0123", ATALAYA_LOG_FORMAT: "json" });
    expect(config).toMatchObject({ metricsToken: "m3tr1cs-t0ken-0123", logFormat: "json" });
    expect(() => loadConfig({ ATALAYA_METRICS_TOKEN: "short" })).toThrow(
      /ATALAYA_METRICS_TOKEN: must be at least 16 printable characters/,
    );
    expect(() => loadConfig({ ATALAYA_METRICS_TOKEN: "short" })).not.toThrow(/short/);
    expect(() => loadConfig({ ATALAYA_LOG_FORMAT: "xml" })).toThrow(/ATALAYA_LOG_FORMAT/);
  });
  it("posts webhooks to public addresses only, unless ATALAYA_WEBHOOK_ALLOW_PRIVATE=1", () => {
    expect(loadConfig({}).webhooks).toEqual({ allowPrivate: false });
    expect(loadConfig({ ATALAYA_WEBHOOK_ALLOW_PRIVATE: "1" }).webhooks).toEqual({ allowPrivate: true });
    expect(() => loadConfig({ ATALAYA_WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(
      /ATALAYA_WEBHOOK_ALLOW_PRIVATE: must be 0 or 1/,
    );
  });

  it("sends e-mail only with an SMTP URL and a From, never echoing the URL's password", () => {
    expect(loadConfig({}).mail).toBeNull();
    expect(
      loadConfig({
        ATALAYA_SMTP_URL: "smtp://u:p4ss@127.0.0.1:2525",
        ATALAYA_MAIL_FROM: "Atalaya <a@example.org>",
      }).mail,
    ).toEqual({ smtpUrl: "smtp://u:p4ss@127.0.0.1:2525", from: "Atalaya <a@example.org>" });
    expect(() => loadConfig({ ATALAYA_SMTP_URL: "http://u:p4ss@relay.example" })).toThrow(
      /ATALAYA_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => loadConfig({ ATALAYA_SMTP_URL: "http://u:p4ss@relay.example" })).not.toThrow(/p4ss/);
    expect(() => loadConfig({ ATALAYA_SMTP_URL: "smtp://relay.example" })).toThrow(
      /ATALAYA_MAIL_FROM: must be set/,
    );
    expect(() =>
      loadConfig({ ATALAYA_SMTP_URL: "smtp://relay.example", ATALAYA_MAIL_FROM: "not an address" }),
    ).toThrow(/ATALAYA_MAIL_FROM: must be an address/);
  });
});
