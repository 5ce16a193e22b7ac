/**
 * Security properties of disputes: sign-in and roles, organisation isolation (another
 * organisation's dispute is "not found", exactly like one that does not exist), conflicts of
 * interest, only the chair resolves, attachments refused by size before they are read and by
 * content whatever they are called, and nothing of a dispute on any public route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, ORG_BO, ORIGIN, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { disputeForm } from "../helpers/disputes";

/** Marks written into the disputes, searched for in every public response. */
const SECRET_TEXT = "zq-private-dispute-text-7731";
const SECRET_FILE = "zq-private-export.csv";

const network = (asn: string, text = SECRET_TEXT) => ({
  awardCycleId: "1",
  subjectKind: "network",
  subjectId: asn,
  text,
});

describe.each(targets)("dispute security on $name", (target) => {
  let h: Harness;
  let ispAr: Client;
  let ispBo: Client;
  let member: Client;
  let chair: Client;
  let conflictedMember: Client;
  let conflictedChair: Client;
  let disputeBo: number;

  const mine = async (isp: Client) =>
    (await isp.json<{ data: Array<{ id: number }> }>("GET", "/api/v1/disputes/mine")).body.data;

  beforeAll(async () => {
    h = await openHarness(target);
    ispAr = await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    ispBo = await h.addUser({ email: "noc@isp-bo.example", role: "isp", organisations: [ORG_BO] });
    member = await h.addUser({ email: "member@flip6.example", role: "committee", country: "BR" });
    chair = await h.addUser({ email: "chair@flip6.example", role: "committee", isChair: true });
    conflictedMember = await h.addUser({
      email: "staff@isp-bo.example",
      role: "committee",
      organisations: [ORG_BO],
    });
    conflictedChair = await h.addUser({
      email: "chair@isp-bo.example",
      role: "committee",
      isChair: true,
      organisations: [ORG_BO],
    });
    const filed = await ispBo.json<{ data: { id: number } }>(
      "POST",
      "/api/v1/disputes",
      disputeForm(
        { ...network("65548"), attachmentKind: "source-export" },
        { name: SECRET_FILE, content: "day,share\n2026-10-01,0.31\n" },
      ),
    );
    expect(filed.status).toBe(201);
    disputeBo = filed.body.data.id;
  });
  afterAll(async () => h?.dispose());

  it("answers 401 to every dispute operation without a session", async () => {
    const anonymous = h.anonymous();
    const calls: Array<[string, string, unknown?]> = [
      ["GET", "/api/v1/disputes/subjects"],
      ["GET", "/api/v1/disputes/mine"],
      ["GET", "/api/v1/disputes/cycles/1"],
      ["GET", `/api/v1/disputes/${disputeBo}`],
      ["GET", `/api/v1/disputes/${disputeBo}/attachment`],
      ["POST", "/api/v1/disputes", disputeForm(network("65548"))],
      ["POST", `/api/v1/disputes/${disputeBo}/resolution`, { outcome: "rejected", reason: "x" }],
    ];
    for (const [method, url, body] of calls) {
      const res = await anonymous.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    }
  });

  it("answers 404 to another organisation's ISP, word for word as for a dispute that does not exist", async () => {
    const foreign = await ispAr.json<{ error: { message: string } }>("GET", `/api/v1/disputes/${disputeBo}`);
    const missing = await ispAr.json<{ error: { message: string } }>("GET", "/api/v1/disputes/999999");
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message.replace(String(disputeBo), "N")).toBe(
      missing.body.error.message.replace("999999", "N"),
    );
    expect((await ispAr.request("GET", `/api/v1/disputes/${disputeBo}/attachment`)).status).toBe(404);
    expect(await mine(ispAr)).toEqual([]);
    expect((await mine(ispBo)).map((d) => d.id)).toEqual([disputeBo]);
  });

  it("answers 404 to an ISP filing for a network or organisation it does not act for", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [network("65548"), "network 65548"],
      [network("AS65549"), "network AS65549"],
      [{ ...network(ORG_BO), subjectKind: "organisation" }, `organisation ${ORG_BO}`],
      // …the same answer as for a network that exists nowhere.
      [network("4200000000"), "network 4200000000"],
    ];
    for (const [fields, what] of cases) {
      const res = await ispAr.json<{ error: { message: string } }>(
        "POST",
        "/api/v1/disputes",
        disputeForm(fields),
      );
      expect(res.status, what).toBe(404);
      expect(res.body.error.message).toBe(`no ${what} among those your account acts for`);
    }
    expect(await mine(ispAr)).toEqual([]);
  });

  it("lets only the chair resolve; a conflicted member or chair does not even see the dispute", async () => {
    const url = `/api/v1/disputes/${disputeBo}/resolution`;
    const body = { outcome: "rejected", reason: "not convincing" };
    expect((await ispBo.json("POST", url, body)).status).toBe(403);
    expect((await ispAr.json("POST", url, body)).status).toBe(403);
    expect((await member.json("POST", url, body)).status).toBe(403);
    expect((await conflictedChair.json("POST", url, body)).status).toBe(404);
    expect((await conflictedMember.json("GET", `/api/v1/disputes/${disputeBo}`)).status).toBe(404);
    expect((await conflictedMember.request("GET", `/api/v1/disputes/${disputeBo}/attachment`)).status).toBe(
      404,
    );
    const list = await conflictedMember.json<{ data: unknown[] }>("GET", "/api/v1/disputes/cycles/1");
    expect(list.body.data).toEqual([]);
    // Committee members cannot file, ISPs cannot list a cycle.
    expect((await member.json("POST", "/api/v1/disputes", disputeForm(network("65548")))).status).toBe(403);
    expect((await ispBo.json("GET", "/api/v1/disputes/cycles/1")).status).toBe(403);
    const seen = await member.json<{ data: { status: string } }>("GET", `/api/v1/disputes/${disputeBo}`);
    expect(seen.body.data.status).toBe("open");
    // …and the refusals above are about who asks: the chair without a conflict resolves it.
    expect((await chair.json("POST", url, body)).status).toBe(200);
  });

  it("refuses an oversize attachment with 413 before reading it", async () => {
    let pulled = 0;
    const boundary = "----dispute-boundary";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n` +
        "Content-Type: text/csv\r\n\r\ndate,ipv4_bytes,ipv6_bytes\r\n",
    );
    const row = new TextEncoder().encode("2026-10-01,800,200\r\n".repeat(1000));
    // 64 MiB if read to the end.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        pulled += row.length;
        if (pulled > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(row);
      },
    });
    const res = await h.app.request(`${ORIGIN}/api/v1/disputes`, {
      method: "POST",
      headers: {
        cookie: ispAr.cookie,
        origin: ORIGIN,
        "sec-fetch-site": "same-origin",
        "x-csrf-token": ispAr.csrf,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "transfer-encoding": "chunked",
      },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    // A declared length past the limit is refused without a byte of the body.
    const declared = await ispAr.request(
      "POST",
      "/api/v1/disputes",
      disputeForm(
        { ...network("64497"), attachmentKind: "self-reported" },
        { name: "big.csv", content: new Uint8Array(1024 * 1024 + 1) },
      ),
    );
    expect(declared.status).toBe(413);
    // Under the limit, the upload reaches the route, which answers for itself (not this ISP's network).
    const allowed = await ispAr.request(
      "POST",
      "/api/v1/disputes",
      disputeForm(
        { ...network("65548"), attachmentKind: "self-reported" },
        { name: "fits.csv", content: new Uint8Array(900 * 1024).fill(0x20) },
      ),
    );
    expect(allowed.status).toBe(404);
    expect(await mine(ispAr)).toEqual([]);
  });

  it("refuses an attachment of the wrong type or that does not parse, naming the problem", async () => {
    const file = async (kind: string, name: string, content: BlobPart) => {
      const res = await ispAr.json<{ error: { code: string; message: string } }>(
        "POST",
        "/api/v1/disputes",
        disputeForm({ ...network("64497"), attachmentKind: kind }, { name, content }),
      );
      return { status: res.status, message: res.body.error.message };
    };
    expect(await file("self-reported", "traffic.csv", "%PDF-1.7\n%âãÏÓ\n")).toEqual({
      status: 415,
      message: "traffic.csv is a PDF document, not a CSV or JSON text file",
    });
    expect(await file("source-export", "export.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toEqual(
      {
        status: 415,
        message: "export.csv is a ZIP archive (or an Office document), not a CSV or JSON text file",
      },
    );
    expect(
      await file(
        "self-reported",
        "traffic.csv",
        "date,ipv4_bytes,ipv6_bytes\n2026-10-01,800,200\n2026-10-02,800,-5\n",
      ),
    ).toEqual({ status: 400, message: 'traffic.csv line 3: ipv6_bytes "-5" is not a whole number of bytes' });
    expect(
      await file("source-export", "radar.json", '{"success": true,\n "result": {"serie_0": [}\n}'),
    ).toEqual({
      status: 400,
      message: "radar.json is not valid JSON (line 2, column 25): Unexpected token '}'",
    });
    expect(await file("source-export", "export.csv", "day,share\n2026-10-01\n")).toEqual({
      status: 400,
      message: "export.csv line 2: 1 fields, the header has 2",
    });
    const kindless = await ispAr.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/disputes",
      disputeForm(network("64497"), { name: "t.csv", content: "date,ipv4_bytes,ipv6_bytes\n" }),
    );
    expect(kindless.status).toBe(400);
    expect(kindless.body.error.message).toMatch(/^attachmentKind: /);
    expect(await mine(ispAr)).toEqual([]);
  });

  it("shows nothing of a dispute on any public route", async () => {
    const doc = (await (await h.app.request(`${ORIGIN}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown; parameters?: Array<{ name: string; in: string }> }>
      >;
    };
    const values: Record<string, string> = {
      asn: "65548",
      id: "1",
      cc: "BO",
      organisationId: ORG_BO,
      prefix: "2001:db8::/32",
    };
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const get = methods.get;
      if (!get || get.security) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? "1"));
      const query = path.includes("jim-bound") ? "?cycle=1" : "";
      const res = await h.app.request(`${ORIGIN}${url}${query}`);
      const text = await res.text();
      expect(text, url).not.toContain(SECRET_TEXT);
      expect(text, url).not.toContain(SECRET_FILE);
      expect(text.toLowerCase(), url).not.toContain("dispute");
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    // The routes about the disputed network and organisation, by name.
    for (const url of [
      "/api/v1/asns/65548",
      `/api/v1/organisations/${ORG_BO}`,
      "/api/v1/awards/jim-bound?cycle=1",
      "/api/v1/results/jim-bound/1",
      "/api/v1/results",
    ]) {
      const text = await (await h.app.request(`${ORIGIN}${url}`)).text();
      expect(text, url).not.toContain(SECRET_TEXT);
      expect(text.toLowerCase(), url).not.toContain("dispute");
    }
  });

  it("publishes after release only which standings were disputed and the outcome", async () => {
    const url = "/api/v1/results/jim-bound/1/disputes";
    expect((await h.app.request(`${ORIGIN}${url}`)).status).toBe(404);
    expect((await chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/release")).status).toBe(200);
    const res = await h.app.request(`${ORIGIN}${url}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      data: [
        { subjectKind: "network", subjectId: "65548", status: "rejected", resolvedAt: expect.any(String) },
      ],
    });
    // Neither the filer's words, the file, nor the chair's reason.
    for (const secret of [SECRET_TEXT, SECRET_FILE, "not convincing", "2026-10-01,0.31"])
      expect(text).not.toContain(secret);
    for (const other of ["/api/v1/results/jim-bound/1", "/api/v1/results"]) {
      const body = await (await h.app.request(`${ORIGIN}${other}`)).text();
      expect(body, other).not.toContain(SECRET_TEXT);
    }
  });
});
