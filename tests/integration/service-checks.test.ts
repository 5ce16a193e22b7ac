/**
 * The Challenge's automatic checks against local servers: a DNS server on 127.0.0.1/::1, HTTP,
 * SMTP-like and refused ports on ::1 and 127.0.0.1.
 */
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { type CheckResult, type CheckSettings, checkService } from "@atalaya/service-checks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDns, startLocalDns } from "../helpers/dns-server";

let dnsServer: LocalDns;
let web: http.Server;
let smtp: net.Server;
let closedPort: number;
let settings: CheckSettings;

function listen(server: net.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port, ipv6Only: false }, () => resolve((server.address() as AddressInfo).port));
  });
}

const summary = (results: CheckResult[]) => results.map((r) => `${r.check} ${r.outcome}`);

beforeAll(async () => {
  dnsServer = await startLocalDns();
  // One server on both families; /dynamic answers differently over IPv6, /v4-only-ok fails over IPv6.
  web = http.createServer((req, res) => {
    const overV6 = req.socket.localAddress?.includes(":") && !req.socket.localAddress.startsWith("::ffff:");
    if (req.url === "/dynamic") res.end(`hello over ${overV6 ? "IPv6" : "IPv4"}`);
    else if (req.url === "/broken-v6") {
      res.writeHead(overV6 ? 503 : 200);
      res.end("x");
    } else res.end("the same page for everyone");
  });
  const webPort = await listen(web, "::");
  smtp = net.createServer((socket) => socket.end("220 mail.example.test ESMTP ready\r\n"));
  const smtpPort = await listen(smtp, "::1");
  const probe = net.createServer();
  closedPort = await listen(probe, "::1");
  await new Promise((r) => probe.close(r));
  const records = dnsServer.records;
  records.set("www.example.test", { A: ["127.0.0.1"], AAAA: ["::1"] });
  records.set("v6only.example.test", { AAAA: ["::1"] });
  records.set("legacy.example.test", { A: ["127.0.0.1"] });
  records.set("example.test", {
    MX: [{ preference: 10, exchange: "mail.example.test" }],
    NS: ["ns1.example.test"],
    SOA: { mname: "ns1.example.test", rname: "hostmaster.example.test", serial: 2026112601 },
  });
  records.set("mail.example.test", { A: ["127.0.0.1"], AAAA: ["::1"] });
  records.set("ns1.example.test", { A: ["127.0.0.1"], AAAA: ["::1"] });
  records.set("nomail.example.test", { MX: [{ preference: 10, exchange: "legacy.example.test" }] });
  settings = {
    resolvers: [`127.0.0.1:${dnsServer.port}`],
    timeoutMs: 2000,
    ports: { http: webPort, https: webPort, smtp: smtpPort, dns: dnsServer.port },
  };
});

afterAll(async () => {
  await dnsServer?.close();
  await new Promise((r) => web?.close(r));
  await new Promise((r) => smtp?.close(r));
});

describe("web services", () => {
  it("passes a site that answers the same over IPv6 and IPv4", async () => {
    const results = await checkService({ kind: "web", host: "http://www.example.test/" }, settings);
    expect(summary(results)).toEqual(["aaaa pass", "tcp6 pass", "http6 pass", "same-answer pass"]);
    expect(results[0]?.detail).toBe("::1");
    expect(results[3]?.detail).toMatch(/identical answers: HTTP 200/);
  });

  it("warns when the bodies differ and fails when the status differs", async () => {
    const dynamic = await checkService({ kind: "web", host: "http://www.example.test/dynamic" }, settings);
    expect(dynamic.at(-1)).toMatchObject({ check: "same-answer", outcome: "warn" });
    const broken = await checkService({ kind: "web", host: "http://www.example.test/broken-v6" }, settings);
    expect(summary(broken)).toEqual(["aaaa pass", "tcp6 pass", "http6 fail", "same-answer fail"]);
    expect(broken.at(-1)?.detail).toBe("IPv6: HTTP 503, 1 bytes; IPv4: HTTP 200, 1 bytes");
  });

  it("treats an IPv6-only site as nothing to compare", async () => {
    const results = await checkService({ kind: "web", host: "http://v6only.example.test/" }, settings);
    expect(results.at(-1)).toMatchObject({
      check: "same-answer",
      outcome: "pass",
      detail: expect.stringMatching(/IPv6 only/),
    });
  });

  it("fails a host without AAAA and stops there", async () => {
    const results = await checkService({ kind: "web", host: "legacy.example.test" }, settings);
    expect(results).toEqual([
      { check: "aaaa", target: "legacy.example.test", outcome: "fail", detail: "no AAAA record" },
    ]);
    const unknown = await checkService({ kind: "web", host: "nowhere.example.test" }, settings);
    expect(summary(unknown)).toEqual(["aaaa fail"]);
  });

  it("fails an address that refuses the connection", async () => {
    const results = await checkService({ kind: "other", host: `www.example.test:${closedPort}` }, settings);
    expect(summary(results)).toEqual(["aaaa pass", "tcp6 fail"]);
    expect(results[1]?.detail).toMatch(/ECONNREFUSED/);
  });
});

describe("mail and DNS", () => {
  it("checks MX hosts for AAAA and an SMTP banner over IPv6", async () => {
    const results = await checkService({ kind: "mail", host: "example.test" }, settings);
    expect(summary(results)).toEqual(["mx pass", "mx-aaaa pass", "smtp6 pass"]);
    expect(results[2]?.detail).toMatch(/^banner: 220 mail.example.test/);
    const legacy = await checkService({ kind: "mail", host: "nomail.example.test" }, settings);
    expect(summary(legacy)).toEqual(["mx pass", "mx-aaaa fail"]);
  });

  it("asks each name server for the zone's SOA over IPv6", async () => {
    const before = dnsServer.queries.length;
    const results = await checkService({ kind: "dns", host: "example.test" }, settings);
    expect(summary(results)).toEqual(["ns pass", "ns-aaaa pass", "dns6 pass"]);
    expect(results[2]?.detail).toBe("SOA ns1.example.test serial 2026112601");
    expect(dnsServer.queries.slice(before)).toContain("SOA example.test via ipv6");
  });

  it("reports a resolver that does not answer as an error of the check, not a failure of the service", async () => {
    const silent = { ...settings, resolvers: [`127.0.0.1:${closedPort}`], timeoutMs: 300 };
    const results = await checkService({ kind: "web", host: "www.example.test" }, silent);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ check: "aaaa", outcome: "error" });
  });
});
