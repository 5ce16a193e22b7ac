/**
 * An ISP uploads its own daily traffic totals (`date,ipv4_bytes,ipv6_bytes`) for one of its
 * networks. Same ingest path as `atalaya ingest self-reported`: validated row by row, the whole
 * file refused on any bad row (naming the line), stored as self-reported evidence, audited.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { appendAudit } from "@atalaya/audit";
import { registryQueries } from "@atalaya/db";
import { IngestError, lockKey, runIngest, selfReportedSource } from "@atalaya/ingest";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import type { AppEnv } from "../../lib/context";
import { ApiError, authErrorResponses } from "../../lib/errors";

const route = privateRoute(["isp"], {
  method: "post",
  path: "/{asn}/self-reported",
  tags: ["networks"],
  summary:
    "Upload your network's daily traffic totals (text/csv: date,ipv4_bytes,ipv6_bytes); ISP accounts for their own networks",
  request: {
    params: z.object({
      asn: z
        .string()
        .regex(/^(AS|as)?\d{1,10}$/, "an AS number, e.g. 64496 or AS64496")
        .openapi({ param: { name: "asn", in: "path" }, example: "AS64496" }),
    }),
    body: {
      content: {
        "text/csv": {
          schema: z.string().openapi({ example: "date,ipv4_bytes,ipv6_bytes\n2026-10-01,800,200\n" }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "Stored (or unchanged: the same file again)",
      content: {
        "application/json": {
          schema: z.object({
            data: z.object({
              runId: z.number().int(),
              status: z.enum(["succeeded", "unchanged"]),
              days: z.number().int(),
              cc: z.string(),
            }),
          }),
        },
      },
    },
    ...authErrorResponses,
  },
});

export const selfReportedRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const account = c.var.account;
  const { database, log, uploadDir, inputLimits } = c.var.services;
  const asn = Number(c.req.valid("param").asn.replace(/^as/i, ""));
  const held = await registryQueries.asnHolder(database, asn);
  const organisation = held?.holderId ? `${held.registry}:${held.holderId}` : null;
  if (!account.asns.includes(asn) && !(organisation && account.organisations.includes(organisation)))
    throw new ApiError("FORBIDDEN", `your account does not act for AS${asn}`);
  if (!held?.cc) throw new ApiError("BAD_REQUEST", `AS${asn} has no registry country in Atalaya's data`);
  const type = c.req.header("content-type") ?? "";
  if (!/^text\/(csv|plain)\b/i.test(type))
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the CSV as text/csv (date,ipv4_bytes,ipv6_bytes)");
  // At most CSV_MAX_BYTES: the body limit (lib/body-limit.ts) refused anything larger unread.
  const body = new Uint8Array(await c.req.arrayBuffer());
  const dir = await mkdtemp(path.join(uploadDir ?? tmpdir(), "self-reported-"));
  const file = path.join(dir, `AS${asn}-traffic.csv`);
  try {
    await writeFile(file, body);
    const locked = await database.withLock(lockKey("self-reported"), () =>
      runIngest(
        selfReportedSource(asn, held.cc as string),
        { file },
        {
          database,
          log,
          fetch: { timeoutMs: 1, retries: 0, downloadDir: dir },
          maxRejected: 0,
          // A gzip or bzip2 upload is read like a file given to the CLI: a bomb stops at the limit.
          limits: inputLimits,
        },
      ),
    );
    if (!locked.acquired)
      throw new ApiError("CONFLICT", "another self-reported upload is being stored; try again in a moment");
    const result = locked.value;
    await database.db.transaction((tx) =>
      appendAudit(tx, {
        actorId: account.id,
        action: "self-reported.upload",
        subjectKind: "network",
        subjectId: asn,
        detail: { runId: result.runId, status: result.status, days: result.rows, lastDay: result.dataDate },
      }),
    );
    return c.json(
      { data: { runId: result.runId, status: result.status, days: result.rows, cc: held.cc as string } },
      200,
    );
  } catch (error) {
    if (error instanceof IngestError)
      throw new ApiError("BAD_REQUEST", error.message.replaceAll(file, `AS${asn}-traffic.csv`));
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
