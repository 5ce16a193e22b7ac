/**
 * The network's embeddable badge and the HTML to paste on another site: the badge image linked
 * to this page, both with absolute addresses of this server.
 */
import { CopyField } from "../../../components/copy-field";
import { useT } from "../../../lib/i18n";
import { badgePath, providerPath } from "../../../lib/navigation";

export function BadgeEmbed({ asn }: { asn: number }) {
  const t = useT();
  const origin = window.location.origin;
  const badge = `${origin}${badgePath(asn)}`;
  const page = `${origin}${providerPath(asn)}`;
  const snippet = `<a href="${page}"><img src="${badge}" alt="${t("badge.snippetAlt", { asn })}" height="20"></a>`;
  return (
    <div className="badge-embed">
      <p>
        <img src={badgePath(asn)} alt={t("badge.alt", { asn })} height={20} />
      </p>
      <label htmlFor={`badge-snippet-${asn}`}>{t("badge.snippetLabel")}</label>
      <CopyField id={`badge-snippet-${asn}`} value={snippet} />
      <p className="muted">{t("badge.note")}</p>
    </div>
  );
}
