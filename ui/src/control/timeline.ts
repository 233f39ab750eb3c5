// The run timeline's store and its pure layout math: which execution's timeline is open (and the
// run it is compared with), what the backend said (`control_timeline`, `control_compare`, read on
// the connection the pipeline view was made on), and where each stage's and action's bar sits on
// the strip (percentages of the run's span), the time axis, and durations and differences in
// words. The panel itself is Timeline.tsx; nothing here renders.
import { create } from "zustand";
import {
  api,
  type Comparison,
  errorMessage,
  humanWord,
  type Seen,
  type ShownStatus,
  shownStatus,
  statusLabel,
  type Timeline,
} from "../backend";

/** A duration in words: `850 ms`, `42 s`, `4 min 05 s`, `2 h 03 min` (as `pipewright history`). */
export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  const s = Math.floor(ms / 1000);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** A difference in words: `+44 s` (slower), `−44 s` (faster), `same` within a second, `—` unknown. */
export function deltaText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (Math.abs(ms) < 1000) return "same";
  return `${ms > 0 ? "+" : "−"}${durationText(Math.abs(ms))}`;
}

/** One row of the strip: a stage, or one of its actions. */
export interface Row {
  key: string;
  kind: "stage" | "action";
  name: string;
  stage: string;
  status: ShownStatus;
  /** The duration in words, `—` when unknown; "not run" rows have none. */
  duration: string;
  running: boolean;
  attempts: number;
  /** Where the bar starts and how wide it is, in percent of the run's span; `null`: no bar. */
  bar: { left: number; width: number } | null;
}

/** The run's span in ms since the epoch: its start, and its end or the time of reading. */
export function span(t: Timeline): { start: number; end: number } | null {
  const starts = t.stages.flatMap((s) => (s.startTime ? [Date.parse(s.startTime)] : []));
  const start = t.startTime ? Date.parse(t.startTime) : Math.min(...starts);
  if (!Number.isFinite(start)) return null;
  const ends = t.stages.flatMap((s) => (s.endTime ? [Date.parse(s.endTime)] : []));
  const endOf = t.endTime ? Date.parse(t.endTime) : Date.parse(t.asOf);
  const end = Math.max(endOf, ...ends.filter(Number.isFinite));
  return { start, end: Number.isFinite(end) && end > start ? end : start + 1 };
}

/** The smallest bar, in percent, so a one-second action stays visible (and clickable) on an hour's strip. */
export const MIN_WIDTH = 0.6;

function bar(
  s: { start: number; end: number } | null,
  from: string | null,
  to: string | null,
  asOf: string,
  running: boolean,
): Row["bar"] {
  if (!s || !from) return null;
  const a = Date.parse(from);
  const b = running ? Date.parse(asOf) : to ? Date.parse(to) : Number.NaN;
  if (!Number.isFinite(a)) return null;
  const total = s.end - s.start;
  const left = Math.min(100, Math.max(0, ((a - s.start) / total) * 100));
  // A missing end: a sliver at the start (the duration column says it is unknown).
  const right = Number.isFinite(b) ? Math.min(100, Math.max(left, ((b - s.start) / total) * 100)) : left;
  const width = Math.max(MIN_WIDTH, right - left);
  return { left: Math.min(left, 100 - width), width };
}

/** The strip's rows: each stage, then its actions, in the order the backend gives (declaration order). */
export function layout(t: Timeline): Row[] {
  const s = span(t);
  const rows: Row[] = [];
  for (const stage of t.stages) {
    const running = stage.status === "InProgress";
    rows.push({
      key: `s:${stage.name}`,
      kind: "stage",
      name: stage.name,
      stage: stage.name,
      status: shownStatus(stage.status),
      duration: stage.status ? durationText(stage.durationMs) : "",
      running,
      attempts: Math.max(0, ...stage.actions.map((a) => a.attempts.length)),
      bar: bar(s, stage.startTime, stage.endTime, t.asOf, running),
    });
    for (const a of stage.actions) {
      rows.push({
        key: `a:${stage.name}/${a.name}`,
        kind: "action",
        name: a.name,
        stage: stage.name,
        status: shownStatus(a.status),
        duration: a.status ? durationText(a.durationMs) : "",
        running: a.running,
        attempts: a.attempts.length,
        bar: bar(s, a.startTime, a.endTime, t.asOf, a.running),
      });
    }
  }
  return rows;
}

const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Time-axis ticks: at most `most` (plus 0), at a round step, each at its percent with its label. */
export function ticks(totalMs: number, most = 6): { left: number; label: string }[] {
  if (!(totalMs > 0)) return [];
  const step = (STEPS_S.find((s) => totalMs / 1000 / s <= most) ?? 86400) * 1000;
  const out: { left: number; label: string }[] = [];
  for (let at = 0; at <= totalMs; at += step) {
    const s = at / 1000;
    const label =
      s === 0 ? "0" : s < 60 ? `${s} s` : s < 3600 ? `${s / 60} min` : `${Number((s / 3600).toFixed(1))} h`;
    out.push({ left: (at / totalMs) * 100, label });
  }
  return out;
}

