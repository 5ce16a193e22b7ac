/** Schemas of alert subscriptions, shared by the public routes and an ISP's "My networks". */
import type { Subject, SubscriptionView } from "@atalaya/alerts";
import { alertDeliveries, alertEventKinds, alertLanguages, alertSubscriptionStatuses } from "@atalaya/db";
import { z } from "@hono/zod-openapi";

export const EventKindSchema = z.enum(alertEventKinds).openapi("AlertEventKind");
export const DeliverySchema = z.enum(alertDeliveries).openapi("AlertDelivery");
export const LanguageSchema = z.enum(alertLanguages).openapi("AlertLanguage");

export const AsnField = z.number().int().min(0).max(4_294_967_295).openapi({ example: 64496 });
export const OrganisationField = z
  .string()
  .regex(/^[a-z]+:[A-Za-z0-9-]{1,100}$/, "a registry:holder id, e.g. lacnic:900001")
  .openapi({ example: "lacnic:900001" });
export const EventsField = z.array(EventKindSchema).min(1).max(alertEventKinds.length);

/** The choices a subscriber may change; at least one (the handler says so, naming them). */
export const SubscriptionChangesFields = {
  events: EventsField.optional(),
  delivery: DeliverySchema.optional(),
  language: LanguageSchema.optional(),
};

export const SubjectSchema = z
  .object({
    kind: z.enum(["network", "organisation", "economy"]),
    id: z.string().openapi({ description: "The AS number, `registry:holder` or economy code" }),
  })
  .openapi("AlertSubject");

export const SubscriptionSchema = z
  .object({
    status: z.enum(alertSubscriptionStatuses),
    subject: SubjectSchema,
    events: z.array(EventKindSchema),
    delivery: DeliverySchema,
    language: LanguageSchema,
  })
  .openapi("Subscription");

export function subjectBody(subject: Subject) {
  return {
    kind: subject.kind,
    id:
      subject.kind === "network"
        ? String(subject.asn)
        : subject.kind === "organisation"
          ? subject.id
          : subject.cc,
  };
}

export const subscriptionBody = (v: SubscriptionView) => ({
  status: v.status,
  subject: subjectBody(v.subject),
  events: v.events,
  delivery: v.delivery,
  language: v.language,
});
