import { useState } from "react";
import { FormError } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useDeleteWebhook, useEnableWebhook, usePingWebhook, type WebhookEndpoint } from "../api/webhooks";
import { DeliveryLog } from "./delivery-log";

/** One endpoint: where it posts, what it follows, its state, its actions and its delivery log. */
export function WebhookCard({ endpoint, role }: { endpoint: WebhookEndpoint; role: "isp" | "admin" }) {
  const t = useT();
  const enable = useEnableWebhook();
  const ping = usePingWebhook();
  const remove = useDeleteWebhook();
  const [showLog, setShowLog] = useState(false);
  const heading = `webhook-${endpoint.id}`;
  const subject = endpoint.subject
    ? t("webhooks.subjectOne", {
        subject: endpoint.subject.kind === "network" ? `AS${endpoint.subject.id}` : endpoint.subject.id,
      })
    : t(role === "admin" ? "webhooks.subjectAll.admin" : "webhooks.subjectAll.isp");
  return (
    <article className="webhook" aria-labelledby={heading}>
      <h3 id={heading}>
        <span className="webhook-url">{endpoint.url}</span>{" "}
        <span className={`badge webhook-${endpoint.status}`}>{t(`webhooks.status.${endpoint.status}`)}</span>
      </h3>
      <p>
        {subject}; {endpoint.events.map((e) => t(`webhooks.event.${e}`)).join(", ")}
      </p>
      <p className="byline">
        {t("webhooks.owner", { owner: endpoint.owner, date: formatDateTime(endpoint.createdAt) })}
      </p>
      {endpoint.status === "disabled" && endpoint.disabledAt && (
        <p className="form-error">
          {t("webhooks.disabledReason", {
            date: formatDateTime(endpoint.disabledAt),
            reason: endpoint.disabledReason ?? "",
          })}
        </p>
      )}
      <div className="actions">
        {endpoint.status === "disabled" ? (
          <button type="button" onClick={() => enable.mutate(endpoint.id)} disabled={enable.isPending}>
            {t("webhooks.enable")}
          </button>
        ) : (
          <button
            type="button"
            className="secondary"
            onClick={() => ping.mutate(endpoint.id, { onSuccess: () => setShowLog(true) })}
            disabled={ping.isPending}
          >
            {t("webhooks.ping")}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          aria-expanded={showLog}
          onClick={() => setShowLog(!showLog)}
        >
          {showLog ? t("webhooks.hideLog") : t("webhooks.showLog")}
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(t("webhooks.confirmDelete", { url: endpoint.url })))
              remove.mutate(endpoint.id);
          }}
        >
          {t("webhooks.delete")}
        </button>
      </div>
      {ping.isSuccess && (
        <p role="status" className="notice">
          {t("webhooks.pinged")}
        </p>
      )}
      <FormError error={enable.error ?? ping.error ?? remove.error} />
      {showLog && <DeliveryLog endpointId={endpoint.id} />}
    </article>
  );
}
