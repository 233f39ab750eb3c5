// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings`.
// Do not edit by hand.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AboutInfo, ActionExecutionDetail, ActiveConnection, ActiveConnectionEvent, AppError, AppInfo, ApplyRequest, ApplyResults, ApprovalOutcome, ApprovalRequest, AroundResult, AvailableUpdate, AwsProfileInfo, BadgeState, Catalog, CompareWith, Comparison, ConditionKind, ConnectOptions, Connection, ConnectionEdit, ConnectionSession, ConnectionsOverview, ControlChangedEvent, ControlOpenEvent, ControlSettings, ControlStatus, Diagnostic, Difference, Document, EventsExportFormat, EventsSetup, ExecutionSummary, Export, ExportFormat, FileFilter, Format, ImportRequest, ImportResults, LogPage, LogPageRequest, Migration, NewConnection, OpenFileEvent, OpenedDesign, Page, PipelineCard, PipelineDetail, Recovery, Release, RemotePipeline, RetryMode, Review, Revision, RuleExecutionDetail, SecretInput, Seen, SignInEvent, SignInRequestEvent, SignInWaiting, StartInput, StopRequest, SyncPlan, SyncProgress, TemplateInfo, TestReport, Timeline, TransitionType, UpdateCheck, WaitingApproval, WatchChoice, Why, WhyRequest } from "./types";

/** Command `catalog`. Rejects with an `AppError`. */
export function catalog(): Promise<Catalog> {
  return invoke<Catalog>("catalog");
}

/** Command `validate_document`. Rejects with an `AppError`. */
export function validateDocument(document: Document): Promise<Array<Diagnostic>> {
  return invoke<Array<Diagnostic>>("validate_document", { document });
}

/** Command `parse_text`. Rejects with an `AppError`. */
export function parseText(text: string, format: Format): Promise<Document> {
  return invoke<Document>("parse_text", { text, format });
}

/** Command `render_text`. Rejects with an `AppError`. */
export function renderText(document: Document, format: Format): Promise<string> {
  return invoke<string>("render_text", { document, format });
}

/** Command `templates`. Rejects with an `AppError`. */
export function templates(): Promise<Array<TemplateInfo>> {
  return invoke<Array<TemplateInfo>>("templates");
}

/** Command `new_document`. Rejects with an `AppError`. */
export function newDocument(template: string | null, values: { [key in string]?: string } | null): Promise<Document> {
  return invoke<Document>("new_document", { template, values });
}

/** Command `open_design`. Rejects with an `AppError`. */
export function openDesign(path: string): Promise<OpenedDesign> {
  return invoke<OpenedDesign>("open_design", { path });
}

/** Command `save_design`. Rejects with an `AppError`. */
export function saveDesign(path: string, document: Document, format: Format | null): Promise<void> {
  return invoke<void>("save_design", { path, document, format });
}

/** Command `recent_files`. Rejects with an `AppError`. */
export function recentFiles(): Promise<Array<string>> {
  return invoke<Array<string>>("recent_files");
}

/** Command `autosave`. Rejects with an `AppError`. */
export function autosave(key: string, path: string | null, document: Document): Promise<void> {
  return invoke<void>("autosave", { key, path, document });
}

/** Command `list_recoveries`. Rejects with an `AppError`. */
export function listRecoveries(): Promise<Array<Recovery>> {
  return invoke<Array<Recovery>>("list_recoveries");
}

/** Command `discard_recovery`. Rejects with an `AppError`. */
export function discardRecovery(key: string): Promise<void> {
  return invoke<void>("discard_recovery", { key });
}

/** Command `startup_file`. Rejects with an `AppError`. */
export function startupFile(): Promise<string | null> {
  return invoke<string | null>("startup_file");
}

/** Command `save_export`. Rejects with an `AppError`. */
export function saveExport(path: string, dataBase64: string): Promise<void> {
  return invoke<void>("save_export", { path, dataBase64 });
}

/** Command `pick_file`. Rejects with an `AppError`. */
export function pickFile(filters: Array<FileFilter>): Promise<string | null> {
  return invoke<string | null>("pick_file", { filters });
}

