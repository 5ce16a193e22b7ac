/**
 * The network's embeddable badge and the HTML to paste on another site: the badge image linked
 * to this page, both with absolute addresses of this server.
 */
import { useState } from "react";
import { badgePath, providerPath } from "../../../lib/navigation";

export function BadgeEmbed({ asn }: { asn: number }) {
  const origin = window.location.origin;
  const badge = `${origin}${badgePath(asn)}`;
  const page = `${origin}${providerPath(asn)}`;
  const snippet = `<a href="${page}"><img src="${badge}" alt="AS${asn} IPv6 share on Atalaya" height="20"></a>`;
  const [copied, setCopied] = useState(false);
  return (
    <div className="badge-embed">
      <p>
        <img src={badgePath(asn)} alt={`Badge of AS${asn}: IPv6 share and Jim Bound state`} height={20} />
      </p>
      <label htmlFor={`badge-snippet-${asn}`}>HTML to show this badge on your site, linking back here</label>
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
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="muted">
        The badge shows the pooled IPv6-preferred share of the last 30 days and the Jim Bound state; it is
        refreshed hourly at most.
      </p>
    </div>
  );
}
