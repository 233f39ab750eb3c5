// The control room's store (zustand): the connection status, the watcher's badge, the pipeline
// list, the pipeline open in the detail pane, the dialog in progress, a notice line, and the
// settings with the connections to watch. Its named actions are the functions below (the store
// has no setter of its own); views refresh on the backend's `control-changed` events and a slow
// timer.
import { create } from "zustand";
import {
  type ActionExecutionDetail,
  type ActiveConnection,
  api,
  type BadgeItem,
  type BadgeState,
  type ConditionKind,
  type ControlSettings,
  type ControlStatus,
  type EventsExportFormat,
  type ExecutionSummary,
  errorDetails,
  errorMessage,
  type PipelineCard,
  type PipelineDetail,
  type RuleExecutionDetail,
  type WaitingApproval,
  type WatchChoice,
} from "../backend";
import { hasConditions } from "./conditions";
import { afterError, connectionKey, seenKey } from "./logic";

export type Dialog =
  | { kind: "approve"; approval: WaitingApproval; decision: "approve" | "reject" }
  | { kind: "start" }
  | { kind: "stop"; executionId: string }
  | { kind: "retry"; stage: string; executionId: string | null }
  | { kind: "rollback"; stage: string; targets: ExecutionSummary[] | null }
  | { kind: "transition"; stage: string; enable: boolean }
  | { kind: "override"; stage: string; condition: ConditionKind; executionId: string | null }
  | { kind: "settings" };

export interface ControlNotice {
  kind: "info" | "error";
  text: string;
  /** An error's technical rest, behind "Copy details". */
  details?: string | null;
}

export interface ControlState {
  status: ControlStatus | null;
  /**
   * What needs attention over every watched connection: from the watcher's `control-badge`
   * events (listened to from app start, for the tab's count) and the status.
   */
  badge: BadgeState | null;
  cards: PipelineCard[];
  listError: string | null;
  selected: string | null;
  /** The selection was made by the app (it may move to a pipeline that needs attention). */
  autoSelected: boolean;
  detail: PipelineDetail | null;
  detailError: string | null;
  /** The rule executions of the open pipeline's stage conditions (loaded when a stage has
   * conditions), newest first; null when none are loaded. */
  rules: RuleExecutionDetail[] | null;
  /** Why the rule executions could not be loaded (the rest of the view still shows). */
  rulesError: string | null;
  /** Action executions per pipeline execution id (history rows opened). */
  actions: Record<string, ActionExecutionDetail[]>;
  olderToken: string | null;
  dialog: Dialog | null;
  dialogError: string | null;
  /** The dialog error's technical rest, behind "Copy details". */
  dialogDetails: string | null;
  busy: boolean;
  notice: ControlNotice | null;
  settings: ControlSettings | null;
  /** The "connections to watch" checklist (loaded with the settings). */
  choices: WatchChoice[] | null;
}

/** What belongs to one connection's view: empty at start and again after a connection switch. */
const CONNECTION_VIEW = {
  cards: [],
  listError: null,
  selected: null,
  autoSelected: false,
  detail: null,
  detailError: null,
  rules: null,
  rulesError: null,
  actions: {},
  olderToken: null,
  dialog: null,
  dialogError: null,
  dialogDetails: null,
  busy: false,
} satisfies Partial<ControlState>;

export const useControl = create<ControlState>()(() => ({
  status: null,
  badge: null,
  ...CONNECTION_VIEW,
  notice: null,
  settings: null,
  choices: null,
}));

const get = () => useControl.getState();
const set = (patch: Partial<ControlState>) => useControl.setState(patch);

/**
 * Counts the active connection's switches: an answer asked for before a switch is dropped when
 * it arrives after it (the same pipeline name may exist in both connections).
 */
let generation = 0;

/**
 * The active connection changed (the quick switch, the connections view, a pipeline opened from
 * another connection's notification). What is on screen belonged to the previous connection:
 * the selection, its detail, the list, an open dialog and the status are cleared, so no button
 * acts on the old connection's pipeline. Returns whether anything was cleared (the caller then
 * reloads for the new connection when the control room is shown); a switch to the connection
 * already shown changes nothing.
 */
export function connectionChanged(active: ActiveConnection | null): boolean {
  const { detail, status } = get();
  const shown = detail ? seenKey(detail.seen) : connectionKey(status?.connection);
  if (shown !== null && shown === connectionKey(active)) return false;
  generation += 1;
  set({
    ...CONNECTION_VIEW,
    status: status ? { ...status, connection: active, error: null } : null,
  });
  return true;
}

