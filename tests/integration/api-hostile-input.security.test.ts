/**
 * The API against hostile requests, over every operation the OpenAPI document lists, so that a
 * route added later is held to the same rules: bodies past their limit are refused before they are
 * read in full, signed-in operations answer 401/403 before they look at params or body, and no
 * query or path value makes a public operation fail with a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, ORIGIN, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  schema?: { example?: unknown };
  example?: unknown;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  /** Roles of the session scheme; null for a public operation. */
  roles: string[] | null;
}

/** The only state-changing operations open to anonymous callers: signing in and out. */
const PUBLIC_WRITES = [
  "POST /api/v1/auth/accept-invitation",
  "POST /api/v1/auth/sign-in",
  "POST /api/v1/auth/sign-out",
  // The beacon, called by other sites' pages: a new test (in memory, limited per address), and a
  // test's report, which its signed token authorises.
  "POST /api/v1/beacon/tests",
  "POST /api/v1/beacon/tests/{token}",
  // Alert subscriptions: double opt-in by e-mail; the tokens of its links authorise the rest.
  "POST /api/v1/subscriptions",
  "POST /api/v1/subscriptions/confirm",
  "POST /api/v1/subscriptions/manage",
  "POST /api/v1/subscriptions/manage/unsubscribe",
  "POST /api/v1/subscriptions/manage/update",
  "POST /api/v1/subscriptions/unsubscribe",
];

/** Values of a kind no client sends, each of which once reached a database or a Date unchecked. */
const HOSTILE = [
  "\u0000",
  "a\u0000b",
  "0000-01-01",
  "10000-01-01",
  "2026-02-30",
  "99999999999999999999",
  "-1",
  "1e400",
  "NaN",
  "x".repeat(10_000),
  "' or 1=1 --",
  "%",
  "../../etc/passwd",
  "\u00e9\ud83d\ude00",
  "AS99999999999",
  "2001:db8::/129",
];

/** A plausible value for a path parameter, so that the others reach their own validation. */
function plausible(parameter: Parameter): string {
  const example = parameter.example ?? parameter.schema?.example;
  if (typeof example === "string" || typeof example === "number") return String(example);
  return { cc: "AR", asn: "64496", id: "1", prefix: "2001:db8::/32" }[parameter.name] ?? "1";
}

