//! Every command the UI can call, listed ONCE in [`with_commands!`]: the list both registers the
//! handlers with Tauri ([`handler`]) and describes their TypeScript signatures ([`specs`]) for
//! the generated `ui/src/bindings/commands.ts`.
//!
//! A command's argument names and types here must be those of its function (without `State`,
//! `AppHandle`, ... which Tauri injects); the tests in `ipc_tests` call each command through
//! Tauri's IPC (mock runtime) with exactly these names.

pub mod app;
pub mod connections;
pub mod control;
pub mod designer;
pub mod dialogs;
pub mod environments;
pub mod exports;
pub mod files;
pub mod migrate;
pub mod review;
pub mod sync;
pub mod updates;

use std::collections::BTreeMap;

use pipewright_core::catalog::Catalog;
use pipewright_core::environments::Difference;
use pipewright_core::export::{Export, ExportFormat};
use pipewright_core::review::Review;
use pipewright_core::templates::TemplateInfo;
use pipewright_core::{Diagnostic, Document, Format};

use crate::updater::UpdateCheck;
use app::{AboutInfo, AppInfo};
use pipewright_appcore::connections::ConnectionsOverview;
use pipewright_appcore::control_room::{
    ControlSettings, ControlStatus, EventsExportFormat, EventsSetup, PipelineCard, PipelineDetail,
    WatchChoice,
};
use pipewright_appcore::files::OpenedDesign;
use pipewright_appcore::grants::FileFilter;
use pipewright_appcore::migrate::Migration;
use pipewright_appcore::recovery::Recovery;
use pipewright_appcore::review::{CompareWith, Revision};
use pipewright_appcore::seen::Seen;
use pipewright_appcore::sign_in::{ConnectionSession, SignInWaiting};
use pipewright_appcore::sync::{
    ApplyRequest, ApplyResults, ImportRequest, ImportResults, RemotePipeline, SyncPlan,
};
use pipewright_aws::control::release::Release;
use pipewright_aws::control::timeline::{Comparison, Timeline};
use pipewright_aws::control::why::{LogPage, LogPageRequest, Why, WhyRequest};
use pipewright_aws::control::{
    ActionExecutionDetail, ApprovalOutcome, ApprovalRequest, ConditionKind, ExecutionSummary, Page,
    RetryMode, RuleExecutionDetail, StartInput, StopRequest, TransitionType, WaitingApproval,
};
use pipewright_aws::sync::around::AroundResult;
use pipewright_connections::{
    ActiveConnection, AwsProfileInfo, ConnectOptions, Connection, ConnectionEdit, NewConnection,
    SecretInput, TestReport,
};

