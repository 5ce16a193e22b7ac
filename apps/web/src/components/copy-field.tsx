import { useState } from "react";
import { useT } from "../lib/i18n";

/** A read-only text to copy (a snippet, a secret): selected on focus, with a Copy button. */
export function CopyField({ value, id, label }: { value: string; id?: string; label?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-row">
      <input
        id={id}
        className="copy"
        readOnly
        value={value}
        aria-label={label}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button
        type="button"
        className="secondary"
        onClick={() =>
          navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t("copy.copied") : t("copy.copy")}
      </button>
    </div>
  );
}
