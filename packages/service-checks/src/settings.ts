/** Where and how long the checks look. Tests point `resolvers` and `ports` at local servers. */
export interface CheckSettings {
  /** DNS servers as `address` or `address:port` (`[v6]:port`); null: the system's. */
  resolvers: string[] | null;
  timeoutMs: number;
  ports: { http: number; https: number; smtp: number; dns: number };
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  resolvers: null,
  timeoutMs: 10_000,
  ports: { http: 80, https: 443, smtp: 25, dns: 53 },
};

export type CheckOutcome = "pass" | "warn" | "fail" | "error";

export interface CheckResult {
  /** aaaa, tcp6, http6, same-answer, mx, mx-aaaa, smtp6, ns, ns-aaaa, dns6 */
  check: string;
  /** What was checked: a host name, `[address]:port`, a URL. */
  target: string;
  outcome: CheckOutcome;
  detail: string;
}

export interface ServiceToCheck {
  kind: "web" | "mail" | "dns" | "other";
  /** A host name; web services may give a URL, other services `host:port`. */
  host: string;
}