/** A status from the backend, with its badge when it has one. */
function setStatus(status: ControlStatus): void {
  set({ status, badge: status.badge ?? get().badge });
}

export async function loadStatus(): Promise<void> {
  try {
    setStatus(await api.controlStatus());
  } catch (err) {
    set({ listError: errorMessage(err) });
  }
}

/**
 * The control room is on screen: the backend connects it (starting the local sandbox when no
 * connection is active) and watches the active connection; then everything is loaded.
 */
export async function connectRoom(): Promise<void> {
  try {
    setStatus(await api.controlConnect());
  } catch (err) {
    set({ listError: errorMessage(err) });
  }
  await refreshAll();
}

export function setBadge(badge: BadgeState): void {
  set({ badge });
}

export async function loadList(): Promise<void> {
  const asked = generation;
  try {
    const cards = await api.controlOverview();
    if (asked !== generation) return;
    set({ cards, listError: null });
    // Until the user picks one, show the pipeline that asks for attention (an approval first:
    // the watcher's health arrives a few seconds after the list), else the first one.
    const { selected, autoSelected } = get();
    if (cards.length > 0 && (!selected || autoSelected)) {
      const wanted = attentionFirst(cards);
      if (wanted !== selected) await openPipeline(wanted, true);
    }
  } catch (err) {
    if (asked === generation) set({ listError: errorMessage(err) });
  }
}

/** The pipeline to show when the user has not picked one: approvals waiting, then failing. */
export function attentionFirst(cards: PipelineCard[]): string {
  const waiting = cards.find((c) => (c.health?.approvals.length ?? 0) > 0);
  const failing = cards.find((c) => c.health?.failing);
  return (waiting ?? failing ?? cards[0]).overview.pipeline.name;
}

/** Opens a pipeline in the detail pane (`auto`: chosen by the app, not the user). */
export async function openPipeline(name: string, auto = false): Promise<void> {
  if (get().selected !== name)
    set({ selected: name, detail: null, rules: null, rulesError: null, actions: {}, olderToken: null });
  set({ autoSelected: auto });
  await loadDetail();
}

export async function loadDetail(): Promise<void> {
  const name = get().selected;
  if (!name) return;
  const asked = generation;
  const current = () => asked === generation && get().selected === name;
  try {
    const detail = await api.controlView(name);
    if (!current()) return;
    set({ detail, detailError: null, olderToken: detail.view.nextToken });
    await loadRules(name, detail);
  } catch (err) {
    if (current()) set({ detailError: errorMessage(err) });
  }
}

/** The rule executions of the pipeline's stage conditions, when a stage has conditions. */
async function loadRules(name: string, detail: PipelineDetail): Promise<void> {
  if (!hasConditions(detail.view.state.stages)) {
    set({ rules: null, rulesError: null });
    return;
  }
  const asked = generation;
  const current = () => asked === generation && get().selected === name;
  try {
    const rules = await api.controlRuleExecutions(name, null);
    if (current()) set({ rules, rulesError: null });
  } catch (err) {
    if (current()) set({ rulesError: errorMessage(err) });
  }
}

export async function refreshAll(): Promise<void> {
  await Promise.all([loadStatus(), loadList(), loadDetail()]);
}

export async function loadOlder(): Promise<void> {
  const { selected, olderToken, detail } = get();
  if (!selected || !olderToken || !detail) return;
  const asked = generation;
  try {
    const page = await api.controlHistory(selected, olderToken);
    if (asked !== generation) return;
    const executions = [...detail.view.executions, ...page.items];
    set({ detail: { ...detail, view: { ...detail.view, executions } }, olderToken: page.nextToken });
  } catch (err) {
    notifyError(err);
  }
}

export async function toggleExecution(executionId: string): Promise<void> {
  const { selected, actions } = get();
  if (!selected) return;
  if (actions[executionId]) {
    const rest = { ...actions };
    delete rest[executionId];
    set({ actions: rest });
    return;
  }
  const asked = generation;
  try {
    const list = await api.controlExecutionActions(selected, executionId);
    if (asked !== generation) return;
    set({ actions: { ...get().actions, [executionId]: list } });
  } catch (err) {
    notifyError(err);
  }
}

export function notify(kind: "info" | "error", text: string, details: string | null = null): void {
  set({ notice: details ? { kind, text, details } : { kind, text } });
}

/** The notice line says a failed call's sentence, with its details behind "Copy details". */
export function notifyError(err: unknown): void {
  notify("error", errorMessage(err), errorDetails(err));
}

