/**
 * E-mail about events, to one subscription: one event at once, or a digest of a day's or a
 * week's. Each message carries a fresh unsubscribe token (alert_unsubscribe_tokens keeps its
 * hash), so any message's one-click link works on its own (ADR 0010).
 */
import { randomToken, tokenHash } from "@atalaya/accounts";
import { type AlertLanguage, type alertSubscriptions, alertUnsubscribeTokens, type Db } from "@atalaya/db";
import { escapeHtml, type RenderedMessage } from "../messages";
import { enqueueMessage } from "../outbox";
import { subscriptionLinks, unsubscribeHeaders } from "../subscriptions";
import { describeEvent } from "./describe";
import type { DeliveryContext, StoredEvent } from "./types";

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;
type Subscription = typeof alertSubscriptions.$inferSelect;

const WORDS = {
  "digest.daily": {
    en: "Atalaya: {count} change(s) today",
    es: "Atalaya: {count} cambio(s) hoy",
    pt: "Atalaya: {count} mudança(s) hoje",
  },
  "digest.weekly": {
    en: "Atalaya: {count} change(s) this week",
    es: "Atalaya: {count} cambio(s) esta semana",
    pt: "Atalaya: {count} mudança(s) nesta semana",
  },
  more: { en: "Details", es: "Detalles", pt: "Detalhes" },
  why: {
    en: "You receive this because you follow it on Atalaya.",
    es: "Recibe esto porque lo sigue en Atalaya.",
    pt: "Você recebe isto porque o acompanha no Atalaya.",
  },
  manage: {
    en: "Change what you receive:",
    es: "Cambiar lo que recibe:",
    pt: "Mudar o que você recebe:",
  },
  unsubscribe: {
    en: "Stop these e-mails:",
    es: "Dejar de recibir estos correos:",
    pt: "Parar de receber estes e-mails:",
  },
} satisfies Record<string, Record<AlertLanguage, string>>;

export type Cadence = "immediate" | "daily" | "weekly";

/** The message for `events` (one when immediate), in the subscription's language. */
export function eventsMessage(input: {
  language: AlertLanguage;
  cadence: Cadence;
  events: StoredEvent[];
  baseUrl: string;
  manageUrl: string;
  unsubscribeUrl: string;
}): RenderedMessage {
  const { language, events, baseUrl } = input;
  const w = (key: keyof typeof WORDS) => WORDS[key][language];
  const described = events.map((e) => ({ event: e, ...describeEvent(e, language) }));
  const subject =
    input.cadence === "immediate"
      ? (described[0]?.title ?? "")
      : w(input.cadence === "daily" ? "digest.daily" : "digest.weekly").replace(
          "{count}",
          String(events.length),
        );
  const text = [
    ...described.flatMap((d) => [
      input.cadence === "immediate" ? null : `* ${d.title}`,
      ...d.details,
      `${w("more")}: ${baseUrl}${d.event.link}`,
      "",
    ]),
    w("why"),
    "--",
    `${w("manage")} ${input.manageUrl}`,
    `${w("unsubscribe")} ${input.unsubscribeUrl}`,
    "",
  ]
    .filter((line) => line !== null)
    .join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
${described
  .map(
    (d) => `<h2 style="font-size: 1.05em">${e(d.title)}</h2>
<ul>${d.details.map((line) => `<li>${e(line)}</li>`).join("")}</ul>
<p><a href="${e(`${baseUrl}${d.event.link}`)}">${e(w("more"))}</a></p>`,
  )
  .join("\n")}
<hr>
<p style="font-size: small">${e(w("why"))} ${e(w("manage"))} <a href="${e(input.manageUrl)}">${e(input.manageUrl)}</a></p>
<p style="font-size: small">${e(w("unsubscribe"))} <a href="${e(input.unsubscribeUrl)}">${e(input.unsubscribeUrl)}</a></p>
</body></html>
`;
  return { subject, text, html };
}

/**
 * The links of one message to a subscription, with a fresh unsubscribe token of its own (kept as
 * its hash): any message's one-click link and manage page work on their own.
 */
export async function messageLinks(
  tx: Pick<Db, "insert">,
  subscriptionId: number,
  ctx: Pick<DeliveryContext, "now" | "baseUrl">,
) {
  const token = randomToken();
  await tx
    .insert(alertUnsubscribeTokens)
    .values({ tokenHash: tokenHash(token), subscriptionId, createdAt: ctx.now });
  return subscriptionLinks(ctx.baseUrl, { unsubscribe: token });
}

/** Queues the message for `events` to `subscription`, with a fresh unsubscribe token; its id. */
export async function enqueueEventsMessage(
  tx: Tx,
  subscription: Subscription,
  events: StoredEvent[],
  cadence: Cadence,
  ctx: DeliveryContext,
): Promise<number> {
  const links = await messageLinks(tx, subscription.id, ctx);
  const rendered = eventsMessage({
    language: subscription.language,
    cadence,
    events,
    baseUrl: ctx.baseUrl,
    manageUrl: links.manage,
    unsubscribeUrl: links.unsubscribePage,
  });
  return enqueueMessage(
    tx,
    {
      kind: cadence === "immediate" ? `event:${events[0]?.kind}` : `digest:${cadence}`,
      to: subscription.email,
      ...rendered,
      headers: unsubscribeHeaders(links.oneClick),
      language: subscription.language,
    },
    { now: ctx.now, mailConfigured: ctx.mailConfigured },
  );
}
