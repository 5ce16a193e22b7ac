/**
 * The IPv6 Challenge's automatic checks (DESIGN.md §4): for each declared service, AAAA present,
 * reachable over IPv6, the same answer over IPv6 as over IPv4, MX and NS hosts with AAAA that
 * answer over IPv6. Every probe becomes one result; nothing throws for a network failure.
 */
import type { promises as dns } from "node:dns";
import net from "node:net";
import {
  describeError,
  endpoint,
  type HttpAnswer,
  httpGet,
  isNoRecord,
  readBanner,
  resolverFor,
  tcpConnect,
} from "./probes";
import type { CheckResult, CheckSettings, ServiceToCheck } from "./settings";

type Push = (result: CheckResult) => void;

/** AAAA records of `host`, recorded as one result under `check`; empty when there are none. */
async function lookupAaaa(
  resolver: dns.Resolver,
  host: string,
  check: string,
  push: Push,
): Promise<string[]> {
  try {
    const addresses = await resolver.resolve6(host);
    push({ check, target: host, outcome: "pass", detail: addresses.join(", ") });
    return addresses;
  } catch (error) {
    if (isNoRecord(error)) push({ check, target: host, outcome: "fail", detail: "no AAAA record" });
    else push({ check, target: host, outcome: "error", detail: `lookup failed: ${describeError(error)}` });
    return [];
  }
}

async function tcp6(
  addresses: string[],
  port: number,
  settings: CheckSettings,
  push: Push,
): Promise<string[]> {
  const reachable: string[] = [];
  for (const address of addresses) {
    const target = endpoint(address, port);
    try {
      const ms = await tcpConnect(address, port, settings.timeoutMs);
      push({ check: "tcp6", target, outcome: "pass", detail: `connected in ${ms} ms` });
      reachable.push(address);
    } catch (error) {
      push({ check: "tcp6", target, outcome: "fail", detail: describeError(error) });
    }
  }
  return reachable;
}

function describeAnswer(a: HttpAnswer): string {
  return `HTTP ${a.status}, ${a.bytes} bytes${a.contentType ? `, ${a.contentType}` : ""}`;
}

