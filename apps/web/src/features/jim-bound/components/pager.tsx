import { useState } from "react";
import { formatInteger } from "../../../lib/format";

/** Page `size` rows at a time; the page is clamped when the rows shrink (a filter changed). */
export function usePaged<T>(rows: T[], size: number) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(page, pages - 1);
  return {
    rows: rows.slice(current * size, (current + 1) * size),
    current,
    pages,
    setPage,
    total: rows.length,
  };
}

export function Pager({
  paged,
  noun,
  label,
}: {
  paged: ReturnType<typeof usePaged>;
  noun: string;
  label: string;
}) {
  const { current, pages, setPage, total } = paged;
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
        Previous
      </button>
      <span>
        Page {current + 1} of {pages} ({formatInteger(total)} {noun})
      </span>
      <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
        Next
      </button>
    </nav>
  );
}
