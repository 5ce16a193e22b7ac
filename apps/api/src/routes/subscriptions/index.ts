/**
 * Alert subscriptions by e-mail, with double opt-in (@atalaya/alerts). Subscribing is open to
 * anonymous callers under the same-origin rule of every write (lib/auth.ts); the one-click
 * unsubscribe of RFC 8058 is the one write exempt from it, since mail providers post it from
 * their own servers: its token is what authorises it.
 */
import { confirmSubscription, subscribe, unsubscribe } from "@atalaya/alerts";
import { alertDeliveries, alertEventKinds, alertLanguages } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { ErrorSchema, errorResponses } from "../../lib/errors";
import { mailLinkBase } from "../../lib/public-origin";
import { subjectFields, subjectFromFields } from "../../lib/subject-fields";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const errorContent = json(ErrorSchema);

const NewSubscription = z
  .object({
    email: z.email().max(320).openapi({ example: "noc@isp.example" }),
    ...subjectFields,
    events: z.array(z.enum(alertEventKinds)).min(1).max(alertEventKinds.length).optional(),
    delivery: z.enum(alertDeliveries).optional(),
    language: z.enum(alertLanguages).optional(),
  })
  .strict()
  .openapi("NewSubscription");

const Token = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "the token from the link");

const SubscriptionSchema = z
  .object({
    status: z.enum(["pending", "active", "unsubscribed"]),
    subject: z.object({
      kind: z.enum(["network", "organisation", "economy"]),
      /** The AS number, `registry:holder` or economy code. */
      id: z.string(),
    }),
    events: z.array(z.enum(alertEventKinds)),
    delivery: z.enum(alertDeliveries),
    language: z.enum(alertLanguages),
  })
  .openapi("Subscription");

type View = Awaited<ReturnType<typeof confirmSubscription>>;
const subscriptionBody = (v: View) => ({
  status: v.status,
  subject: {
    kind: v.subject.kind,
    id:
      v.subject.kind === "network"
        ? String(v.subject.asn)
        : v.subject.kind === "organisation"
          ? v.subject.id
          : v.subject.cc,
  },
  events: v.events,
  delivery: v.delivery,
  language: v.language,
});

const tokenErrors = {
  404: {
    description: "No subscription has this link (a newer one may have replaced it)",
    content: errorContent,
  },
} as const;

const routes = {
  subscribe: createRoute({
    method: "post",
    path: "/",
    tags: ["subscriptions"],
    summary:
      "Subscribe an address to a network's, an organisation's or an economy's alerts; a confirmation e-mail is sent (double opt-in)",
    description:
      "Give exactly one of `asn`, `organisation` or `cc`. `events` defaults to every kind that applies to the subject. " +
      "The answer is the same whether or not the address already follows the subject.",
    request: { body: { content: json(NewSubscription), required: true } },
    responses: {
      202: {
        description:
          "Accepted: a confirmation link is on its way unless the address already follows the subject",
        content: json(z.object({ data: z.object({ status: z.literal("accepted") }) })),
      },
      403: { description: "A cross-site request", content: errorContent },
      503: {
        description:
          "No address to put in the link: ATALAYA_PUBLIC_URL is unset and the request did not come over loopback",
        content: errorContent,
      },
      ...errorResponses,
    },
  }),
  confirm: createRoute({
    method: "post",
    path: "/confirm",
    tags: ["subscriptions"],
    summary: "Activate a subscription with the token of its confirmation link (again: the same answer)",
    request: { body: { content: json(z.object({ token: Token }).strict()), required: true } },
    responses: {
      200: { description: "Active", content: json(z.object({ data: SubscriptionSchema })) },
      403: { description: "A cross-site request", content: errorContent },
      ...tokenErrors,
      ...errorResponses,
    },
  }),
  unsubscribe: createRoute({
    method: "post",
    path: "/unsubscribe",
    tags: ["subscriptions"],
    summary:
      "One-click unsubscribe (RFC 8058): the URL of a message's List-Unsubscribe header, posted `List-Unsubscribe=One-Click`",
    description:
      "Exempt from the same-origin rule: mail providers post it from their servers. The token authorises it.",
    request: {
      query: z.object({ token: Token }),
      body: {
        content: {
          "application/x-www-form-urlencoded": {
            schema: z.object({ "List-Unsubscribe": z.literal("One-Click") }),
          },
        },
        required: true,
      },
    },
    responses: {
      200: { description: "Unsubscribed", content: json(z.object({ data: SubscriptionSchema })) },
      ...tokenErrors,
      ...errorResponses,
    },
  }),
};

export const subscriptionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.subscribe, async (c) => {
    const body = c.req.valid("json");
    const subject = subjectFromFields(body, true);
    const { database, mailConfigured } = c.var.services;
    await subscribe(
      database,
      { email: body.email, subject, events: body.events, delivery: body.delivery, language: body.language },
      { now: new Date(), baseUrl: mailLinkBase(c), mailConfigured },
    );
    return c.json({ data: { status: "accepted" as const } }, 202);
  })
  .openapi(routes.confirm, async (c) => {
    const view = await confirmSubscription(c.var.services.database, c.req.valid("json").token, new Date());
    return c.json({ data: subscriptionBody(view) }, 200);
  })
  .openapi(routes.unsubscribe, async (c) => {
    const view = await unsubscribe(c.var.services.database, c.req.valid("query").token, new Date());
    return c.json({ data: subscriptionBody(view) }, 200);
  });
