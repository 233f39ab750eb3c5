//! The UI's TypeScript bindings, generated from the Rust types (ts-rs) and the command list in
//! `commands/mod.rs`: `ui/src/bindings/{types,commands,index}.ts`.
//!
//! The `bindings` test fails when the committed files are stale;
//! `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings` rewrites them. A test module: the
//! app itself never generates them.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{TypeVisitor, TS};

use crate::commands::{self, CommandSpec};
use crate::updater::AvailableUpdate;
use pipewright_appcore::error::ErrorPayload;
use pipewright_appcore::events::Event;

const HEADER: &str = "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings`.\n// Do not edit by hand.\n";

/// Collects the TypeScript declaration of every named type reachable from the types it is given.
#[derive(Default)]
pub(crate) struct Collector {
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
}

impl Collector {
    pub(crate) fn add<T: TS + 'static + ?Sized>(&mut self) {
        self.visit::<T>();
    }
}

impl TypeVisitor for Collector {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        // Only derived types have an output path; built-ins (string, Array, ...) are inlined.
        if T::output_path().is_some() {
            self.decls.insert(T::ident(), T::decl());
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// Every event the backend emits (`pipewright_appcore::with_events!`): (event name, TypeScript
/// listener name, payload type), the payload types collected.
fn event_specs(collector: &mut Collector) -> Vec<(&'static str, &'static str, String)> {
    macro_rules! specs {
        ($($event:ty),*) => {
            vec![$({
                collector.add::<$event>();
                (<$event as Event>::NAME, <$event as Event>::LISTENER, <$event as TS>::name())
            }),*]
        };
    }
    let mut all = pipewright_appcore::with_events!(specs);
    // The updater's event belongs to the shell (src/updater.rs), not to the app logic.
    collector.add::<AvailableUpdate>();
    all.push((
        <AvailableUpdate as Event>::NAME,
        <AvailableUpdate as Event>::LISTENER,
        <AvailableUpdate as TS>::name(),
    ));
    all
}

/// The generated files: (file name, content).
pub fn generate() -> Vec<(&'static str, String)> {
    let mut collector = Collector::default();
    commands::visit_types(&mut collector);
    collector.add::<ErrorPayload>();
    let events = event_specs(&mut collector);
    let types = types_ts(&collector);
    let commands = commands_ts(&commands::specs(), &events, &collector);
    let index = format!("{HEADER}export * from \"./commands\";\nexport * from \"./types\";\n");
    vec![
        ("types.ts", types),
        ("commands.ts", commands),
        ("index.ts", index),
    ]
}

fn types_ts(collector: &Collector) -> String {
    let mut out = String::from(HEADER);
    for decl in collector.decls.values() {
        out.push_str("\nexport ");
        out.push_str(decl);
        out.push('\n');
    }
    out
}

/// `snake_case` as Tauri turns argument names into camelCase.
pub(crate) fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn commands_ts(
    specs: &[CommandSpec],
    events: &[(&str, &str, String)],
    collector: &Collector,
) -> String {
    let mut body = String::new();
    for spec in specs {
        let ret = if spec.ret == "null" {
            "void".to_string()
        } else {
            spec.ret.clone()
        };
        let params: Vec<String> = spec
            .args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect();
        let args: Vec<String> = spec.args.iter().map(|(name, _)| camel(name)).collect();
        let invoke_args = if args.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", args.join(", "))
        };
        body.push_str(&format!(
            "\n/** Command `{name}`. Rejects with an `AppError`. */\nexport function {fn_name}({params}): Promise<{ret}> {{\n  return invoke<{ret}>(\"{name}\"{invoke_args});\n}}\n",
            name = spec.name,
            fn_name = camel(spec.name),
            params = params.join(", "),
        ));
    }
    for (event, listener, payload) in events {
        body.push_str(&format!(
            "\n/** Event `{event}`. */\nexport function {listener}(handler: (payload: {payload}) => void): Promise<UnlistenFn> {{\n  return listen<{payload}>(\"{event}\", (event) => handler(event.payload));\n}}\n"
        ));
    }
    body.push_str(
        "\n/** Whether a rejection value is the backend's `AppError`. */\nexport function isAppError(error: unknown): error is AppError {\n  return (\n    typeof error === \"object\" &&\n    error !== null &&\n    typeof (error as AppError).kind === \"string\" &&\n    typeof (error as AppError).message === \"string\"\n  );\n}\n",
    );
    let used: Vec<&str> = collector
        .decls
        .keys()
        .map(String::as_str)
        .filter(|name| mentions(&body, name))
        .collect();
    format!(
        "{HEADER}\nimport {{ invoke }} from \"@tauri-apps/api/core\";\nimport {{ listen, type UnlistenFn }} from \"@tauri-apps/api/event\";\nimport type {{ {} }} from \"./types\";\n{body}",
        used.join(", ")
    )
}

/// Whether `text` has `word` as a whole identifier.
fn mentions(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn bindings_dir() -> PathBuf {
        pipewright_test_support::manifest_dir!().join("../ui/src/bindings")
    }

    /// Fails when `ui/src/bindings` is not what the Rust types generate.
    #[test]
    fn bindings_are_up_to_date() {
        let dir = bindings_dir();
        let update = std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v != "0" && !v.is_empty());
        let mut stale = Vec::new();
        for (name, content) in generate() {
            let path = dir.join(name);
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != content {
                if update {
                    std::fs::create_dir_all(&dir).expect("create ui/src/bindings");
                    std::fs::write(&path, &content).expect("write a binding file");
                } else {
                    stale.push(name);
                }
            }
        }
        assert!(
            stale.is_empty(),
            "ui/src/bindings/{{{}}} are stale: run `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings` and commit the result",
            stale.join(",")
        );
    }

