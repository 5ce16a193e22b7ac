/**
 * The rule that disables an endpoint, and what disabling does. An endpoint is disabled when
 * DISABLE_AFTER_FAILED_DELIVERIES event deliveries in a row failed for good (each after its day
 * of retries: backoff.ts); a delivered event resets the count, pings count neither way. A dead
 * endpoint is therefore disabled a day after the fifth event it missed, and one that fails now
 * and then never is. Disabling fails its pending deliveries (events while disabled are not
 * sent, not even after re-enabling) and queues an e-mail to its owner in the same transaction.
 */
import { type AlertLanguage, type Db, users, webhookDeliveries, webhookEndpoints } from "@atalaya/db";
import { and, eq, inArray } from "drizzle-orm";
import { escapeHtml, type MessageKey, message, type RenderedMessage } from "../messages";
import { enqueueMessage } from "../outbox";
import { absoluteLink } from "./payload";

export const DISABLE_AFTER_FAILED_DELIVERIES = 5;

export interface DisableContext {
  now: Date;
  /** The dashboard's absolute address: the e-mail links to its Webhooks page. */
  baseUrl: string;
  /** Whether SMTP is configured (the e-mail is stored as not configured otherwise). */
  mailConfigured: boolean;
}

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;

/** The e-mail telling an endpoint's owner it was disabled, in the language it was added in. */
export function webhookDisabledMessage(input: {
  language: AlertLanguage;
  url: string;
  failures: number;
  lastError: string;
  pageUrl: string;
}): RenderedMessage {
  const t = (key: MessageKey) =>
    message(input.language, key, { url: input.url, failures: input.failures, error: input.lastError });
  const text = [
    t("webhookDisabled.intro"),
    "",
    t("webhookDisabled.lastError"),
    "",
    t("webhookDisabled.action"),
    input.pageUrl,
    "",
  ].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${input.language}"><head><meta charset="utf-8"><title>${e(t("webhookDisabled.subject"))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>${e(t("webhookDisabled.intro"))}</p>
<p><code>${e(t("webhookDisabled.lastError"))}</code></p>
<p>${e(t("webhookDisabled.action"))}</p>
<p><a href="${e(input.pageUrl)}">${e(t("webhookDisabled.button"))}</a></p>
</body></html>
`;
  return { subject: t("webhookDisabled.subject"), text, html };
}

/**
 * Disables endpoint `id` if it is active (false when another process already did), with the
 * reason in words, fails its pending deliveries and queues the owner's e-mail. Runs in the
 * caller's transaction.
 */
export async function disableWebhookEndpoint(
  tx: Tx,
  id: number,
  cause: { failures: number; lastError: string },
  context: DisableContext,
): Promise<boolean> {
  const reason = `${cause.failures} deliveries in a row failed for a day each; the last: ${cause.lastError}`;
  const [endpoint] = await tx
    .update(webhookEndpoints)
    .set({ status: "disabled", disabledReason: reason, disabledAt: context.now })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.status, "active")))
    .returning({
      url: webhookEndpoints.url,
      language: webhookEndpoints.language,
      ownerUserId: webhookEndpoints.ownerUserId,
    });
  if (!endpoint) return false;
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: "not sent: the endpoint was disabled" })
    .where(
      and(eq(webhookDeliveries.endpointId, id), inArray(webhookDeliveries.status, ["queued", "sending"])),
    );
  const [owner] = await tx
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, endpoint.ownerUserId));
  if (!owner) return true;
  const rendered = webhookDisabledMessage({
    language: endpoint.language,
    url: endpoint.url,
    failures: cause.failures,
    lastError: cause.lastError,
    pageUrl: absoluteLink(context.baseUrl, "/webhooks"),
  });
  await enqueueMessage(
    tx,
    { kind: "webhook-disabled", to: owner.email, headers: {}, language: endpoint.language, ...rendered },
    { now: context.now, mailConfigured: context.mailConfigured },
  );
  return true;
}
