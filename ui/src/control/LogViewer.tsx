// The whole build log in the "why it failed" panel: read from its tail one GetLogEvents page at a
// time (`control_log_page`; "Load earlier lines" puts the page before in front), rendered as a
// virtualised list (only the rows in view, and a few either side, are in the DOM), colours from
// the lines' ANSI codes as styled spans, and a search over the loaded lines with next/previous
// match. The paging, numbering, search and window logic is logPager.ts; the colours ansi.ts.
import {
  type CSSProperties,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { api, errorMessage, type LogLine, type Seen } from "../backend";
import { parseAnsi, styleCss, styledPieces } from "./ansi";
import {
  emptyLog,
  findMatches,
  lineNumber,
  type PagedLog,
  prependPage,
  scrollTopFor,
  stepMatch,
  visibleRange,
} from "./logPager";

/** The height of one row in px (CSS `.why-full-row` has the same). */
export const ROW_HEIGHT = 18;
/** Lines per page (GetLogEvents' maximum). */
const PAGE = 10_000;

/** One line: its colours as styled spans, the search's matches as marks. Text nodes only. */
export const StyledLine = memo(function StyledLine({ line, query }: { line: LogLine; query: string }) {
  const pieces = styledPieces(parseAnsi(line.ansi ?? line.text), query);
  let at = 0;
  const keyed = pieces.map((p) => {
    const key = at;
    at += p.text.length;
    return { ...p, key, css: styleCss(p.style) as CSSProperties };
  });
  return (
    <>
      {keyed.map((p) =>
        p.hit ? (
          <mark key={p.key} style={p.css}>
            {p.text}
          </mark>
        ) : (
          <span key={p.key} style={p.css}>
            {p.text}
          </span>
        ),
      )}
    </>
  );
});

const Row = memo(function Row({
  line,
  number,
  top,
  query,
  current,
}: {
  line: LogLine;
  number: number | null;
  top: number;
  query: string;
  current: boolean;
}) {
  return (
    <div
      className={`why-full-row${current ? " current" : ""}`}
      style={{ top }}
      data-current={current || undefined}
    >
      <span className="why-no" aria-hidden="true">
        {number ?? ""}
      </span>
      <span className="why-text">
        <StyledLine line={line} query={query} />
      </span>
    </div>
  );
});

export function LogViewer({
  group,
  stream,
  total,
  seen,
}: {
  group: string;
  stream: string;
  /** The log's line count when known (the numbers are right before its head is loaded). */
  total: number | null;
  seen: Seen;
}) {
  const [log, setLog] = useState<PagedLog>(() => emptyLog(total));
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [current, setCurrent] = useState<number | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(360);
  const box = useRef<HTMLDivElement>(null);
  /** Rows added in front by the last page: the scroll position moves down by as many. */
  const added = useRef<number | null>(null);

  const load = useCallback(
    async (before: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.controlLogPage({ group, stream, before, limit: PAGE }, seen);
        added.current = page.lines.length;
        setLog((l) => prependPage(before === null ? emptyLog(total) : l, page));
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setLoading(false);
      }
    },
    [group, stream, total, seen],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // After a page: the first one opens at the log's end, an earlier one keeps the rows in place.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || added.current === null) return;
    const first = log.lines.length === added.current;
    el.scrollTop = first ? log.lines.length * ROW_HEIGHT : el.scrollTop + added.current * ROW_HEIGHT;
    added.current = null;
    setScrollTop(el.scrollTop);
    setViewport(el.clientHeight);
  }, [log]);

  const matches = useMemo(() => findMatches(log.lines, query), [log.lines, query]);
  const goTo = useCallback(
    (to: number | null) => {
      setCurrent(to);
      const el = box.current;
      if (to === null || !el) return;
      el.scrollTop = scrollTopFor(matches[to], el.clientHeight, ROW_HEIGHT);
      setScrollTop(el.scrollTop);
    },
    [matches],
  );

  const { start, end } = visibleRange(scrollTop, viewport, ROW_HEIGHT, log.lines.length);
  const currentLine = current !== null ? matches[current] : null;
  const rows = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <Row
        key={i}
        line={log.lines[i]}
        number={lineNumber(log, i)}
        top={i * ROW_HEIGHT}
        query={query}
        current={i === currentLine}
      />,
    );
  }

  return (
    <section className="why-full" aria-label="The whole log" data-testid="why-full-log">
      <div className="why-log-head">
        <span className="small muted" data-testid="why-full-count" aria-live="polite">
          {log.lines.length} lines loaded{log.earlier === null && !loading ? " (the whole log)" : ""}
        </span>
        {log.earlier !== null && (
          <button
            type="button"
            className="link-button"
            data-testid="why-log-earlier"
            disabled={loading}
            onClick={() => void load(log.earlier)}
          >
            Load earlier lines
          </button>
        )}
      </div>
      <div className="why-search">
        <label htmlFor="why-full-search">Find in the loaded lines</label>
        <input
          id="why-full-search"
          type="search"
          value={query}
          data-testid="why-log-search"
          placeholder="e.g. FAIL"
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") goTo(stepMatch(matches, current, e.shiftKey ? -1 : 1));
          }}
        />
        <span className="small muted" data-testid="why-log-matches" aria-live="polite">
          {query.trim()
            ? matches.length === 0
              ? "no match"
              : `${current === null ? "–" : current + 1} of ${matches.length}`
            : ""}
        </span>
        <button
          type="button"
          className="icon-button"
          data-testid="why-log-prev"
          disabled={matches.length === 0}
          onClick={() => goTo(stepMatch(matches, current, -1))}
        >
          Previous
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="why-log-next"
          disabled={matches.length === 0}
          onClick={() => goTo(stepMatch(matches, current, 1))}
        >
          Next
        </button>
      </div>
      {error && (
        <div className="cr-error small" role="alert" data-testid="why-log-error">
          {error}
        </div>
      )}
      {loading && log.lines.length === 0 && <div className="muted small">Reading the log…</div>}
      <div
        className="why-full-box"
        ref={box}
        data-testid="why-full-box"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard.
        tabIndex={0}
        onScroll={(e) => {
          setScrollTop(e.currentTarget.scrollTop);
          setViewport(e.currentTarget.clientHeight);
        }}
      >
        <div className="why-full-space" style={{ height: log.lines.length * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </section>
  );
}
