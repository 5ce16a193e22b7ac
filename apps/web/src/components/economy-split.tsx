/**
 * A network's or organisation's figure in each economy it serves (the board's `economies`, the
 * standing's `economySplit`): the deciding source's share, interval, samples and days there.
 * Economies outside the LACNIC region are listed and marked, since they do not count.
 */
import type { BoardNetwork } from "../features/jim-bound/api/get-jim-bound";
import { economyName } from "../lib/economy-names";
import { formatInteger, formatPercent1 } from "../lib/format";
import { useT } from "../lib/i18n";

/** One economy's figure, as the API sends it (the board's `economies`, the standing's `economySplit`). */
type EconomyFigure = BoardNetwork["economies"][number];

export function EconomySplit({ economies }: { economies: readonly EconomyFigure[] }) {
  const t = useT();
  return (
    <ul className="plain economy-split">
      {economies.map((e) => (
        <li key={e.cc} data-cc={e.cc}>
          {t("evidence.economyValue", {
            economy: economyName(e.cc, null, t.locale),
            share: e.share === null ? "—" : formatPercent1(e.share),
            lo: e.lo === null ? "—" : formatPercent1(e.lo),
            hi: e.hi === null ? "—" : formatPercent1(e.hi),
            samples: formatInteger(e.samples),
            days: formatInteger(e.days),
          })}
          {e.inRegion ? "" : <span className="muted"> ({t("evidence.outsideRegion")})</span>}
        </li>
      ))}
    </ul>
  );
}
