// Pure logic of the sync review screen: which pipelines of a plan can be applied, the per-pipeline
// choice for drifted ones, the apply request, progress from `sync-progress` events, the lines
// around each pipeline (EventBridge rules, their role, webhooks) and what a delete removed with
// it, and the typed-name check before a remote delete.
import type {
  ApplyRequest,
  AroundChange,
  AroundKind,
  AroundOp,
  AroundResult,
  Change,
  Diagnostic,
  PipelinePlan,
  Plan,
  PlanAction,
  Seen,
  SyncProgress,
} from "../backend";

/** What to do with a drifted pipeline: leave it, take the remote into the design, or overwrite. */
export type DriftChoice = "skip" | "pull" | "overwrite";

export const ACTION_LABELS: Record<PlanAction, string> = {
  create: "create",
  update: "update",
  unchanged: "unchanged",
  drifted: "drifted",
  "remote-only": "remote only",
  invalid: "invalid",
  "other-pipeline": "other pipeline",
};

/** The badge tone of a plan action or an apply outcome. */
export function tone(actionOrOutcome: string): "ok" | "change" | "warn" | "error" | "muted" {
  switch (actionOrOutcome) {
    case "create":
    case "update":
      return "change";
    case "created":
    case "updated":
    case "pulled":
    case "record-refreshed":
      return "ok";
    case "drifted":
    case "other-pipeline":
    case "refused":
      return "warn";
    case "invalid":
    case "failed":
      return "error";
    default:
      return "muted";
  }
}

/** A plan's validation errors. The wire leaves `errors` out when there are none (serde
 * `skip_serializing_if`), although the generated type says it is always there. */
export function planErrors(p: Pick<PipelinePlan, "errors">): Diagnostic[] {
  return p.errors ?? [];
}

/** Can this pipeline be part of an apply (given the choice made for a drifted one)? */
export function applicable(p: PipelinePlan, choice: DriftChoice | undefined): boolean {
  if (p.action === "create" || p.action === "update") return true;
  if (p.action === "unchanged") return p.recordStale;
  if (p.action === "drifted") return choice === "pull" || choice === "overwrite";
  // Synced with another pipeline (account, region): only sending it here on purpose.
  if (p.action === "other-pipeline") return choice === "overwrite";
  return false;
}

/** The pipelines ticked when a plan arrives: everything that would change, no drifted ones. */
export function defaultSelection(plan: Plan): Set<string> {
  return new Set(
    plan.pipelines.filter((p) => p.action === "create" || p.action === "update").map((p) => p.name),
  );
}

/** What the user reviewed: the plan's connection and region, and its fingerprint. */
export interface Reviewed {
  seen: Seen;
  fingerprint: string;
}

/** The apply request for the ticked pipelines (invalid and remote-only ones never go), bound to
 * the reviewed plan: the backend refuses it on another connection or region, or when planning
 * again gives another plan. */
export function buildApplyRequest(
  paths: string[],
  plan: Plan,
  selected: ReadonlySet<string>,
  choices: Readonly<Record<string, DriftChoice>>,
  reviewed: Reviewed,
): ApplyRequest {
  const chosen = plan.pipelines.filter((p) => selected.has(p.name) && applicable(p, choices[p.name]));
  const drifted = chosen.filter((p) => p.action === "drifted" || p.action === "other-pipeline");
  return {
    paths,
    only: chosen.map((p) => p.name),
    overwrite: drifted.filter((p) => choices[p.name] === "overwrite").map((p) => p.name),
    pull: drifted.filter((p) => p.action === "drifted" && choices[p.name] === "pull").map((p) => p.name),
    seen: reviewed.seen,
    fingerprint: reviewed.fingerprint,
  };
}

