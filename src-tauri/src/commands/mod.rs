//! Every command the UI can call, listed ONCE in [`with_commands!`]: the list both registers the
//! handlers with Tauri ([`handler`]) and describes their TypeScript signatures ([`specs`]) for
//! the generated `ui/src/bindings/commands.ts`.
//!
//! A command's argument names and types here must be those of its function (without `State`,
//! `AppHandle`, ... which Tauri injects); the tests in `ipc_tests` call each command through
//! Tauri's IPC (mock runtime) with exactly these names.

pub mod app;
pub mod designer;
pub mod files;
pub mod iac;

use pipewright_core::catalog::Catalog;
use pipewright_core::environments::Difference;
use pipewright_core::export::{Export, ExportFormat};
use pipewright_core::templates::TemplateInfo;
use pipewright_core::{Diagnostic, Document, Format};

use crate::files::OpenedDesign;
use crate::recovery::Recovery;
use app::AppInfo;

/// Calls `$then! { area::command(arg: Type, ...) -> Return; ... }` with the list of commands.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            designer::catalog() -> Catalog;
            designer::validate_document(document: Document) -> Vec<Diagnostic>;
            designer::parse_text(text: String, format: Format) -> Document;
            designer::render_text(document: Document, format: Format) -> String;
            designer::templates() -> Vec<TemplateInfo>;
            designer::new_document(template: Option<String>) -> Document;
            files::open_design(path: String) -> OpenedDesign;
            files::save_design(path: String, document: Document, format: Option<Format>) -> ();
            files::recent_files() -> Vec<String>;
            files::autosave(key: String, path: Option<String>, document: Document) -> ();
            files::list_recoveries() -> Vec<Recovery>;
            files::discard_recovery(key: String) -> ();
            files::startup_file() -> Option<String>;
            files::save_export(path: String, data_base64: String) -> ();
            app::app_info() -> AppInfo;
            iac::environment_names(document: Document) -> Vec<String>;
            iac::render_environment(document: Document, env: String) -> Document;
            iac::environment_differences(document: Document, left: String, right: String) -> Vec<Difference>;
            iac::export_iac(document: Document, format: ExportFormat, environment: Option<String>) -> Export;
            iac::migrate_github_v1(document: Document, connection_arn: String) -> iac::Migration;
            iac::save_text(path: String, text: String) -> ();
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

macro_rules! make_visit {
    ($($area:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty;)*) => {
        |v: &mut crate::bindings::Collector| {
            $($(v.add::<$ty>();)* v.add::<$ret>();)*
        }
    };
}

/// Visit every type that appears in a command signature.
pub(crate) fn visit_types(collector: &mut crate::bindings::Collector) {
    (with_commands!(make_visit))(collector)
}
