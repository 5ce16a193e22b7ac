import { formatInteger } from "../lib/format";
import { type PluralKey, useT } from "../lib/i18n";
/** Where a page lies among the rows (the API's Page). */
export interface PageInfo {
  page: number;
  limit: number;
  total: number;
  pages: number;
}

/** Previous/next through the API's pages; the page itself lives in the URL query the board asks. */
export function Pager({
  page,
  onPage,
  items,
  label,
}: {
  page: PageInfo;
  onPage: (page: number) => void;
  /** What is counted, as a plural message: "{count} networks". */
  items: PluralKey;
  label: string;
}) {
  const t = useT();
  const { page: current, pages, total } = page;
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={current <= 1} onClick={() => onPage(current - 1)}>
        {t("common.previous")}
      </button>
      <span>
        {t("board.pageOf", {
          page: formatInteger(current),
          pages: formatInteger(pages),
          items: t.plural(items, total),
        })}
      </span>
      <button type="button" disabled={current >= pages} onClick={() => onPage(current + 1)}>
        {t("common.next")}
      </button>
    </nav>
  );
}
