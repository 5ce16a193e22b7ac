/**
 * The Host header is the client's to write, so nothing the server hands out or checks may be built
 * from it: badge links (cached publicly), invitation links (forwarded by e-mail) and the origin
 * state-changing requests must come from. Without ATALAYA_PUBLIC_URL, only a request that came
 * over loopback AND names a loopback host gets absolute links and may write from a browser.
 */
import http from "node:http";
import path from "node:path";
import { acceptInvitation, createUser, listAccounts } from "@atalaya/accounts";
import { createApp, type RunningServer, startServer } from "@atalaya/api";
import { silentLogger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, sessionCookie } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { tempDir, testContext } from "../helpers/ingest";

/** What a request looks like to the app when it arrived on a socket with these two ends. */
const socket = (localAddress: string, remoteAddress: string) => ({
  incoming: { socket: { localAddress, remoteAddress } },
});
const LOOPBACK = socket("127.0.0.1", "127.0.0.1");
const REMOTE = socket("192.0.2.10", "198.51.100.7");

type App = ReturnType<typeof createApp>;

/** Signs `email` in without an Origin header (a non-browser client), as that passes any origin rule. */
async function signIn(app: App, email: string) {
  const res = await app.request("http://localhost/api/v1/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { csrfToken: string } };
  return { cookie: sessionCookie(res), "x-csrf-token": data.csrfToken };
}

describe.each(targets)("links and origins without trusting Host on $name", (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let open: App; // no ATALAYA_PUBLIC_URL
  let configured: App; // ATALAYA_PUBLIC_URL=https://atalaya.example
  let admin: { cookie: string; "x-csrf-token": string };
  let configuredAdmin: { cookie: string; "x-csrf-token": string };

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await loadDemo(path.join(tempDir(), "demo"), testContext(database));
    const { invitationToken } = await createUser(
      database,
      { email: "admin@atalaya.example", role: "admin" },
      null,
    );
    await acceptInvitation(database, invitationToken, PASSWORD);
    open = createApp({ database, log: silentLogger });
    configured = createApp({ database, log: silentLogger, publicUrl: "https://atalaya.example/" });
    admin = await signIn(open, "admin@atalaya.example");
    configuredAdmin = await signIn(configured, "admin@atalaya.example");
  });
  afterAll(async () => dispose?.());

  it("links a badge relatively unless ATALAYA_PUBLIC_URL is set, whatever Host says", async () => {
    const evil = { headers: { host: "evil.example" } };
    const relative = await open.request("http://evil.example/badge/AS64496.svg", evil, REMOTE);
    expect(relative.status).toBe(200);
    expect(relative.headers.get("cache-control")).toMatch(/public/);
    const svg = await relative.text();
    expect(svg).toContain('href="/as/64496"');
    expect(svg).not.toContain("evil.example");
    // Not even a loopback request's origin goes into a publicly cached answer.
    const local = await open.request("http://localhost:8080/badge/AS64496.svg", {}, LOOPBACK);
    expect(await local.text()).toContain('href="/as/64496"');
    const absolute = await configured.request("http://evil.example/badge/AS64496.svg", evil, REMOTE);
    const configuredSvg = await absolute.text();
    expect(configuredSvg).toContain('href="https://atalaya.example/as/64496"');
    expect(configuredSvg).not.toContain("evil.example");
  });

  it("refuses to make an invitation link off loopback without ATALAYA_PUBLIC_URL, creating nothing", async () => {
    const before = (await listAccounts(database)).length;
    const res = await open.request(
      "http://evil.example/api/v1/admin/users",
      {
        method: "POST",
        headers: { ...admin, host: "evil.example", "content-type": "application/json" },
        body: JSON.stringify({ email: "member@isp.example", role: "committee" }),
      },
      REMOTE,
    );
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).toContain("ATALAYA_PUBLIC_URL");
    expect(JSON.stringify(body)).not.toContain("evil.example");
    expect((await listAccounts(database)).length).toBe(before);

    // A loopback socket is not enough when Host names something else (a proxy on the same
    // machine, or a client lying), nor a loopback Host on a remote socket.
    for (const [host, env] of [
      ["evil.example", LOOPBACK],
      ["localhost:8080", REMOTE],
    ] as const) {
      const refused = await open.request(
        `http://${host}/api/v1/admin/users/1/invitation`,
        { method: "POST", headers: { ...admin, host } },
        env,
      );
      expect(refused.status, host).toBe(503);
    }
  });

  it("builds invitation links from ATALAYA_PUBLIC_URL, never from Host", async () => {
    const res = await configured.request(
      "http://evil.example/api/v1/admin/users",
      {
        method: "POST",
        headers: { ...configuredAdmin, host: "evil.example", "content-type": "application/json" },
        body: JSON.stringify({ email: "member@flip6.example", role: "committee" }),
      },
      LOOPBACK,
    );
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { invitationUrl: string } };
    expect(data.invitationUrl).toMatch(/^https:\/\/atalaya\.example\/sign-in\/invitation#token=[\w-]+$/);
  });

  it("checks Origin against ATALAYA_PUBLIC_URL, or a loopback request's own origin, never Host", async () => {
    const post = (app: App, host: string, origin: string, env: object, headers: object) =>
      app.request(
        `http://${host}/api/v1/auth/sign-out`,
        { method: "POST", headers: { ...headers, host, origin, "sec-fetch-site": "same-origin" } },
        env,
      );
    // DNS rebinding or a forged request: Host and Origin agree, and name another site.
    const rebound = await post(open, "evil.example", "http://evil.example", REMOTE, admin);
    expect(rebound.status).toBe(403);
    expect(((await rebound.json()) as { error: { message: string } }).error.message).toContain(
      "ATALAYA_PUBLIC_URL",
    );
    expect((await post(open, "evil.example", "http://evil.example", LOOPBACK, admin)).status).toBe(403);
    expect(
      (await post(configured, "evil.example", "http://evil.example", REMOTE, configuredAdmin)).status,
    ).toBe(403);
    // The configured origin, and a loopback request from its own page, may write.
    expect(
      (await post(configured, "evil.example", "https://atalaya.example", REMOTE, configuredAdmin)).status,
    ).toBe(200);
    expect((await post(open, "localhost:8080", "http://localhost:8080", LOOPBACK, admin)).status).toBe(200);
  });
});