export function dismissNotice(): void {
  set({ notice: null });
}

/**
 * Opens an operation's dialog. Acting on the open pipeline counts as picking it: the view no
 * longer moves to another pipeline that needs attention (it stays on the approval just decided).
 */
export function openDialog(dialog: Dialog): void {
  set({
    dialog,
    dialogError: null,
    dialogDetails: null,
    autoSelected: dialog.kind === "settings" ? get().autoSelected : false,
  });
}

export function closeDialog(): void {
  set({ dialog: null, dialogError: null, dialogDetails: null, busy: false });
}

/** The open dialog says what is wrong (and stays open), with the technical rest when known. */
export function failDialog(text: string, details: string | null = null): void {
  set({ busy: false, dialogError: text, dialogDetails: details });
}

/**
 * Runs an operation of the open dialog: on success closes it, says `done` and refreshes; on a
 * stale approval (or a pipeline that changed) closes it, says why and refreshes; otherwise keeps
 * the dialog open with the backend's sentence.
 */
/**
 * Closes the dialog once the open pipeline shows the operation's result, so the focus the dialog
 * gives back finds what is there now (an approval decided takes its Approve button with it).
 */
async function closeRefreshed(): Promise<void> {
  await loadDetail();
  closeDialog();
}

export async function runOperation(op: () => Promise<unknown>, done: string): Promise<boolean> {
  set({ busy: true, dialogError: null, dialogDetails: null });
  try {
    await op();
    await closeRefreshed();
    notify("info", done);
    await Promise.all([loadStatus(), loadList()]);
    return true;
  } catch (err) {
    if (!afterError(err).keepDialog) {
      await closeRefreshed();
      notifyError(err);
      await Promise.all([loadStatus(), loadList()]);
    } else {
      failDialog(errorMessage(err), errorDetails(err));
    }
    return false;
  }
}

export async function loadSettings(): Promise<void> {
  try {
    const [settings, choices] = await Promise.all([api.controlSettings(), api.controlWatchChoices()]);
    set({ settings, choices });
  } catch (err) {
    notifyError(err);
  }
}

/**
 * Opens a pipeline of another watched connection: the backend makes that connection the active
 * one, then its `control-open` event opens the pipeline.
 */
/** Saves the settings from the settings dialog: closes it when they are saved. */
export async function saveSettings(settings: ControlSettings): Promise<void> {
  set({ busy: true, dialogError: null, dialogDetails: null });
  try {
    set({ settings: await api.controlSaveSettings(settings) });
    closeDialog();
    notify("info", "Settings saved.");
    void loadList();
  } catch (err) {
    failDialog(errorMessage(err), errorDetails(err));
  }
}

/**
 * "Use events" for the active connection: the backend sets up this desktop's queue of
 * CodePipeline's events (bound to the connection and region shown) and watches by them, or
 * (`on` false) polls again. The settings reload so the checkbox follows.
 */
export async function setEventsOn(on: boolean): Promise<void> {
  const connection = get().status?.connection;
  if (!connection) return;
  const seen = { connectionId: connection.id, connection: connection.name, region: connection.region };
  set({ busy: true, dialogError: null, dialogDetails: null });
  try {
    const result = on ? await api.controlEventsSetup(seen) : await api.controlEventsStop(seen, false);
    set({ busy: false, settings: await api.controlSettings() });
    notify(
      "info",
      result.on
        ? `Watching ${connection.name} by CodePipeline's events (queue pipewright-watch-${result.reader}).`
        : `Watching ${connection.name} by polling again.`,
    );
  } catch (err) {
    failDialog(errorMessage(err), errorDetails(err));
  }
}

/** This desktop's queue and rule as CloudFormation or Terraform, for someone with the rights. */
export async function eventsExport(format: EventsExportFormat): Promise<string> {
  return api.controlEventsExport(format);
}

export async function openElsewhere(item: BadgeItem): Promise<void> {
  try {
    await api.controlOpen(item.connection, item.pipeline);
  } catch (err) {
    notifyError(err);
  }
}

export async function toggleMute(pipeline: string, muted: boolean): Promise<void> {
  try {
    set({ settings: await api.controlMute(pipeline, muted) });
    notify(
      "info",
      muted ? `Notifications of ${pipeline} are muted.` : `Notifications of ${pipeline} are on.`,
    );
    await Promise.all([loadList(), loadDetail()]);
  } catch (err) {
    notifyError(err);
  }
}

export async function openLink(url: string): Promise<void> {
  try {
    await api.controlOpenLink(url);
  } catch (err) {
    notifyError(err);
  }
}
