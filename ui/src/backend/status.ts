// The status words of CodePipeline runs (pipeline, stage and action executions) in one place:
// what the backend may send, the label the UI shows for each, and its colour family. The backend
// sends the generated unions `ExecutionStatus`, `StageStatus` and `ActionStatus` (the service's
// own words, and "Unknown" for any word the backend does not know); `runStatus` also takes a plain
// string, and turns any word it does not know into "Unknown" instead of failing or showing it raw.

import type { ActionStatus, ExecutionStatus, StageStatus } from "../bindings/types";

/** The statuses of a pipeline, stage or action execution, and "Unknown" for any other word. */
export const RUN_STATUSES = [
  "InProgress",
  "Stopping",
  "Stopped",
  "Succeeded",
  "Failed",
  "Cancelled",
  "Abandoned",
  "Superseded",
  "Skipped",
  "Unknown",
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** Any status word the backend sends (the generated unions). */
export type BackendStatus = ExecutionStatus | StageStatus | ActionStatus;

// Fails to compile when the backend sends a status that RUN_STATUSES does not know.
const _backendStatusIsKnown = (s: BackendStatus): RunStatus => s;
void _backendStatusIsKnown;

/** What the UI shows for a run: its status, an approval waiting, or no run yet. */
export type ShownStatus = RunStatus | "WaitingForApproval" | "NotRun";

const KNOWN: ReadonlySet<string> = new Set(RUN_STATUSES);

/** The status a backend word stands for; "Unknown" for a word not in RUN_STATUSES. */
export function runStatus(word: string): RunStatus {
  return KNOWN.has(word) ? (word as RunStatus) : "Unknown";
}

/** The status of a run that may not exist (no execution yet: "NotRun"). */
export function shownStatus(word: string | null | undefined): ShownStatus {
  return word === null || word === undefined ? "NotRun" : runStatus(word);
}

export const STATUS_LABELS: Record<ShownStatus, string> = {
  InProgress: "In progress",
  Stopping: "Stopping",
  Stopped: "Stopped",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Cancelled: "Cancelled",
  Abandoned: "Abandoned",
  Superseded: "Superseded",
  Skipped: "Skipped",
  Unknown: "Unknown",
  WaitingForApproval: "Waiting for approval",
  NotRun: "Not run",
};

export function statusLabel(status: ShownStatus): string {
  return STATUS_LABELS[status];
}

export type Tone = "ok" | "running" | "waiting" | "failed" | "stopped" | "idle";

const TONES: Record<ShownStatus, Tone> = {
  InProgress: "running",
  Stopping: "running",
  Stopped: "stopped",
  Succeeded: "ok",
  Failed: "failed",
  Cancelled: "stopped",
  Abandoned: "stopped",
  Superseded: "stopped",
  Skipped: "idle",
  Unknown: "idle",
  WaitingForApproval: "waiting",
  NotRun: "idle",
};

/** The colour family of a status. */
export function statusTone(status: ShownStatus): Tone {
  return TONES[status];
}

/** Whether a run is under way (it can be stopped). */
export function isRunning(word: string | null | undefined): boolean {
  const s = shownStatus(word);
  return s === "InProgress" || s === "Stopping";
}

/** Whether an execution's type (STANDARD | ROLLBACK) says it is a rollback. */
export function isRollback(executionType: string | null | undefined): boolean {
  return executionType?.toUpperCase() === "ROLLBACK";
}

/**
 * A service's enum word as a person reads it: "InProgress" -> "In progress", "QUEUED" ->
 * "Queued", "UPDATE_ROLLBACK_COMPLETE" -> "Update rollback complete". Known run statuses keep
 * their own labels; words with digits or mixed codes ("V2", "S3") are left as they are.
 */
export function humanWord(word: string): string {
  if (Object.hasOwn(STATUS_LABELS, word)) return STATUS_LABELS[word as ShownStatus];
  if (/\d/.test(word) || word.length <= 2) return word;
  const parts = word.includes("_")
    ? word.split("_")
    : /^[A-Z]+$/.test(word)
      ? [word]
      : word.split(/(?<=[a-z])(?=[A-Z])/);
  const text = parts
    .filter(Boolean)
    .map((p) => p.toLowerCase())
    .join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A pipeline's execution mode in words: "QUEUED" -> "Queued mode"; SUPERSEDED when unset. */
export function modeLabel(mode: string | null | undefined): string {
  return `${humanWord(mode || "SUPERSEDED")} mode`;
}