/** Command `pick_folder`. Rejects with an `AppError`. */
export function pickFolder(title: string): Promise<string | null> {
  return invoke<string | null>("pick_folder", { title });
}

/** Command `pick_save_path`. Rejects with an `AppError`. */
export function pickSavePath(title: string | null, defaultPath: string, filters: Array<FileFilter>): Promise<string | null> {
  return invoke<string | null>("pick_save_path", { title, defaultPath, filters });
}

/** Command `app_info`. Rejects with an `AppError`. */
export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}

/** Command `about_info`. Rejects with an `AppError`. */
export function aboutInfo(): Promise<AboutInfo> {
  return invoke<AboutInfo>("about_info");
}

/** Command `update_check`. Rejects with an `AppError`. */
export function updateCheck(): Promise<UpdateCheck> {
  return invoke<UpdateCheck>("update_check");
}

/** Command `update_install`. Rejects with an `AppError`. */
export function updateInstall(): Promise<void> {
  return invoke<void>("update_install");
}

/** Command `environment_names`. Rejects with an `AppError`. */
export function environmentNames(document: Document): Promise<Array<string>> {
  return invoke<Array<string>>("environment_names", { document });
}

/** Command `render_environment`. Rejects with an `AppError`. */
export function renderEnvironment(document: Document, env: string): Promise<Document> {
  return invoke<Document>("render_environment", { document, env });
}

/** Command `environment_differences`. Rejects with an `AppError`. */
export function environmentDifferences(document: Document, left: string, right: string): Promise<Array<Difference>> {
  return invoke<Array<Difference>>("environment_differences", { document, left, right });
}

/** Command `export_iac`. Rejects with an `AppError`. */
export function exportIac(document: Document, format: ExportFormat, environment: string | null): Promise<Export> {
  return invoke<Export>("export_iac", { document, format, environment });
}

/** Command `export_picture`. Rejects with an `AppError`. */
export function exportPicture(document: Document, environment: string | null): Promise<string> {
  return invoke<string>("export_picture", { document, environment });
}

/** Command `migrate_github_v1`. Rejects with an `AppError`. */
export function migrateGithubV1(document: Document, connectionArn: string): Promise<Migration> {
  return invoke<Migration>("migrate_github_v1", { document, connectionArn });
}

/** Command `save_text`. Rejects with an `AppError`. */
export function saveText(path: string, text: string): Promise<void> {
  return invoke<void>("save_text", { path, text });
}

/** Command `compare_design`. Rejects with an `AppError`. */
export function compareDesign(path: string | null, document: Document, other: CompareWith): Promise<Review> {
  return invoke<Review>("compare_design", { path, document, other });
}

/** Command `design_revisions`. Rejects with an `AppError`. */
export function designRevisions(path: string): Promise<Array<Revision>> {
  return invoke<Array<Revision>>("design_revisions", { path });
}

/** Command `list_connections`. Rejects with an `AppError`. */
export function listConnections(): Promise<ConnectionsOverview> {
  return invoke<ConnectionsOverview>("list_connections");
}

/** Command `aws_profiles`. Rejects with an `AppError`. */
export function awsProfiles(): Promise<Array<AwsProfileInfo>> {
  return invoke<Array<AwsProfileInfo>>("aws_profiles");
}

/** Command `add_connection`. Rejects with an `AppError`. */
export function addConnection(connection: NewConnection): Promise<Connection> {
  return invoke<Connection>("add_connection", { connection });
}

/** Command `edit_connection`. Rejects with an `AppError`. */
export function editConnection(id: string, edit: ConnectionEdit): Promise<Connection> {
  return invoke<Connection>("edit_connection", { id, edit });
}

/** Command `rotate_connection_secret`. Rejects with an `AppError`. */
export function rotateConnectionSecret(id: string, secret: SecretInput): Promise<Connection> {
  return invoke<Connection>("rotate_connection_secret", { id, secret });
}

