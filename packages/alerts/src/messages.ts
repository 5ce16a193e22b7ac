/** The words of Atalaya's e-mails, in the subscriber's language (en, es, pt). */
import type { AlertLanguage } from "@atalaya/db";

const en = {
  "confirm.subject": "Confirm your Atalaya alerts for {subject}",
  "confirm.intro": "Someone, hopefully you, asked Atalaya to send alerts about {subject} to this address.",
  "confirm.action": "To start receiving them, confirm within 7 days:",
  "confirm.button": "Confirm my subscription",
  "confirm.ignore": "If you did not ask for this, ignore this message: nothing will be sent.",
  "footer.unsubscribe": "Stop these e-mails:",
  "footer.manage": "Choose which alerts, how often and in which language:",
  "subject.network": "AS{asn}",
  "subject.organisation": "the organisation {name}",
  "subject.economy": "the economy {name}",
  "webhookDisabled.subject": "Atalaya stopped posting to your webhook {url}",
  "webhookDisabled.intro":
    "Atalaya disabled your webhook endpoint {url}: {failures} deliveries in a row failed, each after a day of retries.",
  "webhookDisabled.lastError": "The last error: {error}",
  "webhookDisabled.action":
    "Events are not sent to it until you re-enable it. Fix the endpoint, then re-enable it on the Webhooks page, where each delivery's attempts are logged:",
  "webhookDisabled.button": "Open the Webhooks page",
};

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  "confirm.subject": "Confirme sus alertas de Atalaya sobre {subject}",
  "confirm.intro":
    "Alguien, esperamos que usted, pidió a Atalaya que envíe alertas sobre {subject} a esta dirección.",
  "confirm.action": "Para empezar a recibirlas, confirme en un plazo de 7 días:",
  "confirm.button": "Confirmar mi suscripción",
  "confirm.ignore": "Si no lo pidió, ignore este mensaje: no se enviará nada.",
  "footer.unsubscribe": "Dejar de recibir estos correos:",
  "footer.manage": "Elegir qué alertas, con qué frecuencia y en qué idioma:",
  "subject.network": "AS{asn}",
  "subject.organisation": "la organización {name}",
  "subject.economy": "la economía {name}",
  "webhookDisabled.subject": "Atalaya dejó de enviar a su webhook {url}",
  "webhookDisabled.intro":
    "Atalaya desactivó su webhook {url}: fallaron {failures} entregas seguidas, cada una tras un día de reintentos.",
  "webhookDisabled.lastError": "El último error: {error}",
  "webhookDisabled.action":
    "No se le enviarán eventos hasta que lo reactive. Corrija el receptor y reactívelo en la página Webhooks, donde se registran los intentos de cada entrega:",
  "webhookDisabled.button": "Abrir la página Webhooks",
};

const pt: Record<MessageKey, string> = {
  "confirm.subject": "Confirme seus alertas do Atalaya sobre {subject}",
  "confirm.intro":
    "Alguém, esperamos que você, pediu ao Atalaya que envie alertas sobre {subject} para este endereço.",
  "confirm.action": "Para começar a recebê-los, confirme em até 7 dias:",
  "confirm.button": "Confirmar minha inscrição",
  "confirm.ignore": "Se você não pediu isso, ignore esta mensagem: nada será enviado.",
  "footer.unsubscribe": "Parar de receber estes e-mails:",
  "footer.manage": "Escolher quais alertas, com que frequência e em que idioma:",
  "subject.network": "AS{asn}",
  "subject.organisation": "a organização {name}",
  "subject.economy": "a economia {name}",
  "webhookDisabled.subject": "O Atalaya parou de enviar ao seu webhook {url}",
  "webhookDisabled.intro":
    "O Atalaya desativou seu webhook {url}: {failures} entregas seguidas falharam, cada uma após um dia de novas tentativas.",
  "webhookDisabled.lastError": "O último erro: {error}",
  "webhookDisabled.action":
    "Nenhum evento será enviado até que você o reative. Corrija o receptor e reative-o na página Webhooks, onde as tentativas de cada entrega ficam registradas:",
  "webhookDisabled.button": "Abrir a página Webhooks",
};

const MESSAGES: Record<AlertLanguage, Record<MessageKey, string>> = { en, es, pt };

/** `key` in `language`, with `{name}` placeholders filled from `values`. */
export function message(
  language: AlertLanguage,
  key: MessageKey,
  values: Record<string, string | number> = {},
) {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The double opt-in message: the confirmation link, and the manage and unsubscribe pages' links. */
export function confirmationMessage(input: {
  language: AlertLanguage;
  subjectLabel: string;
  confirmUrl: string;
  unsubscribeUrl: string;
  manageUrl: string;
}): RenderedMessage {
  const t = (key: MessageKey) => message(input.language, key, { subject: input.subjectLabel });
  const text = [
    t("confirm.intro"),
    "",
    t("confirm.action"),
    input.confirmUrl,
    "",
    t("confirm.ignore"),
    "",
    "--",
    `${t("footer.manage")} ${input.manageUrl}`,
    `${t("footer.unsubscribe")} ${input.unsubscribeUrl}`,
    "",
  ].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${input.language}"><head><meta charset="utf-8"><title>${e(t("confirm.subject"))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>${e(t("confirm.intro"))}</p>
<p>${e(t("confirm.action"))}</p>
<p><a href="${e(input.confirmUrl)}">${e(t("confirm.button"))}</a></p>
<p>${e(t("confirm.ignore"))}</p>
<hr>
<p style="font-size: small">${e(t("footer.manage"))} <a href="${e(input.manageUrl)}">${e(input.manageUrl)}</a></p>
<p style="font-size: small">${e(t("footer.unsubscribe"))} <a href="${e(input.unsubscribeUrl)}">${e(input.unsubscribeUrl)}</a></p>
</body></html>
`;
  return { subject: t("confirm.subject"), text, html };
}