/** Who or what started the run, in words: "Start pipeline execution by alice", "Webhook (push to main)". */
export function triggerText(t: Pick<Timeline, "triggerType" | "triggerDetail">): string {
  if (!t.triggerType) return "Unknown";
  const what = humanWord(t.triggerType);
  const detail = t.triggerDetail?.trim();
  if (!detail) return what;
  // An ARN names a user or role: its last part is the name a person knows.
  const who = detail.startsWith("arn:") ? (detail.split(/[/:]/).at(-1) ?? detail) : detail;
  return detail.startsWith("arn:") ? `${what} by ${who}` : `${what} (${who})`;
}

/** Bars of two runs' durations on one scale: percent of the longer one (for the compare table). */
export function pairWidths(a: number | null | undefined, b: number | null | undefined): [number, number] {
  const most = Math.max(a ?? 0, b ?? 0);
  if (most <= 0) return [0, 0];
  const w = (x: number | null | undefined) => (x ? Math.max(MIN_WIDTH, (x / most) * 100) : 0);
  return [w(a), w(b)];
}

/** The sentence above the compare table: how each run ended (status words) and the overall difference. */
export function compareSentence(c: Comparison): string {
  const word = (status: string) => statusLabel(shownStatus(status));
  const outcome = c.sameOutcome
    ? `Both runs: ${word(c.a.status)}.`
    : `This run: ${word(c.a.status)}; the other: ${word(c.b.status)}.`;
  const d = c.durationDeltaMs;
  const time =
    d === null
      ? "How long one of them took is not known."
      : Math.abs(d) < 1000
        ? "They took about as long."
        : `The other took ${durationText(Math.abs(d))} ${d > 0 ? "longer" : "less"}.`;
  return `${outcome} ${time}`;
}

export interface TimelineState {
  pipeline: string | null;
  executionId: string | null;
  seen: Seen | null;
  timeline: Timeline | null;
  /** The run picked to compare with, and what the backend said. */
  other: string | null;
  comparison: Comparison | null;
  loading: boolean;
  error: string | null;
}

const EMPTY: TimelineState = {
  pipeline: null,
  executionId: null,
  seen: null,
  timeline: null,
  other: null,
  comparison: null,
  loading: false,
  error: null,
};

export const useTimeline = create<TimelineState>()(() => ({ ...EMPTY }));

const get = () => useTimeline.getState();
const set = (patch: Partial<TimelineState>) => useTimeline.setState(patch);

/** Opens the timeline of `executionId` of `pipeline`, read on the connection `seen`. */
export async function openTimeline(pipeline: string, executionId: string, seen: Seen): Promise<void> {
  set({ ...EMPTY, pipeline, executionId, seen, loading: true });
  try {
    const timeline = await api.controlTimeline(pipeline, executionId, seen);
    if (get().executionId === executionId && get().pipeline === pipeline) set({ timeline, loading: false });
  } catch (err) {
    if (get().executionId === executionId) set({ error: errorMessage(err), loading: false });
  }
}

/** Compares the open run with `other` (`null` ends the comparison). */
export async function compareWith(other: string | null): Promise<void> {
  const { pipeline, executionId, seen } = get();
  if (!pipeline || !executionId || !seen) return;
  if (!other) {
    set({ other: null, comparison: null, error: null });
    return;
  }
  set({ other, comparison: null, loading: true, error: null });
  try {
    const comparison = await api.controlCompare(pipeline, executionId, other, seen);
    if (get().other === other) set({ comparison, loading: false });
  } catch (err) {
    if (get().other === other) set({ error: errorMessage(err), loading: false });
  }
}

/**
 * Reads the open timeline again while its run goes on, so its bars grow and a finished run shows
 * its outcome: the watcher's change of `pipeline` (`null`: any) and the control room's timer call
 * it. A run that has ended does not change, so it is not read again; a failed read keeps the last
 * timeline on screen (the next change tries again).
 */
export async function refreshTimeline(pipeline: string | null): Promise<void> {
  const { pipeline: open, executionId, seen, timeline, loading } = get();
  if (!open || !executionId || !seen || !timeline || loading) return;
  if (pipeline !== null && pipeline !== open) return;
  if (!RUNNING.includes(timeline.status)) return;
  try {
    const fresh = await api.controlTimeline(open, executionId, seen);
    if (get().executionId === executionId && get().pipeline === open) set({ timeline: fresh });
  } catch {
    // Kept: the timeline read last, still on screen.
  }
}

const RUNNING: Timeline["status"][] = ["InProgress", "Stopping"];

export function closeTimeline(): void {
  set({ ...EMPTY });
}
