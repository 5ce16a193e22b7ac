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
});
