// The "why it failed" panel's store and its pure logic: which failure is open (pipeline,
// execution, action), what the backend said about it (`control_why`, read on the connection the
// pipeline view was made on), and the search over its log lines (filter and highlight). The
// panel itself is WhyPanel.tsx; nothing here renders.
import { create } from "zustand";
import { api, errorMessage, type LogLine, type Seen, type Why } from "../backend";

/** Which failure to explain: `null` parts are the latest failed execution / its first failed action. */
export interface WhyTarget {
  pipeline: string;
  stage: string | null;
  action: string | null;
  executionId: string | null;
}

export interface WhyState {
  target: WhyTarget | null;
  why: Why | null;
  error: string | null;
  loading: boolean;
  /** The search box: lines that contain it (any case) are shown, the rest hidden. */
  query: string;
  /** The connection the panel reads on (the whole log's pages too). */
  seen: Seen | null;
  /** The whole log is open (LogViewer.tsx). */
  fullLog: boolean;
}

export const useWhy = create<WhyState>()(() => ({
  target: null,
  why: null,
  error: null,
  loading: false,
  query: "",
  seen: null,
  fullLog: false,
}));

const get = () => useWhy.getState();
const set = (patch: Partial<WhyState>) => useWhy.setState(patch);

/** Opens the panel on `target` and asks the backend why it failed, on the connection `seen`. */
export async function openWhy(target: WhyTarget, seen: Seen): Promise<void> {
  set({ target, why: null, error: null, loading: true, query: "", seen, fullLog: false });
  try {
    const why = await api.controlWhy(
      { pipeline: target.pipeline, pipelineExecutionId: target.executionId, action: target.action },
      seen,
    );
    if (get().target === target) set({ why, loading: false });
  } catch (err) {
    if (get().target === target) set({ error: errorMessage(err), loading: false });
  }
}

export function closeWhy(): void {
  set({ target: null, why: null, error: null, loading: false, query: "", seen: null, fullLog: false });
}

export function showFullLog(open: boolean): void {
  set({ fullLog: open });
}

export function setWhyQuery(query: string): void {
  set({ query });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** `text` without ANSI colour and cursor codes (the backend strips them; a log may still carry some). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** A piece of a line: `hit` when it matches the search. */
export interface Piece {
  text: string;
  hit: boolean;
}

/** `text` cut into pieces at each (case-insensitive) occurrence of `query` (see also ansi.ts' `styledPieces`). */
export function highlight(text: string, query: string): Piece[] {
  const q = query.trim().toLowerCase();
  if (!q) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const pieces: Piece[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + q.length)) {
    if (i > at) pieces.push({ text: text.slice(at, i), hit: false });
    pieces.push({ text: text.slice(i, i + q.length), hit: true });
    at = i + q.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), hit: false });
  return pieces;
}

/** The lines that contain `query` (any case); all of them when it is blank. Texts ANSI-stripped. */
export function filterLines(lines: LogLine[], query: string): LogLine[] {
  const clean = lines.map((l) => ({ ...l, text: stripAnsi(l.text) }));
  const q = query.trim().toLowerCase();
  if (!q) return clean;
  return clean.filter((l) => l.text.toLowerCase().includes(q));
}

/** The log's sections as the panel shows them: around the first error, then the tail (without the lines already shown). */
export function logSections(why: Why | null): {
  around: LogLine[];
  tail: LogLine[];
  firstError: number | null;
} {
  const cause = why?.failed?.cause;
  if (cause?.service !== "codeBuild" || !cause.log) return { around: [], tail: [], firstError: null };
  const log = cause.log;
  const shown = new Set(log.aroundFirstError.map((l) => l.number));
  return {
    around: log.aroundFirstError,
    tail: log.tail.filter((l) => !shown.has(l.number)),
    firstError: log.firstError?.number ?? null,
  };
}

/** How many lines of both sections match the search (`null` with no search). */
export function matchCount(why: Why | null, query: string): number | null {
  if (!query.trim()) return null;
  const { around, tail } = logSections(why);
  return filterLines(around, query).length + filterLines(tail, query).length;
}

/** A commit id as shown (the first 8 characters of a git hash; other revisions as they are). */
export function shortRevision(id: string | null | undefined): string {
  if (!id) return "";
  return /^[0-9a-f]{12,}$/i.test(id) ? id.slice(0, 8) : id;
}