async function operations(h: Harness): Promise<Operation[]> {
  const doc = (await (await h.app.request(`${ORIGIN}/api/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<string, { parameters?: Parameter[]; security?: Array<Record<string, string[]>> }>
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      roles: op.security ? (op.security[0]?.session ?? []) : null,
    })),
  );
}

/** The operation's path with `values` for its path parameters (plausible ones for the rest). */
function url(op: Operation, values: Record<string, string> = {}, query = ""): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = op.parameters.find((p) => p.in === "path" && p.name === name);
    return encodeURIComponent(values[name] ?? plausible(parameter ?? { name, in: "path" }));
  });
  return `${path}${query}`;
}

async function envelope(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe.each(targets)("API against hostile requests on $name", (target) => {
  let h: Harness;
  let ops: Operation[];
  let accounts: Record<"admin" | "isp" | "member" | "chair", Client>;

  beforeAll(async () => {
    h = await openHarness(target);
    accounts = {
      admin: await h.addUser({ email: "admin@atalaya.example", role: "admin" }),
      isp: await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] }),
      member: await h.addUser({ email: "member@flip6.example", role: "committee" }),
      chair: await h.addUser({ email: "chair@flip6.example", role: "committee", isChair: true }),
    };
    ops = await operations(h);
  });
  afterAll(async () => h?.dispose());

  describe("request bodies", () => {
    const signIn = `${ORIGIN}/api/v1/auth/sign-in`;
    const json = { "content-type": "application/json", origin: ORIGIN };

    it("answers 413 with the error envelope to a JSON body declared larger than the limit", async () => {
      const body = JSON.stringify({ email: "a@b.cd", password: "x".repeat(200 * 1024) });
      const res = await h.app.request(signIn, { method: "POST", headers: json, body });
      expect(res.status).toBe(413);
      expect(await envelope(res)).toEqual({
        code: "PAYLOAD_TOO_LARGE",
        message: "the request body is larger than 131072 bytes, the limit for POST /api/v1/auth/sign-in",
        requestId: expect.any(String),
      });
    });

    it("stops reading a chunked body without a length at the limit, before parsing it", async () => {
      let pulled = 0;
      const chunk = new Uint8Array(16 * 1024).fill(0x20);
      // 64 MiB of spaces if read to the end; JSON.parse would refuse it, but only after reading it all.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.length;
          if (pulled > 64 * 1024 * 1024) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const res = await h.app.request(signIn, {
        method: "POST",
        headers: { ...json, "transfer-encoding": "chunked" },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect((await envelope(res)).code).toBe("PAYLOAD_TOO_LARGE");
      // What the limit allows, a chunk past it, and what the stream had queued ahead.
      expect(pulled).toBeLessThan(512 * 1024);
    });

    it("lets uploads through up to their own limits, not the JSON one", async () => {
      const days = Array.from({ length: 9000 }, (_, i) => {
        const date = new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
        return `${date},800000000000,200000000000`;
      });
      const csv = `date,ipv4_bytes,ipv6_bytes\n${days.join("\n")}\n`;
      expect(csv.length).toBeGreaterThan(200 * 1024);
      const headers = { "content-type": "text/csv" };
      const stored = await accounts.isp.request("POST", "/api/v1/asns/AS64497/self-reported", csv, headers);
      expect(stored.status).toBe(200);
      const huge = `date,ipv4_bytes,ipv6_bytes\n${"2026-10-01,800,200\n".repeat(60_000)}`;
      const refused = await accounts.isp.request("POST", "/api/v1/asns/AS64497/self-reported", huge, headers);
      expect(refused.status).toBe(413);
      const form = new FormData();
      form.set("file", new File([new Uint8Array(300 * 1024)], "report.md"));
      // No such entry: the report route answers for itself, the body limit let the upload pass.
      const report = await accounts.isp.request("PUT", "/api/v1/challenge/entries/999999/report", form);
      expect(report.status).toBe(404);
    });
  });

  describe("signed-in operations", () => {
    const garbage = { garbage: true, role: "admin", id: "x".repeat(300), email: 42 };

    it("are all marked in the OpenAPI document; the only public writes are signing in and out, the beacon and alert subscriptions", () => {
      const publicWrites = ops
        .filter((op) => op.method !== "GET" && op.roles === null)
        .map((op) => `${op.method} ${op.path}`)
        .sort();
      expect(publicWrites).toEqual(PUBLIC_WRITES);
      expect(ops.filter((op) => op.roles !== null).length).toBeGreaterThanOrEqual(27);
    });

    it("answer 401 to an anonymous caller whatever the params and body", async () => {
      const anonymous = h.anonymous();
      for (const op of ops.filter((o) => o.roles !== null)) {
        for (const id of ["1", "not-a-number"]) {
          const res = await anonymous.request(
            op.method,
            url(op, { id, asn: id }),
            op.method === "GET" ? undefined : garbage,
          );
          expect(res.status, `${op.method} ${op.path} (${id})`).toBe(401);
          expect((await envelope(res)).code).toBe("UNAUTHORIZED");
        }
      }
    });

    it("answer 403 to an account without the role whatever the params and body", async () => {
      const holds: Record<keyof typeof accounts, string[]> = {
        admin: ["admin"],
        isp: ["isp"],
        member: ["committee"],
        chair: ["committee", "chair"],
      };
      let checked = 0;
      for (const op of ops.filter((o) => o.roles !== null && o.roles.length > 0)) {
        const roles = op.roles as string[];
        const who = (Object.keys(holds) as Array<keyof typeof accounts>).find(
          (a) => !roles.some((r) => holds[a].includes(r)),
        );
        if (!who) continue;
        const res = await accounts[who].request(
          op.method,
          url(op, { id: "not-a-number" }),
          op.method === "GET" ? undefined : garbage,
        );
        expect(res.status, `${op.method} ${op.path} as ${who}`).toBe(403);
        expect((await envelope(res)).code).toBe("FORBIDDEN");
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(20);
    });
  });

  describe("query and path parameters", () => {
    it("never make a public operation fail with a 5xx", async () => {
      const failures: string[] = [];
      let requests = 0;
      for (const op of ops.filter((o) => o.method === "GET" && o.roles === null)) {
        for (const parameter of op.parameters.filter((p) => p.in === "path" || p.in === "query")) {
          for (const value of HOSTILE) {
            const target =
              parameter.in === "path"
                ? url(op, { [parameter.name]: value })
                : url(op, {}, `?${new URLSearchParams({ [parameter.name]: value })}`);
            const res = await h.app.request(`${ORIGIN}${target}`);
            requests++;
            if (res.status >= 500) failures.push(`${res.status} ${target.slice(0, 120)}`);
            else await res.arrayBuffer();
          }
        }
      }
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(300);
    });

    it("answer 400 with a message for the values that once gave 500", async () => {
      const cases: Array<[string, RegExp]> = [
        ["/api/v1/awards/jim-bound?cycle=%00", /^cycle: must be one line of text/],
        ["/api/v1/awards/jim-bound?cycle=99999999999999999999", /^cycle: no award cycle has that id/],
        ["/api/v1/context/google?since=0000-01-01", /^since: a YYYY-MM-DD calendar date/],
        ["/api/v1/asns/64496?date=2026-02-30", /^date: a YYYY-MM-DD calendar date/],
        ["/api/v1/organisations/lacnic:900001?date=%00", /^date: a YYYY-MM-DD calendar date/],
        ["/api/v1/validity/64496/%25", /^prefix: "%" is not an IP prefix/],
      ];
      for (const [target, message] of cases) {
        const res = await h.app.request(`${ORIGIN}${target}`);
        expect(res.status, target).toBe(400);
        expect((await envelope(res)).message, target).toMatch(message);
      }
    });
  });

  describe("text in bodies", () => {
    it("refuses a NUL or other control character with 400 naming the field, before the database", async () => {
      const signIn = await h
        .anonymous()
        .json<{ error: { message: string } }>("POST", "/api/v1/auth/sign-in", {
          email: "noc@isp-ar.example\u0000",
          password: "x",
        });
      expect(signIn.status).toBe(400);
      expect(signIn.body.error.message).toMatch(/^email: must be one line of text/);
      const audit = await accounts.admin.request("GET", "/api/v1/admin/audit?subjectKind=%00");
      expect(audit.status).toBe(400);
      const user = await accounts.admin.json("POST", "/api/v1/admin/users", {
        email: "x\u0000@y.z",
        role: "isp",
      });
      expect(user.status).toBe(400);
      const nomination = await accounts.chair.json(
        "POST",
        "/api/v1/committee/jim-bound/cycles/1/nominations",
        {
          kind: "organisation",
          id: "lacnic:1\u0000",
        },
      );
      expect(nomination.status).toBe(400);
    });
  });
});
