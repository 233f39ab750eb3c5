// Pure helpers of the control room: row tones, times, which operations a stage offers, the
// production guard as the UI shows it, and parsing the start form. No React, no IPC. The status
// words themselves (labels, tones, unknown ones) are backend/status.ts.
import {
  type ActionState,
  type ActiveConnection,
  type AppError,
  type ApprovalRequest,
  type BadgeItem,
  type BadgeState,
  isRunning,
  type PipelineCard,
  type PipelineDetail,
  type Seen,
  type ShownStatus,
  type SourceRevisionOverride,
  type StageState,
  shownStatus,
  statusTone,
  type Tone,
  type VariableValue,
  type WaitingApproval,
  type WatchChoice,
} from "../backend";

/** The tone of a pipeline row: failing wins, then approvals waiting, then the latest run. */
export function cardTone(card: PipelineCard): Tone {
  if (card.health?.failing) return "failed";
  if ((card.health?.approvals.length ?? 0) > 0) return "waiting";
  return statusTone(shownStatus(card.overview.latestExecution?.status));
}

/** "3 min ago" style, relative to `now` (ms); the absolute time goes in a tooltip. */
export function ago(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} d ago`;
}

/** The short form of an execution id (the first block of the UUID). */
export function shortId(id: string | null | undefined): string {
  if (!id) return "";
  return id.split("-")[0] ?? id;
}

/**
 * The approvals waiting at this action, one per waiting execution (PARALLEL mode may have
 * several), oldest first, each with its own execution id and token.
 */
export function approvalsAt(approvals: WaitingApproval[], stage: string, action: string): WaitingApproval[] {
  return approvals
    .filter((a) => a.stage === stage && a.action === action)
    .sort((a, b) => (a.since ?? "").localeCompare(b.since ?? ""));
}

/** The run an approval belongs to, as the approval card names it. */
export interface ApprovalRun {
  /** The execution id's short form ("7c1e2a90"). */
  id: string;
  /** Its source revision (summary, else the commit's short id), when the history shows it. */
  revision: string | null;
  /** What started it (`StartPipelineExecution`, `Webhook`, ...), when the history shows it. */
  trigger: string | null;
}

export function approvalRun(detail: PipelineDetail, approval: WaitingApproval): ApprovalRun {
  const id = approval.pipelineExecutionId;
  const exec = id ? detail.view.executions.find((x) => x.pipelineExecutionId === id) : undefined;
  const source = exec?.sourceRevisions.find((r) => r.revisionSummary || r.revisionId);
  const revision = source ? (source.revisionSummary ?? source.revisionId?.slice(0, 8) ?? null) : null;
  return { id: shortId(id), revision: revision || null, trigger: exec?.triggerType ?? null };
}

/**
 * What an action card's status says. "Waiting for approval" only while the action's latest run
 * is itself waiting: in PARALLEL mode a run that was rejected stays Failed though other runs wait
 * at the same action (they have their own approval cards).
 */
export function actionStatus(run: ActionState["latestExecution"], waiting: number): ShownStatus {
  if (waiting > 0 && (!run || shownStatus(run.status) === "InProgress")) return "WaitingForApproval";
  return shownStatus(run?.status);
}

/** Whether a stage's latest execution failed (Retry is offered). */
export function canRetry(stage: StageState): boolean {
  return shownStatus(stage.latestExecution?.status) === "Failed";
}

/** Whether an execution runs (Stop is offered). */
export function runningExecution(detail: PipelineDetail): string | null {
  for (const s of detail.view.state.stages) {
    const e = s.latestExecution;
    if (e && isRunning(e.status)) return e.pipelineExecutionId;
  }
  const e = detail.view.executions.find((x) => shownStatus(x.status) === "InProgress");
  return e ? e.pipelineExecutionId : null;
}

/** Whether operations on this stage need the pipeline's name typed back. */
export function needsConfirmation(detail: PipelineDetail, stage: string | null): boolean {
  return detail.production || (stage !== null && detail.productionStages.includes(stage));
}

/** V2 pipelines take variables and source revision overrides at start. */
export function isV2(detail: PipelineDetail): boolean {
  return detail.summary.pipelineType === "V2";
}

/** Actions with something to show below them (error, summary, link). */
export function actionHasDetails(action: ActionState): boolean {
  const e = action.latestExecution;
  return !!(e && (e.error || e.summary || e.externalExecutionUrl));
}

/** `NAME=value` lines into variables; blank lines ignored. Throws a sentence on a bad line. */
export function parseVariables(text: string): VariableValue[] {
  const out: VariableValue[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`Line ${i + 1} of the variables is not NAME=value.`);
    out.push({ name: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  return out;
}

/** `ActionName=COMMIT_ID:value` lines into source revision overrides. */
export function parseRevisions(text: string): SourceRevisionOverride[] {
  const out: SourceRevisionOverride[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([^=]+)=([A-Z_]+):(.+)$/.exec(line);
    if (!m) throw new Error(`Line ${i + 1} of the source revisions is not ActionName=COMMIT_ID:value.`);
    out.push({ actionName: m[1].trim(), revisionType: m[2], revisionValue: m[3].trim() });
  }
  return out;
}

/** The request that approves or rejects exactly the approval the user looked at. */
export function approvalRequest(
  detail: PipelineDetail,
  approval: WaitingApproval,
  decision: "approve" | "reject",
  summary: string,
  reason: string,
  confirmation: string,
): ApprovalRequest {
  return {
    pipeline: approval.pipeline,
    stage: approval.stage,
    action: approval.action,
    pipelineExecutionId: approval.pipelineExecutionId,
    parallel: detail.summary.executionMode === "PARALLEL",
    decision: decision === "approve" ? { decision: "approve" } : { decision: "reject", reason },
    summary,
    confirmation: confirmation.trim() === "" ? null : confirmation,
  };
}

/** What the UI does after a failed operation, by the backend's error kind. */
export function afterError(err: unknown): { refresh: boolean; keepDialog: boolean } {
  const kind = (err as AppError | null)?.kind;
  if (kind === "approval-stale" || kind === "no-approval" || kind === "not-found")
    return { refresh: true, keepDialog: false };
  return { refresh: false, keepDialog: true };
}

/** Web links only: what may be handed to the browser. */
export function isWebLink(url: string | null | undefined): url is string {
  return !!url && /^https?:\/\/\S+$/i.test(url.trim());
}

/** The control room tab's count: approvals waiting plus failing pipelines. */
export function attentionOf(badge: BadgeState | null | undefined): number {
  return (badge?.waitingApprovals ?? 0) + (badge?.failingPipelines ?? 0);
}

/** The badge (over every watched connection) seen from the connection on screen. */
export interface BadgeSplit {
  /** Approvals waiting and pipelines failing in the connection on screen. */
  approvals: number;
  failing: number;
  /** What needs attention in the other watched connections (failures first). */
  elsewhere: BadgeItem[];
  /** Watched connections that are not watched now (an expired sign-in, access denied, ...),
   * the one on screen included: each item's label says why. */
  notWatched: BadgeItem[];
}

/** An item about a connection that is not watched (its `pipeline` is empty). */
export function isNotWatched(item: BadgeItem): boolean {
  return item.kind === "NotWatched" || item.kind === "SignInNeeded";
}

/** Splits the badge into the connection on screen (`active`, by name) and the others. */
export function splitBadge(badge: BadgeState | null | undefined, active: string | null): BadgeSplit {
  const out: BadgeSplit = { approvals: 0, failing: 0, elsewhere: [], notWatched: [] };
  for (const item of badge?.items ?? []) {
    if (isNotWatched(item)) {
      out.notWatched.push(item);
      continue;
    }
    // Items without a connection come from the connection on screen (one watcher).
    if (item.connection === null || item.connection === active) {
      if (item.kind === "Failing") out.failing += 1;
      else out.approvals += 1;
    } else {
      out.elsewhere.push(item);
    }
  }
  return out;
}

/** The connections to watch after ticking (`on`) or unticking one: sorted, no repeats. */
export function toggleWatched(watched: string[], key: string, on: boolean): string[] {
  const set = new Set(watched);
  if (on) set.add(key);
  else set.delete(key);
  return [...set].sort();
}

/** What the checklist says beside a connection, for the choice as ticked now. */
export function watchNote(choice: WatchChoice, chosen: boolean): string {
  if (choice.problem && (chosen || choice.active)) return choice.problem;
  // Watched by events (or polling because its queue failed, and why).
  const how = choice.watching && choice.feed ? ` (${choice.feed})` : "";
  if (choice.active)
    return chosen
      ? `watched (the active connection)${how}`
      : `watched while it is the active connection${how}`;
  if (chosen) return choice.watching ? `watched${how}` : "watched once saved";
  return choice.watching ? "stops being watched once saved" : "not watched";
}

/** One connection and region as a comparable key (a saved connection's id, else its name). */
export function connectionKey(c: ActiveConnection | null | undefined): string | null {
  return c ? `${c.id ?? c.name}|${c.region}` : null;
}

/** The key of the connection and region a pipeline's detail was read from. */
export function seenKey(seen: Seen): string {
  return `${seen.connectionId ?? seen.connection}|${seen.region}`;
}

/**
 * Whether the open detail belongs to the active connection: after a switch, a detail read from
 * the previous one must not offer its buttons (they would act on a pipeline of another account).
 * Unknown (no status yet) counts as current.
 */
export function detailIsCurrent(
  detail: PipelineDetail | null,
  active: ActiveConnection | null | undefined,
): boolean {
  if (!detail || !active) return true;
  return seenKey(detail.seen) === connectionKey(active);
}
