/**
 * The nav bar's search: an ARIA 1.2 combobox over /api/v1/search. Type an AS number, a name or
 * an economy; arrows move through the results, Enter opens the highlighted one (or the first),
 * Escape closes the list and then clears the box. "/" anywhere else puts the cursor here.
 */
import { useEffect, useId, useRef, useState } from "react";
import { economyName, subRegionName } from "../../../lib/economy-names";
import { formatPercent1 } from "../../../lib/format";
import { type Translator, useT } from "../../../lib/i18n";
import { countryPath, navigate, organisationPath, providerPath } from "../../../lib/navigation";
import { type SearchResult, useSearch } from "../api/get-search";

const DEBOUNCE_MS = 150;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function resultPath(r: SearchResult): string {
  if (r.kind === "asn") return providerPath(r.asn);
  if (r.kind === "organisation") return organisationPath(r.id);
  return countryPath(r.cc);
}

function shareText(t: Translator, share: number | null) {
  return share === null ? t("search.noShare") : t("search.share", { share: formatPercent1(share) });
}

function ResultText({ r }: { r: SearchResult }) {
  const t = useT();
  if (r.kind === "asn")
    return (
      <>
        <span className="search-kind">{t("common.network")}</span>
        <span className="search-label">
          AS{r.asn} {r.name ?? ""}
        </span>
        <span className="search-detail">
          {r.cc} · {shareText(t, r.share)}
        </span>
      </>
    );
  if (r.kind === "organisation")
    return (
      <>
        <span className="search-kind">{t("common.organisation")}</span>
        <span className="search-label">{r.name ?? r.id}</span>
        <span className="search-detail">
          {r.cc ?? ""} · {t.plural("region.networks", r.asns.length)} · {shareText(t, r.share)}
        </span>
      </>
    );
  return (
    <>
      <span className="search-kind">{t("common.economy")}</span>
      <span className="search-label">{economyName(r.cc, r.name, t.locale)}</span>
      <span className="search-detail">
        {r.cc} · {subRegionName(t, r.subRegionName)}
      </span>
    </>
  );
}

const resultKey = (r: SearchResult) =>
  r.kind === "asn" ? `as${r.asn}` : r.kind === "organisation" ? `org${r.id}` : `cc${r.cc}`;

export function SearchBox() {
  const t = useT();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const listId = `${id}-list`;
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const search = useSearch(q);
  const results = q && text.trim() ? (search.data?.data.results ?? []) : [];
  const expanded = open && text.trim().length > 0;
  const current = active >= 0 && active < results.length ? active : -1;
  /** The list on screen answers what is typed now. */
  const fresh = q === text.trim() && !search.isPlaceholderData && !search.isFetching;
  const [enterPending, setEnterPending] = useState(false);

  // A new list starts with nothing highlighted: Enter then opens the best match.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the answer changes
  useEffect(() => setActive(-1), [search.data]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const go = (r: SearchResult) => {
    setOpen(false);
    setText("");
    setEnterPending(false);
    input.current?.blur();
    navigate(resultPath(r));
  };

  // Enter pressed before the answer came: open the best match once it is here.
  useEffect(() => {
    if (!enterPending || !fresh) return;
    setEnterPending(false);
    if (results[0]) go(results[0]);
  });

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      if (results.length > 0) setActive(current >= results.length - 1 ? 0 : current + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (results.length > 0) setActive(current <= 0 ? results.length - 1 : current - 1);
    } else if (e.key === "Enter") {
      if (!text.trim()) return;
      e.preventDefault();
      // A highlighted result is what the user chose; otherwise the best match for what is typed
      // now, which may still be on its way (the list on screen can be the previous keystroke's).
      const highlighted = results[current];
      if (highlighted) go(highlighted);
      else if (fresh) {
        if (results[0]) go(results[0]);
      } else setEnterPending(true);
    } else if (e.key === "Escape") {
      if (expanded) setOpen(false);
      else setText("");
    }
  };

  const status = !expanded
    ? ""
    : results.length > 0
      ? search.data?.data.more
        ? t("search.moreResults", { count: results.length })
        : t.plural("search.results", results.length)
      : !fresh
        ? t("search.searching")
        : search.isError
          ? t("search.failed")
          : t("search.noMatch");

  return (
    <div className="search">
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t("search.label")}
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={expanded && results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && current >= 0 ? `${id}-option-${current}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={t("search.placeholder")}
        title={t("search.title")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setEnterPending(false);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={t("search.resultsLabel")}
        className={fresh ? "search-results" : "search-results stale"}
        aria-busy={!fresh}
        hidden={!expanded || results.length === 0}
      >
        {results.map((r, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard (aria-activedescendant)
          <div
            key={resultKey(r)}
            id={`${id}-option-${i}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === current}
            className={i === current ? "active" : undefined}
            // Keep focus in the input so the list does not close before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => go(r)}
          >
            <ResultText r={r} />
          </div>
        ))}
      </div>
      <div
        id={`${id}-status`}
        role="status"
        className={expanded && results.length === 0 ? "search-status" : "visually-hidden"}
      >
        {status}
      </div>
    </div>
  );
}
