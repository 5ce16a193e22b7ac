/**
 * Evidence packs end to end, on both engines: the chair nominates a network whose ISP-reported
 * traffic disagrees with APNIC, decides and releases; the committee downloads the packs (HTML in
 * Spanish, JSON), `atalaya evidence verify` accepts them offline and names what is wrong in
 * tampered copies (a count, a parameter, a hash, the printed report). Who may download what:
 * anonymous 401, an ISP 403, a conflicted member 404, the public only released decisions.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "@atalaya/audit/chain";
import { verifyEvidenceFile } from "@atalaya/cli/evidence-command";
import { type EvidencePack, renderReport, sha256Hex } from "@atalaya/evidence";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Harness, ORG_AR, openHarness } from "../helpers/committee";
import { targets } from "../helpers/databases";
import { tempDir } from "../helpers/ingest";
import { REPO_ROOT } from "../helpers/shared-data";

const DISAGREEING = "64497";

describe.each(targets)("evidence packs on $name", (target) => {
  let h: Harness;
  let chair: Client;
  let member: Client;
  let conflicted: Client;
  let isp: Client;
  let nomination: number;
  const dir = tempDir();

  /** What the verifier prints, and its exit code. */
  const verify = async (file: string) => {
    const lines: string[] = [];
    const code = await verifyEvidenceFile(file, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, text: lines.join("\n") };
  };
  const download = async (client: Client, url: string) => {
    const res = await client.request("GET", url);
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    h = await openHarness(target);
    chair = await h.addUser({ email: "chair@atalaya.example", role: "committee", isChair: true });
    member = await h.addUser({ email: "member@atalaya.example", role: "committee" });
    conflicted = await h.addUser({ email: "ar@atalaya.example", role: "committee", organisations: [ORG_AR] });
    isp = await h.addUser({ email: "noc@isp-ar.example", role: "isp", organisations: [ORG_AR] });
    const nominated = await chair.json<{ data: { id: number } }>(
      "POST",
      "/api/v1/committee/jim-bound/cycles/1/nominations",
      { kind: "network", id: DISAGREEING },
    );
    expect(nominated.status).toBe(201);
    nomination = nominated.body.data.id;
  }, 300_000);
  afterAll(async () => h?.dispose());

  const packUrl = (stage: string, query = "") =>
    `/api/v1/committee/jim-bound/nominations/${nomination}/evidence-pack/${stage}${query}`;

  it("offers the nomination's pack as a printable report that verifies offline", async () => {
    const res = await download(member, packUrl("nomination", "?lang=es"));
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/html; charset=utf-8");
    expect(res.text).toContain("<h1>Paquete de evidencia: ");
    expect(res.text).toContain("Las fuentes discrepan</th><td>sí");
    const checked = await verify(write("nomination-es.html", res.text));
    expect(checked.text).toMatch(
      /^verified: eligible — .* \(network 64497\), cycle Demo 2026, method jim-bound\/2, nomination frozen /,
    );
    expect(checked.code).toBe(0);
  });

  it("holds the raw daily counts of every source, the runs and the audit row that froze it", async () => {
    const res = await download(member, packUrl("nomination", "?format=json"));
    const pack = JSON.parse(res.text) as EvidencePack;
    const sources = new Set(pack.data.counts.map((r) => r[0]));
    expect([...sources].sort()).toEqual(["apnic", "self-reported"]);
    expect(pack.data.counts.filter((r) => r[0] === "apnic")).toHaveLength(30);
    expect(pack.data.result).toMatchObject({ state: "eligible", sourcesDisagree: true });
    expect(pack.data.result.otherSources).toEqual([
      expect.objectContaining({ source: "self-reported", agrees: false }),
    ]);
    expect(pack.data.runs.map((r) => r.source)).toEqual(expect.arrayContaining(["apnic", "delegated"]));
    expect(pack.sha256).toBe(sha256Hex(canonicalJson(pack.data)));
    expect(pack.audit).toMatchObject({ action: "jim-bound.nominate", detail: { packSha256: pack.sha256 } });
    expect((await verify(write("nomination.json", res.text))).code).toBe(0);
  });

  it("refuses a changed count, a changed parameter, a changed hash and an edited report, naming each", async () => {
    const original = JSON.parse(
      (await download(member, packUrl("nomination", "?format=json"))).text,
    ) as EvidencePack;
    const copy = () => structuredClone(original);

    const count = copy();
    (count.data.counts[0] as [string, number, string, string, number, number])[5] += 500;
    let checked = await verify(write("count.json", JSON.stringify(count)));
    expect(checked.code).toBe(1);
    expect(checked.text).toContain("sha256: the pack's data hashes to");

    // The same change with the pack's hash recomputed: the audit row no longer records it.
    count.sha256 = sha256Hex(canonicalJson(count.data));
    checked = await verify(write("count-rehashed.json", JSON.stringify(count)));
    expect(checked.code).toBe(1);
    expect(checked.text).toContain(`audit: row ${original.audit.id} records pack ${original.sha256}`);
    expect(checked.text).toMatch(/result\.share: the pack says .*, its counts give/);

    const threshold = copy();
    threshold.data.parameters.threshold = 0.4;
    checked = await verify(write("threshold.json", JSON.stringify(threshold)));
    expect(checked.code).toBe(1);
    expect(checked.text).toContain("state: the pack says eligible, its counts give below");

    const hash = copy();
    hash.audit.hash = `${"0".repeat(63)}1`;
    checked = await verify(write("hash.json", JSON.stringify(hash)));
    expect(checked.code).toBe(1);
    expect(checked.text).toContain(`audit: row ${original.audit.id}'s content hashes to`);

    const report = renderReport(original, "en").replace(
      /<strong>eligible<\/strong>/,
      "<strong>below</strong>",
    );
    checked = await verify(write("edited.html", report));
    expect(checked.code).toBe(1);
    expect(checked.text).toContain("report: the printed report is not what the pack's data renders to");
  });

  it("runs as the atalaya command: exit 0 and the state, exit 1 and the problem", async () => {
    const good = write("cli.html", (await download(member, packUrl("nomination"))).text);
    const bad = write("cli-bad.json", '{"format": "atalaya-evidence-pack/1", "data": {}}');
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, "packages/cli/bin/atalaya.js"), "evidence", "verify", file],
        {
          encoding: "utf8",
          timeout: 120_000,
        },
      );
    const ok = run(good);
    expect(ok.stdout).toMatch(/^verified: eligible/);
    expect(ok.status).toBe(0);
    const refused = run(bad);
    expect(refused.stderr).toContain(`not verified: ${bad}`);
    expect(refused.status).toBe(1);
  });

  it("keeps packs from those who may not see them", async () => {
    expect((await download(h.anonymous(), packUrl("nomination"))).status).toBe(401);
    expect((await download(isp, packUrl("nomination"))).status).toBe(403);
    const hidden = await download(conflicted, packUrl("nomination"));
    const missing = await download(
      member,
      `/api/v1/committee/jim-bound/nominations/999999/evidence-pack/nomination`,
    );
    expect(hidden.status).toBe(404);
    // The same answer as for a nomination that does not exist, but for its number.
    const message = (text: string) => {
      const { code, message } = (JSON.parse(text) as { error: { code: string; message: string } }).error;
      return { code, message };
    };
    expect(message(hidden.text)).toEqual({
      ...message(missing.text),
      message: message(missing.text).message.replace("999999", String(nomination)),
    });
    expect((await download(member, packUrl("decision"))).status).toBe(404);
    expect((await download(h.anonymous(), `/api/v1/results/jim-bound/1/evidence/${nomination}`)).status).toBe(
      404,
    );
  });

  it("freezes a second pack at the decision, published with the results once released", async () => {
    const decided = await chair.json(
      "POST",
      `/api/v1/committee/jim-bound/nominations/${nomination}/decision`,
      {
        outcome: "awarded",
        note: "Above the line; the ISP's own traffic is lower, noted.",
      },
    );
    expect(decided.status).toBe(200);
    const decision = await download(member, packUrl("decision", "?format=json"));
    expect(decision.status).toBe(200);
    const pack = JSON.parse(decision.text) as EvidencePack;
    expect(pack.data.stage).toBe("decision");
    expect(pack.audit.action).toMatch(/^jim-bound\.decide/);
    expect((await verify(write("decision.json", decision.text))).code).toBe(0);
    expect((await chair.json("POST", "/api/v1/committee/jim-bound/cycles/1/release")).status).toBe(200);
    const results = await h
      .anonymous()
      .json<{ data: { awarded: Array<{ nominationId: number }> } }>("GET", "/api/v1/results/jim-bound/1");
    expect(results.body.data.awarded.map((a) => a.nominationId)).toContain(nomination);
    const published = await download(
      h.anonymous(),
      `/api/v1/results/jim-bound/1/evidence/${nomination}?lang=pt`,
    );
    expect(published.status).toBe(200);
    expect(published.text).toContain("<h1>Pacote de evidências: ");
    expect((await verify(write("published-pt.html", published.text))).code).toBe(0);
  });
});