/// Calls `$then! { area::command(arg: Type, ...) -> Return; ... }` with the list of commands.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            designer::catalog() -> Catalog;
            designer::validate_document(document: Document) -> Vec<Diagnostic>;
            designer::parse_text(text: String, format: Format) -> Document;
            designer::render_text(document: Document, format: Format) -> String;
            designer::templates() -> Vec<TemplateInfo>;
            designer::new_document(template: Option<String>, values: Option<BTreeMap<String, String>>) -> Document;
            files::open_design(path: String) -> OpenedDesign;
            files::save_design(path: String, document: Document, format: Option<Format>) -> ();
            files::recent_files() -> Vec<String>;
            files::autosave(key: String, path: Option<String>, document: Document) -> ();
            files::list_recoveries() -> Vec<Recovery>;
            files::discard_recovery(key: String) -> ();
            files::startup_file() -> Option<String>;
            files::save_export(path: String, data_base64: String) -> ();
            dialogs::pick_file(filters: Vec<FileFilter>) -> Option<String>;
            dialogs::pick_folder(title: String) -> Option<String>;
            dialogs::pick_save_path(title: Option<String>, default_path: String, filters: Vec<FileFilter>) -> Option<String>;
            app::app_info() -> AppInfo;
            app::about_info() -> AboutInfo;
            updates::update_check() -> UpdateCheck;
            updates::update_install() -> ();
            environments::environment_names(document: Document) -> Vec<String>;
            environments::render_environment(document: Document, env: String) -> Document;
            environments::environment_differences(document: Document, left: String, right: String) -> Vec<Difference>;
            exports::export_iac(document: Document, format: ExportFormat, environment: Option<String>) -> Export;
            exports::export_picture(document: Document, environment: Option<String>) -> String;
            migrate::migrate_github_v1(document: Document, connection_arn: String) -> Migration;
            exports::save_text(path: String, text: String) -> ();
            review::compare_design(path: Option<String>, document: Document, other: CompareWith) -> Review;
            review::design_revisions(path: String) -> Vec<Revision>;
            connections::list_connections() -> ConnectionsOverview;
            connections::aws_profiles() -> Vec<AwsProfileInfo>;
            connections::add_connection(connection: NewConnection) -> Connection;
            connections::edit_connection(id: String, edit: ConnectionEdit) -> Connection;
            connections::rotate_connection_secret(id: String, secret: SecretInput) -> Connection;
            connections::remove_connection(id: String) -> Connection;
            connections::test_connection(id: String, options: ConnectOptions) -> TestReport;
            connections::activate_connection(id: String, options: ConnectOptions) -> ActiveConnection;
            connections::switch_region(region: String) -> ActiveConnection;
            connections::active_connection() -> Option<ActiveConnection>;
            connections::sign_in_connection(connection: String) -> SignInWaiting;
            connections::sign_in_mfa(connection: String, code: String) -> ConnectionSession;
            connections::cancel_sign_in(connection: String) -> bool;
            connections::connection_sessions() -> Vec<ConnectionSession>;
            sync::sync_plan(paths: Vec<String>) -> SyncPlan;
            sync::sync_apply(request: ApplyRequest) -> ApplyResults;
            sync::remote_pipelines() -> Vec<RemotePipeline>;
            sync::sync_import(request: ImportRequest) -> ImportResults;
            sync::delete_remote_pipeline(name: String, confirm_name: String, seen: Seen) -> Vec<AroundResult>;
            control::control_status() -> ControlStatus;
            control::control_connect() -> ControlStatus;
            control::control_watch_choices() -> Vec<WatchChoice>;
            control::control_open(connection: Option<String>, pipeline: String) -> ();
            control::control_overview() -> Vec<PipelineCard>;
            control::control_view(pipeline: String) -> PipelineDetail;
            control::control_history(pipeline: String, next_token: Option<String>) -> Page<ExecutionSummary>;
            control::control_execution_actions(pipeline: String, pipeline_execution_id: String) -> Vec<ActionExecutionDetail>;
            control::control_why(request: WhyRequest, seen: Seen) -> Why;
            control::control_log_page(request: LogPageRequest, seen: Seen) -> LogPage;
            control::control_release(approval: WaitingApproval, seen: Seen) -> Release;
            control::control_timeline(pipeline: String, execution: Option<String>, seen: Seen) -> Timeline;
            control::control_compare(pipeline: String, a: String, b: String, seen: Seen) -> Comparison;
            control::control_decide(request: ApprovalRequest, token: Option<String>, seen: Seen) -> ApprovalOutcome;
            control::control_start(input: StartInput, confirmation: Option<String>, seen: Seen) -> String;
            control::control_stop(request: StopRequest, seen: Seen) -> String;
            control::control_retry(pipeline: String, stage: String, pipeline_execution_id: Option<String>, mode: RetryMode, seen: Seen) -> String;
            control::control_rule_executions(pipeline: String, pipeline_execution_id: Option<String>) -> Vec<RuleExecutionDetail>;
            control::control_override(pipeline: String, stage: String, condition: ConditionKind, pipeline_execution_id: Option<String>, confirmation: Option<String>, seen: Seen) -> String;
            control::control_rollback_targets(pipeline: String, stage: String) -> Vec<ExecutionSummary>;
            control::control_rollback(pipeline: String, stage: String, target_pipeline_execution_id: String, confirmation: Option<String>, seen: Seen) -> String;
            control::control_set_transition(pipeline: String, stage: String, transition: TransitionType, enabled: bool, reason: Option<String>, seen: Seen) -> ();
            control::control_settings() -> ControlSettings;
            control::control_save_settings(settings: ControlSettings) -> ControlSettings;
            control::control_mute(pipeline: String, muted: bool) -> ControlSettings;
            control::control_events_setup(seen: Seen) -> EventsSetup;
            control::control_events_stop(seen: Seen, teardown: bool) -> EventsSetup;
            control::control_events_export(format: EventsExportFormat) -> String;
            control::control_open_link(url: String) -> ();
        }
    };
}

macro_rules! make_handler {
    ($($area:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty;)*) => {
        tauri::generate_handler![$($crate::commands::$area::$name),*]
    };
}

/// The invoke handler with every command.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    with_commands!(make_handler)
}

/// One command as TypeScript sees it.
pub struct CommandSpec {
    /// The command's Rust (and IPC) name, snake_case.
    pub name: &'static str,
    /// Argument names (Rust, snake_case) and TypeScript types.
    pub args: Vec<(&'static str, String)>,
    /// TypeScript type of the value the command resolves with.
    pub ret: String,
}

macro_rules! make_specs {
    ($($area:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty;)*) => {
        vec![$(CommandSpec {
            name: stringify!($name),
            args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name())),*],
            ret: <$ret as ts_rs::TS>::name(),
        }),*]
    };
}

/// Every command's signature, in list order.
pub fn specs() -> Vec<CommandSpec> {
    with_commands!(make_specs)
}

#[cfg(test)]
macro_rules! make_visit {
    ($($area:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty;)*) => {
        /// Visit every type that appears in a command signature.
        pub(crate) fn visit_types<V: ts_rs::TypeVisitor>(visitor: &mut V) {
            $($(visitor.visit::<$ty>();)* visitor.visit::<$ret>();)*
        }
    };
}

#[cfg(test)]
with_commands!(make_visit);