describe("a local server without ATALAYA_PUBLIC_URL, over a real loopback socket", () => {
  let database: Database;
  let server: RunningServer;
  let port: number;

  beforeAll(async () => {
    const opened = await targets[0]?.open();
    if (!opened) throw new Error("no database target");
    database = opened.database;
    const { invitationToken } = await createUser(
      database,
      { email: "admin@laptop.example", role: "admin" },
      null,
    );
    await acceptInvitation(database, invitationToken, PASSWORD);
    server = await startServer({ database, log: silentLogger, host: "127.0.0.1", port: 0 });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  /** node:http, since fetch will not send a Host other than the URL's. */
  function send(method: string, url: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
      (resolve, reject) => {
        const req = http.request(`http://127.0.0.1:${port}${url}`, { method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString(),
            }),
          );
        });
        req.on("error", reject);
        req.end(body);
      },
    );
  }

  it("gives the admin on the laptop an invitation link to localhost, and refuses a forged Host", async () => {
    const host = `localhost:${port}`;
    const origin = `http://${host}`;
    const json = { "content-type": "application/json" };
    const signIn = await send(
      "POST",
      "/api/v1/auth/sign-in",
      { ...json, host, origin },
      JSON.stringify({ email: "admin@laptop.example", password: PASSWORD }),
    );
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers["set-cookie"]?.[0]).split(";")[0] as string;
    const csrf = (JSON.parse(signIn.text) as { data: { csrfToken: string } }).data.csrfToken;
    const session = { ...json, cookie, "x-csrf-token": csrf };
    const body = JSON.stringify({ email: "member@laptop.example", role: "committee" });

    const created = await send("POST", "/api/v1/admin/users", { ...session, host, origin }, body);
    expect(created.status).toBe(201);
    const { data } = JSON.parse(created.text) as { data: { invitationUrl: string } };
    expect(data.invitationUrl.startsWith(`${origin}/sign-in/invitation#token=`)).toBe(true);

    const forged = await send("POST", "/api/v1/admin/users/1/invitation", {
      ...session,
      host: "evil.example",
    });
    expect(forged.status).toBe(503);
    expect(forged.text).not.toContain("evil.example");
  });
});
