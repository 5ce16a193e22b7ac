/**
 * Webhook endpoints of ISP accounts and admins (@atalaya/alerts, README "Webhooks"): add one (its
 * secret is in that answer and never again), list, delete, re-enable, read the delivery log,
 * queue a ping. An ISP account sees and changes only its own endpoints (another's answers 404,
 * like a missing one); an admin sees every endpoint.
 */
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  queueWebhookPing,
  type Subject,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from "@atalaya/alerts";
import { alertEventKinds, alertLanguages, webhookDeliveryStatuses, webhookStatuses } from "@atalaya/db";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import { IdParams, iso, isoOrNull } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { authErrorResponses } from "../../lib/errors";
import { subjectFields, subjectFromFields } from "../../lib/subject-fields";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const ROLES: Array<"isp" | "admin"> = ["isp", "admin"];
const TAGS = ["webhooks"];

const NewWebhook = z
  .object({
    url: z.string().max(2000).openapi({ example: "https://noc.isp.example/atalaya-hook" }),
    ...subjectFields,
    events: z.array(z.enum(alertEventKinds)).min(1).max(alertEventKinds.length).optional(),
    language: z.enum(alertLanguages).optional().openapi({
      description: "The language of the e-mail sent if the endpoint is disabled (default en)",
    }),
  })
  .strict()
  .openapi("NewWebhookEndpoint");

const SubjectSchema = z
  .object({ kind: z.enum(["network", "organisation", "economy"]), id: z.string() })
  .nullable()
  .openapi({
    description: "The one network, organisation or economy it follows; null: all the account may see",
  });

const EndpointSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    owner: z.string().openapi({ description: "The e-mail address of the account that added it" }),
    subject: SubjectSchema,
    events: z.array(z.enum(alertEventKinds)),
    language: z.enum(alertLanguages),
    status: z.enum(webhookStatuses),
    consecutiveFailures: z.number().int(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi("WebhookEndpoint");

const AttemptSchema = z.object({
  attemptedAt: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

const DeliverySchema = z
  .object({
    id: z.number().int(),
    type: z.enum([...alertEventKinds, "ping"]),
    eventId: z.number().int().nullable(),
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number().int(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    lastError: z.string().nullable(),
    log: z.array(AttemptSchema),
  })
  .openapi("WebhookDelivery");

const subjectBody = (subject: Subject | null) =>
  subject && {
    kind: subject.kind,
    id:
      subject.kind === "network"
        ? String(subject.asn)
        : subject.kind === "organisation"
          ? subject.id
          : subject.cc,
  };

const endpointBody = (e: WebhookEndpointView) => ({
  ...e,
  subject: subjectBody(e.subject),
  createdAt: iso(e.createdAt),
  disabledAt: isoOrNull(e.disabledAt),
});

const deliveryBody = (d: WebhookDeliveryView) => ({
  ...d,
  createdAt: iso(d.createdAt),
  nextAttemptAt: isoOrNull(d.nextAttemptAt),
  deliveredAt: isoOrNull(d.deliveredAt),
  log: d.log.map((a) => ({ ...a, attemptedAt: iso(a.attemptedAt) })),
});

const routes = {
  list: privateRoute(ROLES, {
    method: "get",
    path: "/",
    tags: TAGS,
    summary: "Webhook endpoints: an ISP account's own; an admin sees every one. Never their secrets.",
    responses: {
      200: {
        description: "Endpoints, newest first",
        content: json(z.object({ data: z.array(EndpointSchema) })),
      },
      ...authErrorResponses,
    },
  }),
  create: privateRoute(ROLES, {
    method: "post",
    path: "/",
    tags: TAGS,
    summary: "Add a webhook endpoint; the answer carries its signing secret, shown this once",
    description:
      "Events are posted as signed JSON (README, Webhooks). Without `asn`, `organisation` or `cc` an ISP " +
      "account's endpoint follows every network and organisation it acts for, an admin's every event. " +
      "An ISP account may name only its own organisations and networks (403 otherwise). `events` " +
      "defaults to every kind the subject can have. At most 10 endpoints an account (409).",
    request: { body: { content: json(NewWebhook), required: true } },
    responses: {
      201: {
        description: "Added",
        content: json(
          z.object({
            data: EndpointSchema.extend({
              secret: z.string().openapi({
                description:
                  "whsec_…: signs every body (Atalaya-Signature). Store it now: it is never shown again.",
              }),
            }),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  remove: privateRoute(ROLES, {
    method: "delete",
    path: "/{id}",
    tags: TAGS,
    summary: "Delete a webhook endpoint with its delivery log",
    request: { params: IdParams },
    responses: {
      204: { description: "Deleted" },
      ...authErrorResponses,
    },
  }),
  enable: privateRoute(ROLES, {
    method: "post",
    path: "/{id}/enable",
    tags: TAGS,
    summary: "Re-enable a disabled endpoint (its count of failures starts again at zero)",
    request: { params: IdParams },
    responses: {
      200: { description: "Active", content: json(z.object({ data: EndpointSchema })) },
      ...authErrorResponses,
    },
  }),
  deliveries: privateRoute(ROLES, {
    method: "get",
    path: "/{id}/deliveries",
    tags: TAGS,
    summary: "An endpoint's delivery log: its 50 newest deliveries, each with every attempt",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Deliveries, newest first",
        content: json(z.object({ data: z.array(DeliverySchema) })),
      },
      ...authErrorResponses,
    },
  }),
  ping: privateRoute(ROLES, {
    method: "post",
    path: "/{id}/ping",
    tags: TAGS,
    summary:
      "Queue a test delivery (type `ping`, no event) to an active endpoint; it is sent within seconds, tried once, and logged",
    request: { params: IdParams },
    responses: {
      202: { description: "Queued", content: json(z.object({ data: DeliverySchema })) },
      ...authErrorResponses,
    },
  }),
};

export const webhookRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.list, async (c) => {
    const endpoints = await listWebhookEndpoints(c.var.services.database, c.var.account);
    return c.json({ data: endpoints.map(endpointBody) }, 200);
  })
  .openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    const { endpoint, secret } = await createWebhookEndpoint(
      c.var.services.database,
      c.var.account,
      {
        url: body.url,
        subject: subjectFromFields(body, false),
        events: body.events,
        language: body.language,
      },
      new Date(),
    );
    return c.json({ data: { ...endpointBody(endpoint), secret } }, 201);
  })
  .openapi(routes.remove, async (c) => {
    await deleteWebhookEndpoint(c.var.services.database, c.var.account, Number(c.req.valid("param").id));
    return c.body(null, 204);
  })
  .openapi(routes.enable, async (c) => {
    const endpoint = await enableWebhookEndpoint(
      c.var.services.database,
      c.var.account,
      Number(c.req.valid("param").id),
    );
    return c.json({ data: endpointBody(endpoint) }, 200);
  })
  .openapi(routes.deliveries, async (c) => {
    const deliveries = await listWebhookDeliveries(
      c.var.services.database,
      c.var.account,
      Number(c.req.valid("param").id),
    );
    return c.json({ data: deliveries.map(deliveryBody) }, 200);
  })
  .openapi(routes.ping, async (c) => {
    const delivery = await queueWebhookPing(
      c.var.services.database,
      c.var.account,
      Number(c.req.valid("param").id),
      new Date(),
    );
    return c.json({ data: deliveryBody(delivery) }, 202);
  });
