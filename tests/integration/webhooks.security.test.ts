/**
 * The webhook API's rules, over the demo dataset on each database: signed-in ISP accounts and
 * admins only; the secret in the answer that creates an endpoint and in no other; an ISP account
 * sees and changes only its own endpoints (another's is "not found", like a missing one) and may
 * follow only its own organisations and networks; URLs, events and bodies are validated; writes
 * from another site are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, ORG_BO, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";

interface Endpoint {
  id: number;
  url: string;
  owner: string;
  subject: { kind: string; id: string } | null;
  events: string[];
  status: string;
  secret?: string;
}

describe.each(targets)("webhook API security on $name", (target) => {
  let h: Harness;
  let ispAr: Client;
  let ispBo: Client;
  let member: Client;
  let admin: Client;
  let endpointBo: Endpoint & { secret: string };

  const add = (client: Client, body: Record<string, unknown>) =>
    client.json<{ data: Endpoint & { secret: string } }>("POST", "/api/v1/webhooks", body);
  const list = async (client: Client) =>
    (await client.json<{ data: Endpoint[] }>("GET", "/api/v1/webhooks")).body.data;

  beforeAll(async () => {
    h = await openHarness(target);
    ispAr = await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    ispBo = await h.addUser({ email: "noc@isp-bo.example", role: "isp", organisations: [ORG_BO] });
    member = await h.addUser({ email: "member@flip6.example", role: "committee" });
    admin = await h.addUser({ email: "admin@atalaya.example", role: "admin" });
    const created = await add(ispBo, { url: "https://noc.isp-bo.example/hook" });
    expect(created.status).toBe(201);
    endpointBo = created.body.data;
  });
  afterAll(async () => h?.dispose());

  it("answers 401 without a session and 403 to a committee member", async () => {
    const calls: Array<[string, string, unknown?]> = [
      ["GET", "/api/v1/webhooks"],
      ["POST", "/api/v1/webhooks", { url: "https://x.example/" }],
      ["DELETE", `/api/v1/webhooks/${endpointBo.id}`],
      ["POST", `/api/v1/webhooks/${endpointBo.id}/enable`],
      ["GET", `/api/v1/webhooks/${endpointBo.id}/deliveries`],
      ["POST", `/api/v1/webhooks/${endpointBo.id}/ping`],
    ];
    for (const [method, url, body] of calls) {
      expect((await h.anonymous().request(method, url, body)).status, `${method} ${url}`).toBe(401);
      expect((await member.request(method, url, body)).status, `${method} ${url}`).toBe(403);
    }
  });

  it("shows the secret once, when the endpoint is added, and never in a later read", async () => {
    expect(endpointBo).toMatchObject({
      url: "https://noc.isp-bo.example/hook",
      owner: "noc@isp-bo.example",
      subject: null,
      status: "active",
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    // Every kind an organisation's networks can have; an economy's weekly summary is not one.
    expect(endpointBo.events).toContain("rpki-invalid");
    expect(endpointBo.events).not.toContain("economy-weekly");
    for (const client of [ispBo, admin]) {
      const res = await client.request("GET", "/api/v1/webhooks");
      const text = await res.text();
      expect(text).toContain(endpointBo.url);
      expect(text).not.toContain(endpointBo.secret);
      expect(text).not.toContain("whsec_");
    }
    const enabled = await ispBo.request("POST", `/api/v1/webhooks/${endpointBo.id}/enable`);
    expect(await enabled.text()).not.toContain("whsec_");
  });

  it("shows an ISP account only its own endpoints, and answers 404 for another's", async () => {
    expect(await list(ispAr)).toEqual([]);
    expect((await list(ispBo)).map((e) => e.id)).toEqual([endpointBo.id]);
    for (const [method, path] of [
      ["GET", "deliveries"],
      ["POST", "enable"],
      ["POST", "ping"],
    ] as const) {
      const res = await ispAr.json<{ error: { code: string } }>(
        method,
        `/api/v1/webhooks/${endpointBo.id}/${path}`,
      );
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
    expect((await ispAr.request("DELETE", `/api/v1/webhooks/${endpointBo.id}`)).status).toBe(404);
    // Still there for its owner.
    expect((await list(ispBo)).map((e) => e.id)).toEqual([endpointBo.id]);
    // An admin sees every account's endpoints.
    expect((await list(admin)).map((e) => e.owner)).toContain("noc@isp-bo.example");
  });

  it("lets an ISP account follow only its own organisations and networks", async () => {
    for (const body of [{ asn: 65548 }, { organisation: ORG_BO }, { cc: "AR" }, { asn: 64511 }]) {
      const res = await add(ispAr, { url: "https://noc.isp-ar.example/hook", ...body });
      expect(res.status, JSON.stringify(body)).toBe(403);
    }
    const network = await add(ispAr, { url: "https://noc.isp-ar.example/hook", asn: 64497 });
    expect(network.status).toBe(201);
    expect(network.body.data.subject).toEqual({ kind: "network", id: "64497" });
    const organisation = await add(ispAr, {
      url: "https://noc.isp-ar.example/org",
      organisation: ORG_AR,
      events: ["roa-expiring"],
    });
    expect(organisation.status).toBe(201);
    expect(organisation.body.data.events).toEqual(["roa-expiring"]);
    // An admin may follow anything, an economy included.
    const economy = await add(admin, { url: "https://ops.example/bo", cc: "bo" });
    expect(economy.status).toBe(201);
    expect(economy.body.data).toMatchObject({
      subject: { kind: "economy", id: "BO" },
      events: ["economy-weekly"],
    });
  });

  it("refuses URLs Atalaya should not post to, unknown events and unknown fields", async () => {
    const refused = [
      { url: "ftp://noc.isp-ar.example/hook" },
      { url: "not a url" },
      { url: "https://user:pw@noc.isp-ar.example/hook" },
      { url: "https://noc.isp-ar.example/hook#frag" },
      { url: "https://noc.isp-ar.example/hook", events: ["everything"] },
      { url: "https://noc.isp-ar.example/hook", events: [] },
      { url: "https://noc.isp-ar.example/hook", asn: 64497, organisation: ORG_AR },
      { url: "https://noc.isp-ar.example/hook", events: ["economy-weekly"] },
      { url: "https://noc.isp-ar.example/hook", secret: "whsec_mine" },
    ];
    for (const body of refused) {
      const res = await add(ispAr, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("refuses a write from another site", async () => {
    const res = await ispAr.request(
      "POST",
      "/api/v1/webhooks",
      { url: "https://evil.example/hook" },
      { "sec-fetch-site": "cross-site" },
    );
    expect(res.status).toBe(403);
    const other = await ispAr.request(
      "POST",
      "/api/v1/webhooks",
      { url: "https://evil.example/hook" },
      {
        origin: "https://evil.example",
      },
    );
    expect(other.status).toBe(403);
  });

  it("queues a ping into the delivery log, and deletes an endpoint with its log", async () => {
    const created = await add(ispAr, { url: "https://noc.isp-ar.example/ping" });
    const id = created.body.data.id;
    const ping = await ispAr.json<{ data: { type: string; status: string } }>(
      "POST",
      `/api/v1/webhooks/${id}/ping`,
    );
    expect(ping.status).toBe(202);
    expect(ping.body.data).toMatchObject({ type: "ping", status: "queued" });
    const log = await ispAr.json<{ data: Array<{ type: string; eventId: number | null }> }>(
      "GET",
      `/api/v1/webhooks/${id}/deliveries`,
    );
    expect(log.body.data).toEqual([expect.objectContaining({ type: "ping", eventId: null, log: [] })]);
    expect((await ispAr.request("DELETE", `/api/v1/webhooks/${id}`)).status).toBe(204);
    expect((await ispAr.request("GET", `/api/v1/webhooks/${id}/deliveries`)).status).toBe(404);
  });
});