/** Command `remove_connection`. Rejects with an `AppError`. */
export function removeConnection(id: string): Promise<Connection> {
  return invoke<Connection>("remove_connection", { id });
}

/** Command `test_connection`. Rejects with an `AppError`. */
export function testConnection(id: string, options: ConnectOptions): Promise<TestReport> {
  return invoke<TestReport>("test_connection", { id, options });
}

/** Command `activate_connection`. Rejects with an `AppError`. */
export function activateConnection(id: string, options: ConnectOptions): Promise<ActiveConnection> {
  return invoke<ActiveConnection>("activate_connection", { id, options });
}

/** Command `switch_region`. Rejects with an `AppError`. */
export function switchRegion(region: string): Promise<ActiveConnection> {
  return invoke<ActiveConnection>("switch_region", { region });
}

/** Command `active_connection`. Rejects with an `AppError`. */
export function activeConnection(): Promise<ActiveConnection | null> {
  return invoke<ActiveConnection | null>("active_connection");
}

/** Command `sign_in_connection`. Rejects with an `AppError`. */
export function signInConnection(connection: string): Promise<SignInWaiting> {
  return invoke<SignInWaiting>("sign_in_connection", { connection });
}

/** Command `sign_in_mfa`. Rejects with an `AppError`. */
export function signInMfa(connection: string, code: string): Promise<ConnectionSession> {
  return invoke<ConnectionSession>("sign_in_mfa", { connection, code });
}

/** Command `cancel_sign_in`. Rejects with an `AppError`. */
export function cancelSignIn(connection: string): Promise<boolean> {
  return invoke<boolean>("cancel_sign_in", { connection });
}

/** Command `connection_sessions`. Rejects with an `AppError`. */
export function connectionSessions(): Promise<Array<ConnectionSession>> {
  return invoke<Array<ConnectionSession>>("connection_sessions");
}

/** Command `sync_plan`. Rejects with an `AppError`. */
export function syncPlan(paths: Array<string>): Promise<SyncPlan> {
  return invoke<SyncPlan>("sync_plan", { paths });
}

/** Command `sync_apply`. Rejects with an `AppError`. */
export function syncApply(request: ApplyRequest): Promise<ApplyResults> {
  return invoke<ApplyResults>("sync_apply", { request });
}

/** Command `remote_pipelines`. Rejects with an `AppError`. */
export function remotePipelines(): Promise<Array<RemotePipeline>> {
  return invoke<Array<RemotePipeline>>("remote_pipelines");
}

/** Command `sync_import`. Rejects with an `AppError`. */
export function syncImport(request: ImportRequest): Promise<ImportResults> {
  return invoke<ImportResults>("sync_import", { request });
}

/** Command `delete_remote_pipeline`. Rejects with an `AppError`. */
export function deleteRemotePipeline(name: string, confirmName: string, seen: Seen): Promise<Array<AroundResult>> {
  return invoke<Array<AroundResult>>("delete_remote_pipeline", { name, confirmName, seen });
}

/** Command `control_status`. Rejects with an `AppError`. */
export function controlStatus(): Promise<ControlStatus> {
  return invoke<ControlStatus>("control_status");
}

/** Command `control_connect`. Rejects with an `AppError`. */
export function controlConnect(): Promise<ControlStatus> {
  return invoke<ControlStatus>("control_connect");
}

/** Command `control_watch_choices`. Rejects with an `AppError`. */
export function controlWatchChoices(): Promise<Array<WatchChoice>> {
  return invoke<Array<WatchChoice>>("control_watch_choices");
}

/** Command `control_open`. Rejects with an `AppError`. */
export function controlOpen(connection: string | null, pipeline: string): Promise<void> {
  return invoke<void>("control_open", { connection, pipeline });
}

/** Command `control_overview`. Rejects with an `AppError`. */
export function controlOverview(): Promise<Array<PipelineCard>> {
  return invoke<Array<PipelineCard>>("control_overview");
}

/** Command `control_view`. Rejects with an `AppError`. */
export function controlView(pipeline: string): Promise<PipelineDetail> {
  return invoke<PipelineDetail>("control_view", { pipeline });
}

