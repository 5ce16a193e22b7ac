/**
 * Signed-in operations against anonymous callers and callers without the role, over every
 * operation the OpenAPI document lists, so that a route added later is held to the same rule:
 * 401/403 before the operation looks at its params or body.
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

  describe("signed-in operations", () => {
    const garbage = { garbage: true, role: "admin", id: "x".repeat(300), email: 42 };

    it("are all marked in the OpenAPI document; the only public writes are signing in and out", () => {
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
});
