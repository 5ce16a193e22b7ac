/**
 * "My networks" of an ISP account: the organisations and networks it acts for with their Jim
 * Bound state (from the cached board: no per-network query), and the alert subscriptions on
 * them, which it lists, adds, changes and removes (@atalaya/alerts, audited there). An account
 * sees and changes nothing on subjects it does not act for.
 */
import {
  type AccountSubscriptionView,
  accountScope,
  accountSubscriptions,
  addAccountSubscription,
  changeAccountSubscription,
  removeAccountSubscription,
  type Subject,
} from "@atalaya/alerts";
import { registryQueries } from "@atalaya/db";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import { resolveParameters } from "../../lib/award-params";
import type { NetworkRow } from "../../lib/board";
import { IdParams, iso, isoOrNull } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, authErrorResponses, ErrorSchema } from "../../lib/errors";
import { mailLinkBase } from "../../lib/public-origin";
import { networkOf, providerOf } from "../../lib/standing";
import { StateSchema } from "../awards/schemas";
import {
  AsnField,
  DeliverySchema,
  EventKindSchema,
  LanguageSchema,
  OrganisationField,
  SubjectSchema,
  SubscriptionChangesFields,
  subjectBody,
} from "../subscriptions/schemas";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const errorContent = json(ErrorSchema);

const standingFields = {
  name: z.string().nullable(),
  cc: z.string().nullable().openapi({ description: "Registry country" }),
  // Inline rather than the named EligibilityState: a null beside a $ref would document neither.
  state: z.enum(StateSchema.options).nullable().openapi({
    description:
      "The Jim Bound state on the current board; null: not on the board (not a LACNIC-region network)",
  }),
  share: z.number().nullable().openapi({ description: "Pooled share over the window (0–1)" }),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
};

const MyNetworksSchema = z
  .object({
    data: z.object({
      organisations: z.array(
        z.object({
          id: z.string().openapi({ example: "lacnic:900001" }),
          ...standingFields,
          asns: z.array(z.number().int()).openapi({ description: "The networks it holds" }),
        }),
      ),
      networks: z.array(
        z.object({
          asn: z.number().int(),
          ...standingFields,
          organisationId: z.string().nullable().openapi({
            description: "The account's organisation that holds it; null: bound to the ASN itself",
          }),
        }),
      ),
    }),
    meta: MetaSchema,
  })
  .openapi("MyNetworks");

const MySubscriptionSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    subject: SubjectSchema,
    events: z.array(EventKindSchema),
    delivery: DeliverySchema,
    language: LanguageSchema,
    status: z.enum(["pending", "active", "unsubscribed"]).openapi({
      description: "pending: waiting for the address to confirm; unsubscribed: the address stopped it",
    }),
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
  })
  .openapi("MySubscription");

const NewMySubscription = z
  .object({
    email: z.email().max(320).openapi({ example: "noc@isp.example" }),
    asn: AsnField.optional(),
    organisation: OrganisationField.optional(),
    ...SubscriptionChangesFields,
  })
  .strict()
  .openapi("NewMySubscription");

const MySubscriptionChanges = z.object(SubscriptionChangesFields).strict().openapi("MySubscriptionChanges");

const mySubscriptionBody = (v: AccountSubscriptionView) => ({
  id: v.id,
  email: v.email,
  subject: subjectBody(v.subject),
  events: v.events,
  delivery: v.delivery,
  language: v.language,
  status: v.status,
  createdAt: iso(v.createdAt),
  confirmedAt: isoOrNull(v.confirmedAt),
});

const one = json(z.object({ data: MySubscriptionSchema }));