/** The confirmation sentence of an apply: what will happen remotely and to the design files. */
export function confirmText(plan: Plan, request: ApplyRequest): string {
  const only = new Set(request.only ?? []);
  const count = (action: PlanAction) =>
    plan.pipelines.filter((p) => only.has(p.name) && p.action === action).length;
  const parts: string[] = [];
  const create = count("create");
  const update = count("update");
  if (create) parts.push(`create ${create}`);
  if (update) parts.push(`update ${update}`);
  if (request.overwrite.length) parts.push(`overwrite ${request.overwrite.length} drifted`);
  if (request.pull.length) parts.push(`pull ${request.pull.length} into the design files`);
  const refresh = count("unchanged");
  if (refresh) parts.push(`refresh the sync record of ${refresh}`);
  if (parts.length === 0) return "Nothing is selected to apply.";
  const text = parts.join(", ");
  return `${text[0].toUpperCase()}${text.slice(1)} pipeline${only.size === 1 ? "" : "s"}.`;
}

export interface PipelineProgress {
  status: "waiting" | "running" | "done";
  /** The outcome label when done ("created", "refused (drifted)", ...). */
  outcome: string | null;
}

export interface ProgressState {
  done: number;
  total: number;
  pipelines: Record<string, PipelineProgress>;
}

/** Progress before any event: every requested pipeline waiting. */
export function startProgress(names: string[]): ProgressState {
  const pipelines: Record<string, PipelineProgress> = {};
  for (const n of names) pipelines[n] = { status: "waiting", outcome: null };
  return { done: 0, total: names.length, pipelines };
}

/** Folds one `sync-progress` event in (events may arrive in any order across pipelines). */
export function onProgress(state: ProgressState, e: SyncProgress): ProgressState {
  const previous = state.pipelines[e.name];
  if (previous?.status === "done" && e.finished === null) return state;
  const next: PipelineProgress =
    e.finished === null ? { status: "running", outcome: null } : { status: "done", outcome: e.finished };
  return {
    done: Math.max(state.done, e.done),
    total: Math.max(state.total, e.total),
    pipelines: { ...state.pipelines, [e.name]: next },
  };
}

/** A remote delete goes only once the exact name was typed. */
export function canConfirmDelete(name: string, typed: string): boolean {
  return name !== "" && typed === name;
}

