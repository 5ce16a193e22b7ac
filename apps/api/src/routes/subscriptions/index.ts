/**
 * Alert subscriptions by e-mail, with double opt-in (@atalaya/alerts). Subscribing is open to
 * anonymous callers under the same-origin rule of every write (lib/auth.ts); the one-click
 * unsubscribe of RFC 8058 is the one write exempt from it, since mail providers post it from
 * their own servers: its token is what authorises it. The manage page's calls carry a message's
 * unsubscribe token in their JSON body, never in a URL a proxy might log.
 */
import {
  changeSubscriptionByToken,
  confirmSubscription,
  EVENTS_BY_SUBJECT,
  type ManagedSubscriptionView,
  managedSubscription,
  subscribe,
  unsubscribe,
} from "@atalaya/alerts";
import { alertDeliveries, alertLanguages } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { ErrorSchema, errorResponses } from "../../lib/errors";
import { mailLinkBase } from "../../lib/public-origin";
import { subjectFromFields } from "../../lib/subject-fields";
import {
  AsnField,
  DeliverySchema,
  EventKindSchema,
  EventsField,
  LanguageSchema,
  OrganisationField,
  SubscriptionChangesFields,
  SubscriptionSchema,
  subscriptionBody,
} from "./schemas";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const errorContent = json(ErrorSchema);

const NewSubscription = z
  .object({
    email: z.email().max(320).openapi({ example: "noc@isp.example" }),
    asn: AsnField.optional(),
    organisation: OrganisationField.optional(),
    cc: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "a two-letter economy code, e.g. BR")
      .optional(),
    events: EventsField.optional(),
    delivery: DeliverySchema.optional(),
    language: LanguageSchema.optional(),
  })
  .strict()
  .openapi("NewSubscription");

const Token = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "the token from the link");

const ManagedSubscriptionSchema = SubscriptionSchema.extend({
  email: z.string().openapi({ description: "The address the alerts go to" }),
  allowedEvents: z
    .array(EventKindSchema)
    .openapi({ description: "The event kinds that apply to the subject: `events` is chosen among them" }),
}).openapi("ManagedSubscription");

const managedBody = (v: ManagedSubscriptionView) => ({
  ...subscriptionBody(v),
  email: v.email,
  allowedEvents: v.allowedEvents,
});

const TokenBody = z.object({ token: Token }).strict();

const SubscriptionChanges = z
  .object({ token: Token, ...SubscriptionChangesFields })
  .strict()
  .openapi("SubscriptionChangesByToken");

const tokenErrors = {
  404: {
    description: "No subscription has this link (a newer one may have replaced it)",
    content: errorContent,
  },
} as const;

const manageErrors = {
  403: { description: "A cross-site request", content: errorContent },
  ...tokenErrors,
  ...errorResponses,
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
    request: { body: { content: json(TokenBody), required: true } },
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
  choices: createRoute({
    method: "get",
    path: "/choices",
    tags: ["subscriptions"],
    summary:
      "What a subscription may choose: the event kinds that apply to each kind of subject, deliveries, languages",
    responses: {
      200: {
        description: "The choices",
        content: json(
          z.object({
            data: z.object({
              events: z.object({
                network: z.array(EventKindSchema),
                organisation: z.array(EventKindSchema),
                economy: z.array(EventKindSchema),
              }),
              deliveries: z.array(DeliverySchema),
              languages: z.array(LanguageSchema),
            }),
          }),
        ),
      },
      ...errorResponses,
    },
  }),
  manage: createRoute({
    method: "post",
    path: "/manage",
    tags: ["subscriptions"],
    summary:
      "The subscription a message's unsubscribe token names (the manage page's link `/subscriptions/manage#token=…`)",
    description: "The token travels in the body. Reading changes nothing.",
    request: { body: { content: json(TokenBody), required: true } },
    responses: {
      200: { description: "The subscription", content: json(z.object({ data: ManagedSubscriptionSchema })) },
      ...manageErrors,
    },
  }),
  manageUpdate: createRoute({
    method: "post",
    path: "/manage/update",
    tags: ["subscriptions"],
    summary:
      "Change the events, delivery or language of the subscription a message's unsubscribe token names",
    description:
      "Give at least one of `events` (among those that apply to the subject), `delivery` or `language`. " +
      "A cancelled subscription is not changed (409): subscribing again asks the address to confirm.",
    request: { body: { content: json(SubscriptionChanges), required: true } },
    responses: {
      200: { description: "Changed", content: json(z.object({ data: ManagedSubscriptionSchema })) },
      409: { description: "The subscription was cancelled", content: errorContent },
      ...manageErrors,
    },
  }),
  manageUnsubscribe: createRoute({
    method: "post",
    path: "/manage/unsubscribe",
    tags: ["subscriptions"],
    summary:
      "Cancel the subscription a message's unsubscribe token names, from the manage page (again: the same answer)",
    request: { body: { content: json(TokenBody), required: true } },
    responses: {
      200: { description: "Unsubscribed", content: json(z.object({ data: ManagedSubscriptionSchema })) },
      ...manageErrors,
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
  })
  .openapi(routes.choices, (c) =>
    c.json(
      {
        data: {
          events: {
            network: [...EVENTS_BY_SUBJECT.network],
            organisation: [...EVENTS_BY_SUBJECT.organisation],
            economy: [...EVENTS_BY_SUBJECT.economy],
          },
          deliveries: [...alertDeliveries],
          languages: [...alertLanguages],
        },
      },
      200,
    ),
  )
  .openapi(routes.manage, async (c) => {
    const view = await managedSubscription(c.var.services.database, c.req.valid("json").token);
    return c.json({ data: managedBody(view) }, 200);
  })
  .openapi(routes.manageUpdate, async (c) => {
    const { token, ...changes } = c.req.valid("json");
    const view = await changeSubscriptionByToken(c.var.services.database, token, changes);
    return c.json({ data: managedBody(view) }, 200);
  })
  .openapi(routes.manageUnsubscribe, async (c) => {
    const { database } = c.var.services;
    const { token } = c.req.valid("json");
    await unsubscribe(database, token, new Date());
    return c.json({ data: managedBody(await managedSubscription(database, token)) }, 200);
  });
