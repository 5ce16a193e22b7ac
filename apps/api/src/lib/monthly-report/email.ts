/**
 * The monthly report as an e-mail body: its key figures in the subscriber's language, with links
 * to the page and the PDF. Composed from a built report (buildMonthlyReport, in the language the
 * subscriber chose); queuing it is the sender's part (ADR 0010).
 */
import { escapeHtml, message, type RenderedMessage } from "@atalaya/alerts";
import { reportWords } from "./messages";
import type { MonthlyReport } from "./schema";

export function monthlyReportMessage(input: {
  report: MonthlyReport;
  /** The absolute base of links (ATALAYA_PUBLIC_URL), e.g. `https://atalaya.example.org`. */
  baseUrl: string;
  unsubscribeUrl: string;
}): RenderedMessage {
  const { report } = input;
  const words = reportWords(report.language);
  const base = input.baseUrl.replace(/\/+$/, "");
  const page = `${base}${report.links.page}`;
  const pdf = `${base}${report.links.pdf}`;
  const values = {
    name: report.organisation.name ?? report.organisation.id,
    month: words.month(report.month),
  };
  const subject = words.t("mail.subject", values);
  const unsubscribe = message(report.language, "footer.unsubscribe");
  const text = [
    words.t("mail.intro", values),
    "",
    ...report.summary.map((line) => `- ${line}`),
    "",
    `${words.t("mail.page")} ${page}`,
    `${words.t("mail.pdf")} ${pdf}`,
    "",
    "--",
    `${unsubscribe} ${input.unsubscribeUrl}`,
    "",
  ].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${report.language}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>${e(words.t("mail.intro", values))}</p>
<ul>
${report.summary.map((line) => `<li>${e(line)}</li>`).join("\n")}
</ul>
<p>${e(words.t("mail.page"))} <a href="${e(page)}">${e(page)}</a><br>
${e(words.t("mail.pdf"))} <a href="${e(pdf)}">${e(pdf)}</a></p>
<hr>
<p style="font-size: small">${e(unsubscribe)} <a href="${e(input.unsubscribeUrl)}">${e(input.unsubscribeUrl)}</a></p>
</body></html>
`;
  return { subject, text, html };
}