/** Command `control_history`. Rejects with an `AppError`. */
export function controlHistory(pipeline: string, nextToken: string | null): Promise<Page<ExecutionSummary>> {
  return invoke<Page<ExecutionSummary>>("control_history", { pipeline, nextToken });
}

/** Command `control_execution_actions`. Rejects with an `AppError`. */
export function controlExecutionActions(pipeline: string, pipelineExecutionId: string): Promise<Array<ActionExecutionDetail>> {
  return invoke<Array<ActionExecutionDetail>>("control_execution_actions", { pipeline, pipelineExecutionId });
}

/** Command `control_why`. Rejects with an `AppError`. */
export function controlWhy(request: WhyRequest, seen: Seen): Promise<Why> {
  return invoke<Why>("control_why", { request, seen });
}

/** Command `control_log_page`. Rejects with an `AppError`. */
export function controlLogPage(request: LogPageRequest, seen: Seen): Promise<LogPage> {
  return invoke<LogPage>("control_log_page", { request, seen });
}

/** Command `control_release`. Rejects with an `AppError`. */
export function controlRelease(approval: WaitingApproval, seen: Seen): Promise<Release> {
  return invoke<Release>("control_release", { approval, seen });
}

/** Command `control_timeline`. Rejects with an `AppError`. */
export function controlTimeline(pipeline: string, execution: string | null, seen: Seen): Promise<Timeline> {
  return invoke<Timeline>("control_timeline", { pipeline, execution, seen });
}

/** Command `control_compare`. Rejects with an `AppError`. */
export function controlCompare(pipeline: string, a: string, b: string, seen: Seen): Promise<Comparison> {
  return invoke<Comparison>("control_compare", { pipeline, a, b, seen });
}

/** Command `control_decide`. Rejects with an `AppError`. */
export function controlDecide(request: ApprovalRequest, token: string | null, seen: Seen): Promise<ApprovalOutcome> {
  return invoke<ApprovalOutcome>("control_decide", { request, token, seen });
}

/** Command `control_start`. Rejects with an `AppError`. */
export function controlStart(input: StartInput, confirmation: string | null, seen: Seen): Promise<string> {
  return invoke<string>("control_start", { input, confirmation, seen });
}

/** Command `control_stop`. Rejects with an `AppError`. */
export function controlStop(request: StopRequest, seen: Seen): Promise<string> {
  return invoke<string>("control_stop", { request, seen });
}

/** Command `control_retry`. Rejects with an `AppError`. */
export function controlRetry(pipeline: string, stage: string, pipelineExecutionId: string | null, mode: RetryMode, seen: Seen): Promise<string> {
  return invoke<string>("control_retry", { pipeline, stage, pipelineExecutionId, mode, seen });
}

/** Command `control_rule_executions`. Rejects with an `AppError`. */
export function controlRuleExecutions(pipeline: string, pipelineExecutionId: string | null): Promise<Array<RuleExecutionDetail>> {
  return invoke<Array<RuleExecutionDetail>>("control_rule_executions", { pipeline, pipelineExecutionId });
}

/** Command `control_override`. Rejects with an `AppError`. */
export function controlOverride(pipeline: string, stage: string, condition: ConditionKind, pipelineExecutionId: string | null, confirmation: string | null, seen: Seen): Promise<string> {
  return invoke<string>("control_override", { pipeline, stage, condition, pipelineExecutionId, confirmation, seen });
}

/** Command `control_rollback_targets`. Rejects with an `AppError`. */
export function controlRollbackTargets(pipeline: string, stage: string): Promise<Array<ExecutionSummary>> {
  return invoke<Array<ExecutionSummary>>("control_rollback_targets", { pipeline, stage });
}

/** Command `control_rollback`. Rejects with an `AppError`. */
export function controlRollback(pipeline: string, stage: string, targetPipelineExecutionId: string, confirmation: string | null, seen: Seen): Promise<string> {
  return invoke<string>("control_rollback", { pipeline, stage, targetPipelineExecutionId, confirmation, seen });
}