function webUrl(host: string): URL | null {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}/`);
  } catch {
    return null;
  }
}

async function checkWeb(host: string, settings: CheckSettings, push: Push): Promise<void> {
  const url = webUrl(host);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    push({ check: "url", target: host, outcome: "fail", detail: "not a host name or http(s) URL" });
    return;
  }
  const port = Number(url.port) || (url.protocol === "https:" ? settings.ports.https : settings.ports.http);
  if (!url.port && port !== (url.protocol === "https:" ? 443 : 80)) url.port = String(port);
  const resolver = resolverFor(settings);
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const v6 = await lookupAaaa(resolver, hostname, "aaaa", push);
  const reachable = await tcp6(v6, port, settings, push);
  const first = reachable[0];
  if (first === undefined) return;
  let overV6: HttpAnswer;
  try {
    overV6 = await httpGet(url, first, settings.timeoutMs);
    push({
      check: "http6",
      target: `${url.href} via ${endpoint(first, port)}`,
      outcome: overV6.status < 400 ? "pass" : "fail",
      detail: describeAnswer(overV6),
    });
  } catch (error) {
    push({
      check: "http6",
      target: `${url.href} via ${endpoint(first, port)}`,
      outcome: "fail",
      detail: describeError(error),
    });
    return;
  }
  let v4: string[];
  try {
    v4 = await resolver.resolve4(hostname);
  } catch (error) {
    if (isNoRecord(error))
      push({
        check: "same-answer",
        target: url.href,
        outcome: "pass",
        detail: "IPv6 only (no A record): nothing to compare",
      });
    else
      push({
        check: "same-answer",
        target: url.href,
        outcome: "error",
        detail: `A lookup failed: ${describeError(error)}`,
      });
    return;
  }
  const address4 = v4[0] as string;
  try {
    const overV4 = await httpGet(url, address4, settings.timeoutMs);
    const target = `${url.href} via ${endpoint(first, port)} and ${endpoint(address4, port)}`;
    if (overV4.status !== overV6.status)
      push({
        check: "same-answer",
        target,
        outcome: "fail",
        detail: `IPv6: ${describeAnswer(overV6)}; IPv4: ${describeAnswer(overV4)}`,
      });
    else if (overV4.sha256 !== overV6.sha256)
      // Pages with dynamic content differ on every request: same status is a warning, not a failure.
      push({
        check: "same-answer",
        target,
        outcome: "warn",
        detail: `same status ${overV6.status}, different bodies (IPv6 ${overV6.bytes} bytes, IPv4 ${overV4.bytes} bytes)`,
      });
    else
      push({
        check: "same-answer",
        target,
        outcome: "pass",
        detail: `identical answers: ${describeAnswer(overV6)}`,
      });
  } catch (error) {
    push({
      check: "same-answer",
      target: url.href,
      outcome: "warn",
      detail: `IPv4 request failed (${describeError(error)}); IPv6 answered`,
    });
  }
}

async function checkMail(domain: string, settings: CheckSettings, push: Push): Promise<void> {
  const resolver = resolverFor(settings);
  let exchanges: string[];
  try {
    const mx = await resolver.resolveMx(domain);
    exchanges = mx.sort((a, b) => a.priority - b.priority).map((m) => m.exchange);
    push({ check: "mx", target: domain, outcome: "pass", detail: exchanges.join(", ") });
  } catch (error) {
    if (!isNoRecord(error)) {
      push({
        check: "mx",
        target: domain,
        outcome: "error",
        detail: `lookup failed: ${describeError(error)}`,
      });
      return;
    }
    // RFC 5321 §5.1: with no MX, the domain itself is the mail host.
    exchanges = [domain];
    push({
      check: "mx",
      target: domain,
      outcome: "warn",
      detail: "no MX record; the domain itself is the mail host",
    });
  }
  for (const exchange of exchanges) {
    const addresses = await lookupAaaa(resolver, exchange, "mx-aaaa", push);
    for (const address of addresses) {
      const target = endpoint(address, settings.ports.smtp);
      try {
        const banner = await readBanner(address, settings.ports.smtp, settings.timeoutMs);
        push({
          check: "smtp6",
          target,
          outcome: banner.startsWith("220") ? "pass" : "fail",
          detail: banner ? `banner: ${banner.slice(0, 120)}` : "connected, no banner",
        });
      } catch (error) {
        push({ check: "smtp6", target, outcome: "fail", detail: describeError(error) });
      }
    }
  }
}

async function checkDns(zone: string, settings: CheckSettings, push: Push): Promise<void> {
  const resolver = resolverFor(settings);
  let servers: string[];
  try {
    servers = (await resolver.resolveNs(zone)).sort();
    push({ check: "ns", target: zone, outcome: "pass", detail: servers.join(", ") });
  } catch (error) {
    push({
      check: "ns",
      target: zone,
      outcome: isNoRecord(error) ? "fail" : "error",
      detail: isNoRecord(error) ? "no NS record" : `lookup failed: ${describeError(error)}`,
    });
    return;
  }
  for (const server of servers) {
    const addresses = await lookupAaaa(resolver, server, "ns-aaaa", push);
    for (const address of addresses) {
      const target = endpoint(address, settings.ports.dns);
      try {
        // Ask the name server itself, over IPv6, for the zone's SOA.
        const soa = await resolverFor(settings, [target]).resolveSoa(zone);
        push({ check: "dns6", target, outcome: "pass", detail: `SOA ${soa.nsname} serial ${soa.serial}` });
      } catch (error) {
        push({
          check: "dns6",
          target,
          outcome: "fail",
          detail: `no answer over IPv6: ${describeError(error)}`,
        });
      }
    }
  }
}

async function checkOther(host: string, settings: CheckSettings, push: Push): Promise<void> {
  const match = /^(.*?)(?::(\d{1,5}))?$/.exec(host);
  const name = match?.[1] ?? host;
  const port = match?.[2] ? Number(match[2]) : null;
  const addresses = await lookupAaaa(resolverFor(settings), name, "aaaa", push);
  if (port !== null) await tcp6(addresses, port, settings, push);
}

export async function checkService(service: ServiceToCheck, settings: CheckSettings): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const push: Push = (r) => results.push(r);
  const host = service.host.trim();
  if (service.kind !== "web" && net.isIP(host)) {
    push({
      check: "host",
      target: host,
      outcome: "fail",
      detail: "declare services by host name, not address",
    });
    return results;
  }
  if (service.kind === "web") await checkWeb(host, settings, push);
  else if (service.kind === "mail") await checkMail(host, settings, push);
  else if (service.kind === "dns") await checkDns(host, settings, push);
  else await checkOther(host, settings, push);
  return results;
}
