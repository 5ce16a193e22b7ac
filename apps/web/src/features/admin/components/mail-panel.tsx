import { LoadError, Loading } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { useMailStatus } from "../api/mail";

/** Whether e-mail is configured, and what waits in the outgoing queue. */
export function MailPanel() {
  const t = useT();
  const mail = useMailStatus();
  if (mail.isPending) return <Loading label={t("mail.loading")} />;
  if (mail.isError) return <LoadError error={mail.error} onRetry={() => mail.refetch()} />;
  const { configured, messages } = mail.data.data;
  return (
    <section className="panel" aria-labelledby="mail-heading">
      <h2 id="mail-heading">{t("mail.heading")}</h2>
      {configured ? (
        <p className="notice">{t("mail.configured")}</p>
      ) : (
        <div className="state state-error" role="alert">
          <strong>{t("mail.notConfigured")}</strong>
          <p>{t.plural("mail.waiting", messages["not-configured"])}</p>
        </div>
      )}
      <p>{t("mail.counts", messages)}</p>
    </section>
  );
}
