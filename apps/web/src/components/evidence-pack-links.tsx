/**
 * Download links of an evidence pack (packages/evidence): the printable report in the page's
 * language and the JSON document, each verifiable offline with `npx atalaya evidence verify`.
 * `base` is the pack's API address without query (the committee's or the public results' route).
 */
import { useLocale, useT } from "../lib/i18n";

export function EvidencePackLinks({ base, label }: { base: string; label: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className="pack-links">
      <a href={`${base}?lang=${locale}`} download title={t("evidence.packTitle")}>
        {label}
      </a>{" "}
      (
      <a href={`${base}?format=json`} download>
        JSON
      </a>
      )
    </span>
  );
}
