/**
 * The IPv6 Challenge for entrants: cycles (public calendar), registering an entry, declared
 * services, the checks timeline (scheduled and on demand), and the final report.
 */
import {
  accessEntry,
  addService,
  checkTimeline,
  type Entry,
  entryDetails,
  listCycles,
  registerEntry,
  releaseCycle,
  reportContent,
  reportInfo,
  runChecksOnDemand,
  uploadReport,
  visibleEntries,
} from "@atalaya/committee";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import {
  CheckSchema,
  CycleSchema,
  EntrySchema,
  IdParams,
  iso,
  ServiceKindSchema,
} from "../../lib/committee-schemas";
import type { AppEnv, Services } from "../../lib/context";
import { cycleBody } from "../../lib/cycle-body";
import { ApiError, authErrorResponses, errorResponses } from "../../lib/errors";
import { singleLine } from "../../lib/params";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const Service = z.object({ kind: ServiceKindSchema, host: singleLine(300).min(1) }).strict();
const NewEntry = z
  .object({
    cycleId: z.number().int(),
    organisationId: singleLine(100),
    name: singleLine(200).optional(),
    asns: z.array(z.number().int()).min(1).max(200),
    contacts: z
      .array(z.object({ name: singleLine(200).min(1), email: z.email().max(320) }).strict())
      .min(1)
      .max(10),
    services: z.array(Service).min(1).max(50),
  })
  .strict()
  .openapi("NewChallengeEntry");

async function entryBody(services: Services, entry: Entry, access: "owner" | "reviewer" | "admin") {
  const details = await entryDetails(services.database, entry);
  const report = await reportInfo(services.database, entry.id);
  return {
    ...details,
    createdAt: iso(details.createdAt),
    report: report ? { ...report, uploadedAt: iso(report.uploadedAt) } : null,
    access,
  };
}

