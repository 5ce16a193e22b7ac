/**
 * The network's embeddable badge and the HTML to paste on another site: the badge image linked
 * to this page, both with absolute addresses of this server.
 */
import { useState } from "react";
import { useT } from "../../../lib/i18n";
import { badgePath, providerPath } from "../../../lib/navigation";

export function BadgeEmbed({ asn }: { asn: number }) {
  const t = useT();
  const origin = window.location.origin;
  const badge = `${origin}${badgePath(asn)}`;
  const page = `${origin}${providerPath(asn)}`;
  const snippet = `<a href="${page}"><img src="${badge}" alt="${t("badge.snippetAlt", { asn })}" height="20"></a>`;
  const [copied, setCopied] = useState(false);
  return (
    <div className="badge-embed">
      <p>
        <img src={badgePath(asn)} alt={t("badge.alt", { asn })} height={20} />
      </p>
      <label htmlFor={`badge-snippet-${asn}`}>{t("badge.snippetLabel")}</label>
      <div className="copy-row">
        <input
          id={`badge-snippet-${asn}`}
          className="copy"
          readOnly
          value={snippet}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="secondary"
          onClick={() =>
            navigator.clipboard?.writeText(snippet).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t("badge.copied") : t("badge.copy")}
        </button>
      </div>
      <p className="muted">{t("badge.note")}</p>
    </div>
  );
}
