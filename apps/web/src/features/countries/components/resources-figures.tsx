/** Registry-held vs announced prefixes per address family, with a bar for the announced share. */
import { formatInteger, formatPercent, formatSlash32 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import type { CountryResources } from "../api/get-country-resources";

type Family = CountryResources["data"]["families"][number];

export const FAMILY_LABEL = { ipv4: "IPv4", ipv6: "IPv6" } as const;
export const formatSpace = (t: Translator, f: Pick<Family, "family">, space: number) =>
  f.family === "ipv4"
    ? t("resources.addresses", { count: formatInteger(space) })
    : t("resources.slash32", { count: formatSlash32(space) });

export function ResourcesFigures({ families }: { families: Family[] }) {
  const t = useT();
  return (
    <ul className="state-bars resources">
      {families.map((f) => {
        const share = f.heldSpace > 0 ? f.announcedSpace / f.heldSpace : null;
        const counts = { announced: formatInteger(f.announcedPrefixes), held: formatInteger(f.heldPrefixes) };
        return (
          <li key={f.family}>
            <span className="state-bar-label">{FAMILY_LABEL[f.family]}</span>
            <span
              className="state-bar"
              role="img"
              aria-label={`${FAMILY_LABEL[f.family]}: ${t("resources.barLabel", counts)}`}
            >
              {f.heldPrefixes > 0 ? (
                <>
                  <span className="bar-valid" style={{ flexGrow: f.announcedSpace }} />
                  <span className="bar-not-found" style={{ flexGrow: f.heldSpace - f.announcedSpace }} />
                </>
              ) : null}
            </span>
            <span className="num">
              {f.heldPrefixes === 0 ? (
                <span className="muted">{t("resources.noSpace")}</span>
              ) : (
                <>
                  {t("resources.announced", counts)}
                  <span className="muted">
                    {" "}
                    ·{" "}
                    {share === null
                      ? formatSpace(t, f, f.heldSpace)
                      : t("resources.shareOf", {
                          share: formatPercent(share),
                          space: formatSpace(t, f, f.heldSpace),
                        })}{" "}
                    · {t.plural("resources.routes", f.routes)}
                  </span>
                </>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