    #[test]
    fn bindings_cover_every_command_and_type() {
        let files = generate();
        let commands = &files
            .iter()
            .find(|(n, _)| *n == "commands.ts")
            .expect("commands.ts")
            .1;
        let types = &files
            .iter()
            .find(|(n, _)| *n == "types.ts")
            .expect("types.ts")
            .1;
        for spec in commands::specs() {
            assert!(
                commands.contains(&format!(
                    "invoke<{}>(\"{}\"",
                    if spec.ret == "null" {
                        "void"
                    } else {
                        &spec.ret
                    },
                    spec.name
                )),
                "{}",
                spec.name
            );
        }
        assert!(
            commands.contains(
                "export function saveExport(path: string, dataBase64: string): Promise<void>"
            ),
            "{commands}"
        );
        assert!(
            commands.contains("invoke<void>(\"save_export\", { path, dataBase64 })"),
            "{commands}"
        );
        for name in [
            "Document",
            "Pipeline",
            "Stage",
            "Action",
            "ActionTypeId",
            "Diagnostic",
            "Severity",
            "Format",
            "OpenedDesign",
            "Recovery",
            "AppInfo",
            "AppError",
            "OpenFileEvent",
        ] {
            assert!(
                types.contains(&format!("export type {name} = ")),
                "types.ts lacks {name}"
            );
        }
        // Every type a declaration mentions is declared too (the file is self-contained).
        assert!(!types.contains("import "), "{types}");
    }

    #[test]
    fn camel_case_matches_tauri_argument_names() {
        assert_eq!(camel("data_base64"), "dataBase64");
        assert_eq!(camel("open_design"), "openDesign");
        assert_eq!(camel("key"), "key");
    }

    #[test]
    fn mentions_whole_identifiers_only() {
        assert!(mentions("Promise<Document>", "Document"));
        assert!(!mentions("Promise<DocumentX>", "Document"));
        assert!(!mentions("OpenedDocument", "Document"));
    }
}
