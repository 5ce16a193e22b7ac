import { formatInteger } from "../../../lib/format";
import type { PageInfo } from "../api/get-jim-bound";

/** Previous/next through the API's pages; the page itself lives in the URL query the board asks. */
export function Pager({
  page,
  onPage,
  noun,
  label,
}: {
  page: PageInfo;
  onPage: (page: number) => void;
  noun: string;
  label: string;
}) {
  const { page: current, pages, total } = page;
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={current <= 1} onClick={() => onPage(current - 1)}>
        Previous
      </button>
      <span>
        Page {current} of {pages} ({formatInteger(total)} {noun})
      </span>
      <button type="button" disabled={current >= pages} onClick={() => onPage(current + 1)}>
        Next
      </button>
    </nav>
  );
}
