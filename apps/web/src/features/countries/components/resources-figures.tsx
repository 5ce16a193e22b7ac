/** Registry-held vs announced prefixes per address family, with a bar for the announced share. */
import { formatInteger, formatPercent, formatSlash32 } from "../../../lib/format";
import type { CountryResources } from "../api/get-country-resources";

type Family = CountryResources["data"]["families"][number];

const LABEL = { ipv4: "IPv4", ipv6: "IPv6" } as const;
export const formatSpace = (f: Pick<Family, "family">, space: number) =>
  f.family === "ipv4" ? `${formatInteger(space)} addresses` : `${formatSlash32(space)} /32 eq.`;

export function ResourcesFigures({ families }: { families: Family[] }) {
  return (
    <ul className="state-bars resources">
      {families.map((f) => {
        const share = f.heldSpace > 0 ? f.announcedSpace / f.heldSpace : null;
        return (
          <li key={f.family}>
            <span className="state-bar-label">{LABEL[f.family]}</span>
            <span
              className="state-bar"
              role="img"
              aria-label={`${LABEL[f.family]}: ${f.announcedPrefixes} of ${f.heldPrefixes} registry prefixes announced`}
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
                <span className="muted">no registry space</span>
              ) : (
                <>
                  {formatInteger(f.announcedPrefixes)} of {formatInteger(f.heldPrefixes)} prefixes announced
                  <span className="muted">
                    {" "}
                    · {share === null ? "" : `${formatPercent(share)} of `}
                    {formatSpace(f, f.heldSpace)} · {formatInteger(f.routes)} routes from its ASNs
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
