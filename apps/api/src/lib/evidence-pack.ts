/**
 * Serving a stored evidence pack (packages/evidence): the sealed data and the audit row that froze
 * it, as the JSON document or as the printable HTML report with the document embedded, in the
 * language asked for. The committee route and the public results route share this.
 */
import type { evidencePack } from "@atalaya/committee";
import {
  type EvidencePack,
  PACK_FORMAT,
  type PackAuditRow,
  type PackData,
  REPORT_LANGUAGES,
  renderReport,
} from "@atalaya/evidence";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ErrorSchema } from "./errors";

export const EvidencePackQuery = z.object({
  lang: z
    .enum(REPORT_LANGUAGES)
    .optional()
    .openapi({ description: "The report's language (default en)", example: "es" }),
  format: z.enum(["html", "json"]).optional().openapi({
    description: "html (default): the printable report with the pack embedded; json: the pack alone",
  }),
});

export const evidencePackResponses = {
  200: {
    description:
      "The pack: text/html (a printable report with the pack embedded as JSON) or application/json. " +
      "`npx atalaya evidence verify FILE` checks either offline.",
    content: {
      "text/html": { schema: z.string() },
      "application/json": { schema: z.record(z.string(), z.unknown()) },
    },
  },
  404: {
    description: "No such pack, or not yours to see",
    content: { "application/json": { schema: ErrorSchema } },
  },
};

type Stored = NonNullable<Awaited<ReturnType<typeof evidencePack>>>;

export function packDocument(stored: Stored): EvidencePack {
  const a = stored.audit;
  const audit: PackAuditRow = {
    id: a.id,
    at: a.at.toISOString(),
    actorId: a.actorId,
    action: a.action,
    subjectKind: a.subjectKind,
    subjectId: a.subjectId,
    detail: a.detail as Record<string, unknown>,
    prevHash: a.prevHash,
    hash: a.hash,
  };
  return { format: PACK_FORMAT, data: JSON.parse(stored.body) as PackData, sha256: stored.sha256, audit };
}

export function sendPack(c: Context, stored: Stored, query: z.infer<typeof EvidencePackQuery>): Response {
  const pack = packDocument(stored);
  const name = `atalaya-evidence-${stored.nominationId}-${stored.stage}`;
  if (query.format === "json")
    return c.body(JSON.stringify(pack, null, 2), 200, {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}.json"`,
    });
  const language = query.lang ?? "en";
  return c.body(renderReport(pack, language), 200, {
    "content-type": "text/html; charset=utf-8",
    "content-disposition": `attachment; filename="${name}-${language}.html"`,
  });
}
