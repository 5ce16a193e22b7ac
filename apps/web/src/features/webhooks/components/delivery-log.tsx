import { LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useWebhookDeliveries, type WebhookDelivery } from "../api/webhooks";

function DeliveryItem({ delivery }: { delivery: WebhookDelivery }) {
  const t = useT();
  return (
    <li className="webhook-delivery">
      <span className={`badge webhook-${delivery.status}`}>
        {t(`webhooks.deliveryStatus.${delivery.status}`)}
      </span>{" "}
      {t("webhooks.delivery", {
        type: delivery.type === "ping" ? t("webhooks.type.ping") : t(`webhooks.event.${delivery.type}`),
        id: delivery.id,
      })}
      {delivery.nextAttemptAt && delivery.status === "queued" && (
        <span className="muted">
          {" "}
          — {t("webhooks.nextAttempt", { date: formatDateTime(delivery.nextAttemptAt) })}
        </span>
      )}
      {delivery.log.length > 0 && (
        <ol className="webhook-attempts">
          {delivery.log.map((a) => (
            <li key={a.attemptedAt}>
              {t("webhooks.attempt", {
                date: formatDateTime(a.attemptedAt),
                result: a.statusCode === null ? t("webhooks.noAnswer") : `HTTP ${a.statusCode}`,
                ms: a.durationMs,
              })}
              {a.error && <span className="webhook-error"> — {a.error}</span>}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/** An endpoint's newest deliveries, each with its attempts. */
export function DeliveryLog({ endpointId }: { endpointId: number }) {
  const t = useT();
  const log = useWebhookDeliveries(endpointId);
  if (log.isPending) return <Loading label={t("webhooks.logLoading")} />;
  if (log.isError) return <LoadError error={log.error} onRetry={() => log.refetch()} />;
  if (log.data.data.length === 0) return <p className="muted">{t("webhooks.logEmpty")}</p>;
  return (
    <ul className="plain webhook-log">
      {log.data.data.map((d) => (
        <DeliveryItem key={d.id} delivery={d} />
      ))}
    </ul>
  );
}