/** Command `control_set_transition`. Rejects with an `AppError`. */
export function controlSetTransition(pipeline: string, stage: string, transition: TransitionType, enabled: boolean, reason: string | null, seen: Seen): Promise<void> {
  return invoke<void>("control_set_transition", { pipeline, stage, transition, enabled, reason, seen });
}

/** Command `control_settings`. Rejects with an `AppError`. */
export function controlSettings(): Promise<ControlSettings> {
  return invoke<ControlSettings>("control_settings");
}

/** Command `control_save_settings`. Rejects with an `AppError`. */
export function controlSaveSettings(settings: ControlSettings): Promise<ControlSettings> {
  return invoke<ControlSettings>("control_save_settings", { settings });
}

/** Command `control_mute`. Rejects with an `AppError`. */
export function controlMute(pipeline: string, muted: boolean): Promise<ControlSettings> {
  return invoke<ControlSettings>("control_mute", { pipeline, muted });
}

/** Command `control_events_setup`. Rejects with an `AppError`. */
export function controlEventsSetup(seen: Seen): Promise<EventsSetup> {
  return invoke<EventsSetup>("control_events_setup", { seen });
}

/** Command `control_events_stop`. Rejects with an `AppError`. */
export function controlEventsStop(seen: Seen, teardown: boolean): Promise<EventsSetup> {
  return invoke<EventsSetup>("control_events_stop", { seen, teardown });
}

/** Command `control_events_export`. Rejects with an `AppError`. */
export function controlEventsExport(format: EventsExportFormat): Promise<string> {
  return invoke<string>("control_events_export", { format });
}

/** Command `control_open_link`. Rejects with an `AppError`. */
export function controlOpenLink(url: string): Promise<void> {
  return invoke<void>("control_open_link", { url });
}

/** Event `open-file`. */
export function onOpenFile(handler: (payload: OpenFileEvent) => void): Promise<UnlistenFn> {
  return listen<OpenFileEvent>("open-file", (event) => handler(event.payload));
}

/** Event `active-connection`. */
export function onActiveConnection(handler: (payload: ActiveConnectionEvent) => void): Promise<UnlistenFn> {
  return listen<ActiveConnectionEvent>("active-connection", (event) => handler(event.payload));
}

/** Event `sync-progress`. */
export function onSyncProgress(handler: (payload: SyncProgress) => void): Promise<UnlistenFn> {
  return listen<SyncProgress>("sync-progress", (event) => handler(event.payload));
}

/** Event `control-open`. */
export function onControlOpen(handler: (payload: ControlOpenEvent) => void): Promise<UnlistenFn> {
  return listen<ControlOpenEvent>("control-open", (event) => handler(event.payload));
}

/** Event `control-badge`. */
export function onControlBadge(handler: (payload: BadgeState) => void): Promise<UnlistenFn> {
  return listen<BadgeState>("control-badge", (event) => handler(event.payload));
}

/** Event `control-changed`. */
export function onControlChanged(handler: (payload: ControlChangedEvent) => void): Promise<UnlistenFn> {
  return listen<ControlChangedEvent>("control-changed", (event) => handler(event.payload));
}

/** Event `sign-in-requested`. */
export function onSignInRequested(handler: (payload: SignInRequestEvent) => void): Promise<UnlistenFn> {
  return listen<SignInRequestEvent>("sign-in-requested", (event) => handler(event.payload));
}

/** Event `sign-in`. */
export function onSignIn(handler: (payload: SignInEvent) => void): Promise<UnlistenFn> {
  return listen<SignInEvent>("sign-in", (event) => handler(event.payload));
}

/** Event `update-available`. */
export function onUpdateAvailable(handler: (payload: AvailableUpdate) => void): Promise<UnlistenFn> {
  return listen<AvailableUpdate>("update-available", (event) => handler(event.payload));
}

/** Whether a rejection value is the backend's `AppError`. */
export function isAppError(error: unknown): error is AppError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as AppError).kind === "string" &&
    typeof (error as AppError).message === "string"
  );
}
