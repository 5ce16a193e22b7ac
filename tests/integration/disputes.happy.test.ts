/**
 * A dispute of a Jim Bound standing from filing to resolution through the API, on each database:
 * an ISP files one for its network with self-reported traffic, the committee sees it beside the
 * nomination of the same network, the chair resolves it with a reason, the ISP reads the
 * resolution, and both steps are in an intact audit chain that records the file's hash, never
 * its bytes. A released cycle takes no more disputes.
 */
import { createHash } from "node:crypto";
import { verifyAuditLog } from "@atalaya/audit";
import { auditLog } from "@atalaya/db";
import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCommittee, type Client, type Harness, ORG_AR, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { disputeForm } from "../helpers/disputes";
import { conformanceProblems, responseSchema } from "../helpers/openapi-conformance";

interface Dispute {
  id: number;
  subjectKind: string;
  subjectId: string;
  name: string;
  status: string;
  reason: string | null;
  resolvedBy: string | null;
  attachment: { kind: string; mediaType: string; bytes: number; sha256: string; summary: unknown } | null;
}

const TRAFFIC = "date,ipv4_bytes,ipv6_bytes\n2026-10-01,700000,300000\n2026-10-02,690000,310000\n";

describe.each(targets)("Jim Bound disputes, filing to resolution, on $name", (target) => {
  let h: Harness;
  let admin: Client;
  let isp: Client;
  let chair: Client;
  let member: Client;
  let conflicted: Client;
  let disputeId: number;
  let nominationId: number;

  beforeAll(async () => {
    h = await openHarness(target);
    admin = await h.addUser({ email: "admin@atalaya.example", role: "admin" });
    isp = await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    ({ chair, member, conflicted } = await addCommittee(h));
  });
  afterAll(async () => h?.dispose());

  it("offers the ISP its organisation and the networks it holds to dispute", async () => {
    const subjects = await isp.json<{ data: Array<{ kind: string; id: string; organisationId: string }> }>(
      "GET",
      "/api/v1/disputes/subjects",
    );
    expect(subjects.status).toBe(200);
    const ids = subjects.body.data.map((s) => `${s.kind}:${s.id}`);
    expect(ids).toContain(`organisation:${ORG_AR}`);
    expect(ids).toEqual(expect.arrayContaining(["network:64496", "network:64497"]));
    expect(subjects.body.data.every((s) => s.organisationId === ORG_AR)).toBe(true);
  });

  it("files a dispute with self-reported traffic; a second open one for the subject is refused", async () => {
    const nominated = await chair.json<{ data: { id: number } }>(
      "POST",
      "/api/v1/committee/jim-bound/cycles/1/nominations",
      { kind: "network", id: "64497" },
    );
    expect(nominated.status).toBe(201);
    nominationId = nominated.body.data.id;
    const fields = {
      awardCycleId: "1",
      subjectKind: "network",
      subjectId: "AS64497",
      text: "Our NetFlow totals show 30% IPv6 traffic;\nAPNIC's sample misses our mobile users.",
      attachmentKind: "self-reported",
    };
    const filed = await isp.json<{ data: Dispute }>(
      "POST",
      "/api/v1/disputes",
      disputeForm(fields, { name: "traffic.csv", content: TRAFFIC }),
    );
    expect(filed.status).toBe(201);
    expect(filed.body.data).toMatchObject({
      subjectKind: "network",
      subjectId: "64497",
      status: "open",
      reason: null,
      attachment: {
        kind: "self-reported",
        mediaType: "text/csv",
        bytes: TRAFFIC.length,
        sha256: createHash("sha256").update(TRAFFIC).digest("hex"),
        summary: { format: "traffic-csv", days: 2, first: "2026-10-01", last: "2026-10-02" },
      },
    });
    disputeId = filed.body.data.id;
    const again = await isp.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/disputes",
      disputeForm({ ...fields, text: "once more" }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already has an open dispute/);
  });

  it("shows the committee the dispute beside the nomination of the same network, file included", async () => {
    const [disputes, nominations] = await Promise.all([
      member.json<{ data: Dispute[] }>("GET", "/api/v1/disputes/cycles/1"),
      member.json<{ data: { nominations: Array<{ id: number; subjectKind: string; subjectId: string }> } }>(
        "GET",
        "/api/v1/committee/jim-bound/cycles/1/nominations",
      ),
    ]);
    expect(disputes.body.data.map((d) => d.id)).toEqual([disputeId]);
    const [dispute] = disputes.body.data;
    const beside = nominations.body.data.nominations.find(
      (n) => n.subjectKind === dispute?.subjectKind && n.subjectId === dispute?.subjectId,
    );
    expect(beside?.id).toBe(nominationId);
    const file = await member.request("GET", `/api/v1/disputes/${disputeId}/attachment`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv");
    expect(await file.text()).toBe(TRAFFIC);
    // A member from the subject's organisation does not see it at all.
    const hidden = await conflicted.json<{ data: Dispute[] }>("GET", "/api/v1/disputes/cycles/1");
    expect(hidden.body.data).toEqual([]);
  });

  it("lets the chair resolve it with a reason, once", async () => {
    const url = `/api/v1/disputes/${disputeId}/resolution`;
    const blank = await chair.json<{ error: { message: string } }>("POST", url, {
      outcome: "upheld",
      reason: "   ",
    });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toMatch(/^reason: /);
    const resolved = await chair.json<{ data: Dispute }>("POST", url, {
      outcome: "upheld",
      reason: "The traffic totals are consistent with the Radar series; we weigh them in the decision.",
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.data).toMatchObject({ status: "upheld", resolvedBy: expect.any(String) });
    const twice = await chair.json("POST", url, { outcome: "rejected", reason: "changed my mind" });
    expect(twice.status).toBe(409);
  });

  it("shows the ISP its dispute with the outcome and the chair's reason", async () => {
    const mine = await isp.json<{ data: Dispute[] }>("GET", "/api/v1/disputes/mine");
    expect(mine.body.data).toMatchObject([
      {
        id: disputeId,
        status: "upheld",
        reason: "The traffic totals are consistent with the Radar series; we weigh them in the decision.",
      },
    ]);
    const one = await isp.json<{ data: Dispute }>("GET", `/api/v1/disputes/${disputeId}`);
    expect(one.body.data.status).toBe("upheld");
  });

  it("records filing and resolution in an intact audit chain, with the file's hash and not its bytes", async () => {
    const rows = await h.database.db
      .select()
      .from(auditLog)
      .where(like(auditLog.action, "jim-bound.dispute-%"));
    expect(rows.map((r) => [r.action, r.subjectKind, r.subjectId])).toEqual([
      ["jim-bound.dispute-file", "jim-bound-dispute", String(disputeId)],
      ["jim-bound.dispute-resolve", "jim-bound-dispute", String(disputeId)],
    ]);
    const filed = rows[0]?.detail as { attachment: Record<string, unknown> };
    expect(filed.attachment).toEqual({
      kind: "self-reported",
      fileName: "traffic.csv",
      mediaType: "text/csv",
      bytes: TRAFFIC.length,
      sha256: createHash("sha256").update(TRAFFIC).digest("hex"),
    });
    expect(JSON.stringify(rows)).not.toContain("2026-10-01,700000");
    expect(rows[1]?.detail).toMatchObject({ outcome: "upheld" });
    expect((await verifyAuditLog(h.database)).problems).toEqual([]);
    const chain = await admin.json<{ chain: { intact: boolean } }>("GET", "/api/v1/admin/audit?limit=1000");
    expect(chain.body.chain.intact).toBe(true);
  });

  it("answers its GETs as the OpenAPI document says", async () => {
    const doc = (await (await h.app.request("/api/openapi.json")).json()) as Parameters<
      typeof responseSchema
    >[0];
    const calls: Array<[Client, string, string]> = [
      [isp, "/api/v1/disputes/subjects", "/api/v1/disputes/subjects"],
      [isp, "/api/v1/disputes/mine", "/api/v1/disputes/mine"],
      [member, "/api/v1/disputes/cycles/1", "/api/v1/disputes/cycles/{id}"],
      [isp, `/api/v1/disputes/${disputeId}`, "/api/v1/disputes/{id}"],
    ];
    for (const [who, url, template] of calls) {
      const res = await who.request("GET", url);
      expect(res.status, url).toBe(200);
      expect(conformanceProblems(doc, responseSchema(doc, template), await res.json()), url).toEqual([]);
    }
  });

  it("files one of eight disputes sent at once for the same subject and refuses the rest", async () => {
    const send = () =>
      isp.request(
        "POST",
        "/api/v1/disputes",
        disputeForm({ awardCycleId: "1", subjectKind: "organisation", subjectId: ORG_AR, text: "at once" }),
      );
    const statuses = (await Promise.all(Array.from({ length: 8 }, send))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it("releases only once every dispute is answered, and then refuses new ones", async () => {
    const decided = await chair.json(
      "POST",
      `/api/v1/committee/jim-bound/nominations/${nominationId}/decision`,
      {
        outcome: "awarded",
        note: "",
      },
    );
    expect(decided.status).toBe(200);
    // Not while a dispute is unanswered: the organisation's, filed above, is still open.
    const early = await chair.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/committee/jim-bound/cycles/1/release",
    );
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe("1 dispute(s) still unresolved");
    const open = await member.json<{ data: Dispute[] }>("GET", "/api/v1/disputes/cycles/1");
    const pending = open.body.data.find((d) => d.status === "open");
    const answered = await chair.json("POST", `/api/v1/disputes/${pending?.id}/resolution`, {
      outcome: "rejected",
      reason: "The organisation's figures are the sum of its networks'; nothing to change.",
    });
    expect(answered.status).toBe(200);
    expect((await chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/release")).status).toBe(200);
    const late = await isp.json<{ error: { message: string } }>(
      "POST",
      "/api/v1/disputes",
      disputeForm({ awardCycleId: "1", subjectKind: "organisation", subjectId: ORG_AR, text: "too late" }),
    );
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/is released/);
  });
});
