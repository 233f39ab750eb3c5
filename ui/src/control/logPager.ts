// The whole build log in the "why it failed" panel, as pure logic: the pages read from the log's
// tail (GetLogEvents' backward tokens, earlier pages put in front on demand), the line numbers
// (known from the head, or from the line count the panel was told), the search over what is
// loaded with next/previous match, and the window of rows a virtualised list renders. The
// component is LogViewer.tsx; nothing here renders or calls the backend.
import type { LogLine, LogPage } from "../backend";

export interface PagedLog {
  /** The lines loaded so far, oldest first. */
  lines: LogLine[];
  /** The token for the page before `lines[0]`; `null` once the head is loaded. */
  earlier: string | null;
  /** How many lines the whole log has, when known (then the numbers are right before the head is loaded). */
  total: number | null;
}

export function emptyLog(total: number | null): PagedLog {
  return { lines: [], earlier: null, total };
}

/** `log` with `page` (the lines before the loaded ones) in front. */
export function prependPage(log: PagedLog, page: LogPage): PagedLog {
  return { ...log, lines: [...page.lines, ...log.lines], earlier: page.earlier };
}

/** True when every line from the head on is loaded. */
export function atHead(log: PagedLog): boolean {
  return log.earlier === null;
}

/** The number of the line at `index` (from 1 at the stream's head), or `null` while unknown. */
export function lineNumber(log: PagedLog, index: number): number | null {
  if (atHead(log)) return index + 1;
  if (log.total !== null && log.total >= log.lines.length) return log.total - log.lines.length + index + 1;
  return null;
}

/** The indices of the loaded lines that contain `query` (any case); none for a blank query. */
export function findMatches(lines: LogLine[], query: string): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].text.toLowerCase().includes(q)) out.push(i);
  return out;
}

/**
 * The match to go to from `current` (an index into `matches`, or `null` for none yet) in
 * direction `step` (+1 next, -1 previous), wrapping around; `null` when nothing matches.
 */
export function stepMatch(matches: number[], current: number | null, step: 1 | -1): number | null {
  if (matches.length === 0) return null;
  if (current === null) return step === 1 ? 0 : matches.length - 1;
  return (current + step + matches.length) % matches.length;
}

/** The rows to render for a scroll position: `start` included, `end` excluded, with `overscan` rows either side. */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 10,
): { start: number; end: number } {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + shown + overscan);
  return { start, end };
}

/** The scroll position that shows row `index` in the middle of the viewport. */
export function scrollTopFor(index: number, viewport: number, rowHeight: number): number {
  return Math.max(0, index * rowHeight - Math.max(0, viewport - rowHeight) / 2);
}
