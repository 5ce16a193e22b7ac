/** The final report: PDF or Markdown, size-limited, type-checked by content, refused after the deadline. */
import { createHash } from "node:crypto";
import type { Account } from "@atalaya/accounts";
import { appendAudit } from "@atalaya/audit";
import { type Database, entryReports } from "@atalaya/db";
import { eq } from "drizzle-orm";
import { accessEntry } from "./access";
import { CommitteeError } from "./errors";

export const DEFAULT_REPORT_MAX_BYTES = 10 * 1024 * 1024;

/** The report's media type judged from its bytes and name, or a reason it is refused. */
export function reportType(fileName: string, bytes: Uint8Array): { mediaType: string } | { problem: string } {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".pdf")) {
    const magic = Buffer.from(bytes.subarray(0, 5)).toString("latin1");
    return magic === "%PDF-"
      ? { mediaType: "application/pdf" }
      : { problem: `${fileName} does not start like a PDF file (%PDF-)` };
  }
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
    if (bytes.includes(0)) return { problem: `${fileName} contains NUL bytes: not a Markdown text file` };
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { problem: `${fileName} is not valid UTF-8 text` };
    }
    return { mediaType: "text/markdown; charset=utf-8" };
  }
  return { problem: `${fileName}: the report must be a PDF (.pdf) or Markdown (.md) file` };
}

export async function uploadReport(
  database: Database,
  account: Account,
  entryId: number,
  file: { name: string; bytes: Uint8Array },
  options: { maxBytes: number; now?: Date },
) {
  const { entry, cycle, as } = await accessEntry(database, account, entryId);
  if (as !== "owner")
    throw new CommitteeError("FORBIDDEN", "only the entry's organisation uploads its report");
  const now = options.now ?? new Date();
  if (now.getTime() > cycle.reportDeadlineAt.getTime())
    throw new CommitteeError(
      "CONFLICT",
      `the report deadline of ${cycle.name} was ${cycle.reportDeadlineAt.toISOString()}; uploads are closed`,
    );
  if (file.bytes.length === 0) throw new CommitteeError("BAD_REQUEST", `${file.name} is empty`);
  if (file.bytes.length > options.maxBytes)
    throw new CommitteeError(
      "PAYLOAD_TOO_LARGE",
      `${file.name} is ${file.bytes.length} bytes; the limit is ${options.maxBytes}`,
    );
  const type = reportType(file.name, file.bytes);
  if ("problem" in type) throw new CommitteeError("UNSUPPORTED_MEDIA_TYPE", type.problem);
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const fileName = file.name.replace(/[^\w.\- ]+/g, "_").slice(0, 200);
  const row = {
    entryId: entry.id,
    fileName,
    mediaType: type.mediaType,
    bytes: file.bytes.length,
    sha256,
    content: file.bytes,
    uploadedBy: account.id,
    uploadedAt: now,
  };
  await database.db.transaction(async (tx) => {
    await tx.insert(entryReports).values(row).onConflictDoUpdate({ target: entryReports.entryId, set: row });
    await appendAudit(tx, {
      actorId: account.id,
      action: "report.upload",
      subjectKind: "challenge-entry",
      subjectId: entry.id,
      detail: { fileName, bytes: row.bytes, sha256 },
    });
  });
  return { fileName, mediaType: type.mediaType, bytes: row.bytes, sha256, uploadedAt: now };
}

export async function reportInfo(database: Database, entryId: number) {
  const [row] = await database.db
    .select({
      fileName: entryReports.fileName,
      mediaType: entryReports.mediaType,
      bytes: entryReports.bytes,
      sha256: entryReports.sha256,
      uploadedAt: entryReports.uploadedAt,
    })
    .from(entryReports)
    .where(eq(entryReports.entryId, entryId));
  return row ?? null;
}

export async function reportContent(database: Database, account: Account, entryId: number) {
  await accessEntry(database, account, entryId);
  const [row] = await database.db.select().from(entryReports).where(eq(entryReports.entryId, entryId));
  if (!row) throw new CommitteeError("NOT_FOUND", `entry ${entryId} has no report yet`);
  return row;
}