const routes = {
  networks: privateRoute(["isp"], {
    method: "get",
    path: "/networks",
    tags: ["my networks"],
    summary:
      "The organisations and networks this ISP account acts for, each with its Jim Bound state on the current board",
    responses: {
      200: { description: "Its organisations and networks", content: json(MyNetworksSchema) },
      ...authErrorResponses,
    },
  }),
  list: privateRoute(["isp"], {
    method: "get",
    path: "/subscriptions",
    tags: ["my networks"],
    summary: "The alert subscriptions on the organisations and networks this ISP account acts for",
    responses: {
      200: {
        description: "By subject, then address",
        content: json(z.object({ data: z.array(MySubscriptionSchema) })),
      },
      ...authErrorResponses,
    },
  }),
  add: privateRoute(["isp"], {
    method: "post",
    path: "/subscriptions",
    tags: ["my networks"],
    summary:
      "Subscribe an address to one of your organisations or networks: yours is active at once, another gets a confirmation e-mail",
    description:
      "Give exactly one of `asn` or `organisation`, one the account acts for. `events` defaults to every kind that " +
      "applies to the subject, `delivery` to immediate, `language` to en.",
    request: { body: { content: json(NewMySubscription), required: true } },
    responses: {
      201: {
        description: "Added (pending its confirmation unless it is the account's address)",
        content: one,
      },
      429: { description: "The address was sent its confirmations for the day", content: errorContent },
      503: {
        description: "No address to put in the confirmation link: ATALAYA_PUBLIC_URL is unset",
        content: errorContent,
      },
      ...authErrorResponses,
    },
  }),
  change: privateRoute(["isp"], {
    method: "patch",
    path: "/subscriptions/{id}",
    tags: ["my networks"],
    summary: "Change the events, delivery or language of a subscription on your organisations or networks",
    request: { params: IdParams, body: { content: json(MySubscriptionChanges), required: true } },
    responses: { 200: { description: "Changed", content: one }, ...authErrorResponses },
  }),
  remove: privateRoute(["isp"], {
    method: "delete",
    path: "/subscriptions/{id}",
    tags: ["my networks"],
    summary: "Remove a subscription on your organisations or networks (the address gets nothing more)",
    request: { params: IdParams },
    responses: {
      200: { description: "Removed: the subscription as it was", content: one },
      ...authErrorResponses,
    },
  }),
};

function subjectOf(body: z.infer<typeof NewMySubscription>): Subject {
  if ((body.asn === undefined) === (body.organisation === undefined))
    throw new ApiError("BAD_REQUEST", "give exactly one of asn or organisation: the subject to follow");
  return body.asn !== undefined
    ? { kind: "network", asn: body.asn }
    : { kind: "organisation", id: body.organisation as string };
}

/** A board row's state and share; all null for a subject off the board. */
const standingOf = (row: Pick<NetworkRow, "state" | "share" | "lo" | "hi"> | null) => ({
  state: row?.state ?? null,
  share: row?.share ?? null,
  lo: row?.lo ?? null,
  hi: row?.hi ?? null,
});

export const myRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.networks, async (c) => {
    const { database, dataset, boards } = c.var.services;
    const account = c.var.account;
    const { meta, version } = await dataset.state();
    const resolved = await resolveParameters(database, {}, version);
    const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
    // One indexed query for what the organisations hold; states and names come from the board.
    const held = await registryQueries.holderAsns(database, account.organisations);
    const holderOf = new Map<number, string | null>(account.asns.map((asn) => [asn, null]));
    for (const h of held) if (!holderOf.has(h.asn)) holderOf.set(h.asn, h.organisationId);
    const organisations = account.organisations.map((id) => {
      const row = providerOf(board, id);
      return {
        id,
        name: row?.name ?? null,
        cc: row?.cc ?? null,
        ...standingOf(row),
        asns: held.filter((h) => h.organisationId === id).map((h) => h.asn),
      };
    });
    const networks = [...holderOf.entries()]
      .sort(([a], [b]) => a - b)
      .map(([asn, organisationId]) => {
        const row = networkOf(board, asn);
        return { asn, name: row?.name ?? null, cc: row?.cc ?? null, ...standingOf(row), organisationId };
      });
    return c.json({ data: { organisations, networks }, meta }, 200);
  })
  .openapi(routes.list, async (c) => {
    const { database } = c.var.services;
    const scope = await accountScope(database, c.var.account);
    const rows = await accountSubscriptions(database, scope);
    return c.json({ data: rows.map(mySubscriptionBody) }, 200);
  })
  .openapi(routes.add, async (c) => {
    const { database, mailConfigured } = c.var.services;
    const account = c.var.account;
    const body = c.req.valid("json");
    const subject = subjectOf(body);
    const scope = await accountScope(database, account);
    const added = await addAccountSubscription(
      database,
      scope,
      { id: account.id, email: account.email },
      { email: body.email, subject, events: body.events, delivery: body.delivery, language: body.language },
      { now: new Date(), baseUrl: mailLinkBase(c), mailConfigured },
    );
    return c.json({ data: mySubscriptionBody(added) }, 201);
  })
  .openapi(routes.change, async (c) => {
    const { database } = c.var.services;
    const scope = await accountScope(database, c.var.account);
    const changed = await changeAccountSubscription(
      database,
      scope,
      c.var.account.id,
      Number(c.req.valid("param").id),
      c.req.valid("json"),
    );
    return c.json({ data: mySubscriptionBody(changed) }, 200);
  })
  .openapi(routes.remove, async (c) => {
    const { database } = c.var.services;
    const scope = await accountScope(database, c.var.account);
    const removed = await removeAccountSubscription(
      database,
      scope,
      c.var.account.id,
      Number(c.req.valid("param").id),
    );
    return c.json({ data: mySubscriptionBody(removed) }, 200);
  });