const routes = {
  cycles: createRoute({
    method: "get",
    path: "/cycles",
    tags: ["challenge"],
    summary: "Challenge cycles and their calendars (public)",
    responses: {
      200: { description: "Cycles", content: json(z.object({ data: z.array(CycleSchema) })) },
      ...errorResponses,
    },
  }),
  cycleEntries: privateRoute([], {
    method: "get",
    path: "/cycles/{id}/entries",
    tags: ["challenge"],
    summary: "Entries of a cycle this account may see (own, without conflict, or all for admins)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Entries",
        content: json(
          z.object({
            data: z.array(
              z.object({
                id: z.number().int(),
                name: z.string(),
                organisationId: z.string(),
                cc: z.string().nullable(),
              }),
            ),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  register: privateRoute(["isp"], {
    method: "post",
    path: "/entries",
    tags: ["challenge"],
    summary: "Register the organisation's entry during the registration period (ISP accounts)",
    request: { body: { content: json(NewEntry), required: true } },
    responses: {
      201: { description: "Registered", content: json(z.object({ data: EntrySchema })) },
      ...authErrorResponses,
    },
  }),
  entry: privateRoute([], {
    method: "get",
    path: "/entries/{id}",
    tags: ["challenge"],
    summary: "One entry: ASNs, contacts, services, report",
    request: { params: IdParams },
    responses: {
      200: { description: "The entry", content: json(z.object({ data: EntrySchema })) },
      ...authErrorResponses,
    },
  }),
  addService: privateRoute(["isp"], {
    method: "post",
    path: "/entries/{id}/services",
    tags: ["challenge"],
    summary: "Declare another service while the deployment window is open",
    request: { params: IdParams, body: { content: json(Service), required: true } },
    responses: {
      201: {
        description: "Declared",
        content: json(
          z.object({ data: z.object({ id: z.number().int(), kind: ServiceKindSchema, host: z.string() }) }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  checks: privateRoute([], {
    method: "get",
    path: "/entries/{id}/checks",
    tags: ["challenge"],
    summary: "The entry's check history, newest first",
    request: { params: IdParams },
    responses: {
      200: { description: "Timeline", content: json(z.object({ data: z.array(CheckSchema) })) },
      ...authErrorResponses,
    },
  }),
  runChecks: privateRoute(["isp", "admin"], {
    method: "post",
    path: "/entries/{id}/checks",
    tags: ["challenge"],
    summary: "Check every declared service now (the entry's organisation or an admin)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Checked",
        content: json(z.object({ data: z.object({ results: z.number().int() }) })),
      },
      ...authErrorResponses,
    },
  }),
  upload: privateRoute(["isp"], {
    method: "put",
    path: "/entries/{id}/report",
    tags: ["challenge"],
    summary: "Upload the final report (multipart field `file`, PDF or Markdown) before the deadline",
    request: {
      params: IdParams,
      body: {
        content: {
          "multipart/form-data": {
            schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }),
          },
        },
        required: true,
      },
    },
    responses: {
      200: {
        description: "Stored",
        content: json(
          z.object({
            data: z.object({
              fileName: z.string(),
              mediaType: z.string(),
              bytes: z.number().int(),
              sha256: z.string(),
              uploadedAt: z.string(),
            }),
          }),
        ),
      },
      ...authErrorResponses,
      413: { description: "Larger than the configured limit", content: json(z.object({ error: z.any() })) },
      415: { description: "Neither a PDF nor a Markdown file", content: json(z.object({ error: z.any() })) },
    },
  }),
  download: privateRoute([], {
    method: "get",
    path: "/entries/{id}/report",
    tags: ["challenge"],
    summary: "Download the report (the entry's organisation, reviewers without conflict, admins)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "The file",
        content: {
          "application/octet-stream": { schema: z.any().openapi({ type: "string", format: "binary" }) },
        },
      },
      ...authErrorResponses,
    },
  }),
  release: privateRoute(["chair", "admin"], {
    method: "post",
    path: "/cycles/{id}/release",
    tags: ["challenge"],
    summary: "Publish a cycle's results (chair or admin, on or after its release date)",
    request: { params: IdParams },
    responses: {
      200: { description: "Released", content: json(z.object({ data: CycleSchema })) },
      ...authErrorResponses,
    },
  }),
};

export const challengeRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.cycles, async (c) => {
    const cycles = await listCycles(c.var.services.database);
    return c.json({ data: cycles.map((cycle) => cycleBody(cycle)) }, 200);
  })
  .openapi(routes.cycleEntries, async (c) => {
    const account = c.var.account;
    const entries = await visibleEntries(c.var.services.database, account, Number(c.req.valid("param").id));
    return c.json(
      { data: entries.map((e) => ({ id: e.id, name: e.name, organisationId: e.organisationId, cc: e.cc })) },
      200,
    );
  })
  .openapi(routes.register, async (c) => {
    const account = c.var.account;
    const entry = await registerEntry(c.var.services.database, account, c.req.valid("json"));
    return c.json({ data: await entryBody(c.var.services, entry, "owner") }, 201);
  })
  .openapi(routes.entry, async (c) => {
    const account = c.var.account;
    const id = Number(c.req.valid("param").id);
    const { entry, as } = await accessEntry(c.var.services.database, account, id);
    return c.json({ data: await entryBody(c.var.services, entry, as) }, 200);
  })
  .openapi(routes.addService, async (c) => {
    const account = c.var.account;
    const { entry } = await accessEntry(c.var.services.database, account, Number(c.req.valid("param").id));
    const row = await addService(c.var.services.database, account, entry, c.req.valid("json"));
    return c.json({ data: { id: row.id, kind: row.kind, host: row.host } }, 201);
  })
  .openapi(routes.checks, async (c) => {
    const account = c.var.account;
    const id = Number(c.req.valid("param").id);
    await accessEntry(c.var.services.database, account, id);
    const rows = await checkTimeline(c.var.services.database, id);
    return c.json({ data: rows.map((r) => ({ ...r, checkedAt: iso(r.checkedAt) })) }, 200);
  })
  .openapi(routes.runChecks, async (c) => {
    const account = c.var.account;
    const id = Number(c.req.valid("param").id);
    await accessEntry(c.var.services.database, account, id);
    const results = await runChecksOnDemand(c.var.services.database, id, c.var.services.checkSettings);
    return c.json({ data: { results } }, 200);
  })
  .openapi(routes.upload, async (c) => {
    const account = c.var.account;
    const id = Number(c.req.valid("param").id);
    const { reportMaxBytes, database } = c.var.services;
    // The body limit (lib/body-limit.ts) refused an upload past the report limit, unread.
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new ApiError("BAD_REQUEST", "file: send the report as multipart field `file`");
    const stored = await uploadReport(
      database,
      account,
      id,
      { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      { maxBytes: reportMaxBytes },
    );
    return c.json({ data: { ...stored, uploadedAt: iso(stored.uploadedAt) } }, 200);
  })
  .openapi(routes.download, async (c) => {
    const account = c.var.account;
    const report = await reportContent(c.var.services.database, account, Number(c.req.valid("param").id));
    return c.body(Buffer.from(report.content), 200, {
      "content-type": report.mediaType,
      "content-disposition": `attachment; filename="${report.fileName}"`,
      "x-content-type-options": "nosniff",
    }) as never;
  })
  .openapi(routes.release, async (c) => {
    const account = c.var.account;
    const cycle = await releaseCycle(c.var.services.database, Number(c.req.valid("param").id), account);
    return c.json({ data: cycleBody(cycle) }, 200);
  });