/** A diff value in one short line. */
export function formatValue(v: unknown, max = 120): string {
  if (v === undefined) return "—";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Changes grouped by stage (from their pointer), in plan order, for the diff view. */
export function groupChanges(changes: Change[]): { group: string; changes: Change[] }[] {
  const groups: { group: string; changes: Change[] }[] = [];
  for (const c of changes) {
    const m = /^\/pipeline\/stages\/(\d+)/.exec(c.pointer);
    const group = m ? `Stage ${Number(m[1]) + 1}` : c.pointer.startsWith("/tags") ? "Tags" : "Pipeline";
    const last = groups[groups.length - 1];
    if (last && last.group === group) last.changes.push(c);
    else groups.push({ group, changes: [c] });
  }
  return groups;
}

/** The drift in words: versions and reason. */
export function driftText(p: Pick<PipelinePlan, "drift" | "syncedVersion" | "remoteVersion">): string {
  const synced = p.drift?.syncedVersion ?? p.syncedVersion;
  const remote = p.drift?.remoteVersion ?? p.remoteVersion;
  const reason = p.drift?.reason ?? "the remote pipeline changed since the last sync";
  const versions =
    synced !== undefined && remote !== undefined
      ? ` (design synced from version ${synced}, remote is version ${remote})`
      : remote !== undefined
        ? ` (the design was never synced; remote is version ${remote})`
        : "";
  return `${reason[0].toUpperCase()}${reason.slice(1)}${versions}.`;
}

/** Paths to plan: a chosen folder, or the open design's file. */
/** What the user chose to plan, remembered across visits: `source` is null until they choose. */
export interface SourceChoice {
  folder: string | null;
  source: "folder" | "open" | null;
}

/** A stored choice (JSON), or no choice when it is missing or not one. */
export function parseSourceChoice(text: string | null): SourceChoice {
  const none: SourceChoice = { folder: null, source: null };
  if (!text) return none;
  try {
    const v = JSON.parse(text) as Partial<SourceChoice> | null;
    return {
      folder: typeof v?.folder === "string" && v.folder !== "" ? v.folder : null,
      source: v?.source === "folder" || v?.source === "open" ? v.source : null,
    };
  } catch {
    return none;
  }
}

/**
 * Whether the open design is planned: when a design is open, unless the user chose a folder and
 * has one; without an open design, the folder.
 */
export function plansOpenDesign(choice: SourceChoice, openPath: string | null): boolean {
  if (!openPath) return false;
  return !(choice.source === "folder" && choice.folder);
}

export function sourcePaths(folder: string | null, openPath: string | null, useOpen: boolean): string[] {
  if (useOpen) return openPath ? [openPath] : [];
  return folder ? [folder] : [];
}

/** The plan was made on another connection or region than the active one: it is dropped. */
export function planIsElsewhere(
  plan: { connection: { id: string | null; name: string; region: string } } | null,
  active: { id: string | null; name: string; region: string } | null,
): boolean {
  if (!plan) return false;
  if (!active) return true;
  return (
    plan.connection.id !== active.id ||
    plan.connection.name !== active.name ||
    plan.connection.region !== active.region
  );
}

/** What a view made on `active` shows, as a command passes it back. */
export function seenOf(active: { id: string | null; name: string; region: string }): Seen {
  return { connectionId: active.id, connection: active.name, region: active.region };
}

/** The connection and region a plan was made on, as apply passes them back. */
export function reviewedOf(plan: {
  connection: { id: string | null; name: string; region: string };
  fingerprint: string;
}): Reviewed {
  return { seen: seenOf(plan.connection), fingerprint: plan.fingerprint };
}

/** What a resource around a pipeline is, in words. */
export const AROUND_KINDS: Record<AroundKind, string> = {
  rule: "EventBridge rule",
  role: "IAM role",
  webhook: "webhook",
};

/** What apply does with a resource around a pipeline. */
export const AROUND_OPS: Record<AroundOp, string> = {
  create: "create",
  update: "update",
  unchanged: "unchanged",
  missing: "missing",
  delete: "delete",
};

/** The badge tone of a line around a pipeline: missing or changed outside is drift. */
export function aroundTone(op: AroundOp): "ok" | "change" | "warn" | "error" | "muted" {
  switch (op) {
    case "create":
    case "delete":
      return "change";
    case "update":
    case "missing":
      return "warn";
    default:
      return "muted";
  }
}

/** What apply will change around the pipeline (the unchanged lines left out). */
export function aroundChanges(around: AroundChange[] | undefined): AroundChange[] {
  return (around ?? []).filter((a) => a.op !== "unchanged");
}

/** The plan row's count of the lines around it, e.g. "2 around: 1 missing, 1 unchanged". */
export function aroundCount(around: AroundChange[] | undefined): string {
  const list = around ?? [];
  if (list.length === 0) return "";
  const by = new Map<AroundOp, number>();
  for (const a of list) by.set(a.op, (by.get(a.op) ?? 0) + 1);
  const parts = (Object.keys(AROUND_OPS) as AroundOp[])
    .filter((op) => by.has(op))
    .map((op) => `${by.get(op)} ${AROUND_OPS[op]}`);
  return `${list.length} around: ${parts.join(", ")}`;
}

/** What a remote delete removed around the pipeline, one sentence a resource. */
export function deletedAround(results: AroundResult[]): string[] {
  return results.map((r) => {
    const what = `${AROUND_KINDS[r.kind]} ${r.name}`;
    if (r.error) return `${what} was not deleted: ${r.error}`;
    return r.op === "delete" ? `${what} deleted` : `${what}: ${AROUND_OPS[r.op]}`;
  });
}
