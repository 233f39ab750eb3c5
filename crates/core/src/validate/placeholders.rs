//! Placeholders left in a design (`W008`). "New pipeline" starts from values that begin with
//! `REPLACE-ME` and a template from `<<Name>>` values: both are well-formed, so no service rule
//! catches them, yet a pipeline created with `RepositoryName: REPLACE-ME-repository` cannot run.
//! Each one left is a warning where it is, naming its field; plan and apply refuse a design that
//! still holds any ([`blocks_sync`]).

use serde_json::Value;

use super::{pipeline_ptr, Out};
use crate::codec::Pointer;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Pipeline;

/// The code of a placeholder left in a design.
pub const PLACEHOLDER_CODE: &str = "W008";

/// The word the starter design marks every value to replace with.
pub const REPLACE_ME: &str = "REPLACE-ME";

/// Whether a diagnostic keeps a design from being planned or applied: every error, and every
/// placeholder left (a warning in the designer, where it is work in progress).
pub fn blocks_sync(d: &Diagnostic) -> bool {
    d.is_error() || d.code == PLACEHOLDER_CODE
}

pub(super) fn check(doc: &Document, out: &mut Out) {
    let value = doc.to_value();
    for key in ["pipeline", "tags"] {
        if let Some(v) = value.get(key) {
            walk(v, &Pointer::root().key(key), None, &doc.pipeline, out);
        }
    }
}

/// Every string under `v`; `field` is the nearest object key above it (the field a list item
/// belongs to).
fn walk(v: &Value, at: &Pointer, field: Option<&str>, p: &Pipeline, out: &mut Out) {
    match v {
        Value::String(s) => {
            for token in placeholders_in(s) {
                report(at, field.unwrap_or("value"), token, p, out);
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, item)| walk(item, &at.index(i), field, p, out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, item)| walk(item, &at.key(k), Some(k), p, out)),
        _ => {}
    }
}

fn report(at: &Pointer, field: &str, token: &str, p: &Pipeline, out: &mut Out) {
    let owner = owner_of(at, p);
    out.emit(
        PLACEHOLDER_CODE,
        at,
        format!("`{field}` of {owner} still holds the placeholder `{token}`"),
        "Replace it with the real value; plan and apply refuse a design with placeholders left.",
    );
}

/// What a pointer belongs to, for messages: an action, a stage or the pipeline.
fn owner_of(at: &Pointer, p: &Pipeline) -> String {
    let stages = pipeline_ptr().key("stages");
    let Some(rest) = at.as_str().strip_prefix(stages.as_str()) else {
        return "the pipeline".into();
    };
    let mut parts = rest.trim_start_matches('/').split('/');
    let stage = parts
        .next()
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| p.stages.get(i));
    let Some(stage) = stage else {
        return "the pipeline".into();
    };
    let action = match (parts.next(), parts.next()) {
        (Some("actions"), Some(i)) => i.parse::<usize>().ok().and_then(|i| stage.actions.get(i)),
        _ => None,
    };
    match action {
        Some(a) => format!("action `{}/{}`", stage.name, a.name),
        None => format!("stage `{}`", stage.name),
    }
}

/// The placeholders in a text, in order: each `<<Name>>` (a template's) and each word holding
/// `REPLACE-ME` (the starter's, such as `REPLACE-ME-repository` inside a role ARN).
pub fn placeholders_in(s: &str) -> Vec<&str> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find("<<") {
        let start = from + i;
        let after = &s[start + 2..];
        let Some(end) = after.find(">>") else { break };
        let name = &after[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
            found.push((start, &s[start..start + 2 + end + 2]));
            from = start + 2 + end + 2;
        } else {
            from = start + 2;
        }
    }
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut from = 0;
    while let Some(i) = s[from..].find(REPLACE_ME) {
        let hit = from + i;
        let start = s[..hit].rfind(|c: char| !word(c)).map_or(0, |j| j + 1);
        let end = s[hit..]
            .find(|c: char| !word(c))
            .map_or(s.len(), |j| hit + j);
        found.push((start, &s[start..end]));
        from = end;
    }
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{blocks_sync, placeholders_in};
    use crate::validate::testing::{base, rule_cases, run};

    rule_cases! {
        w008_placeholder_left: "W008",
    }

    #[test]
    fn placeholders_are_found_in_text() {
        assert_eq!(
            placeholders_in("arn:aws:iam::123456789012:role/REPLACE-ME-pipeline-role"),
            ["REPLACE-ME-pipeline-role"]
        );
        assert_eq!(placeholders_in("REPLACE-ME"), ["REPLACE-ME"]);
        assert_eq!(
            placeholders_in("<<Owner>>/<<Repo>> and REPLACE-ME-x"),
            ["<<Owner>>", "<<Repo>>", "REPLACE-ME-x"]
        );
        assert!(placeholders_in("a << b >> c, x<<y").is_empty());
        assert!(placeholders_in("my-repository").is_empty());
    }

    #[test]
    fn each_placeholder_left_is_a_located_warning_naming_its_field() {
        let mut v = base();
        v["pipeline"]["roleArn"] = json!("arn:aws:iam::123456789012:role/REPLACE-ME-role");
        v["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] =
            json!("<<AppName>>-<<Env>>");
        v["pipeline"]["stages"][2]["actions"][1]["configuration"]["ApplicationName"] =
            json!("REPLACE-ME-app");
        let found: Vec<_> = run(v)
            .into_iter()
            .filter(|d| d.code == "W008")
            .map(|d| {
                assert!(!d.is_error() && blocks_sync(&d), "{d:?}");
                (d.pointer, d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/pipeline/roleArn".to_string(),
                    "`roleArn` of the pipeline still holds the placeholder `REPLACE-ME-role`"
                        .to_string()
                ),
                (
                    "/pipeline/stages/1/actions/0/configuration/ProjectName".into(),
                    "`ProjectName` of action `Build/Build` still holds the placeholder `<<AppName>>`"
                        .into()
                ),
                (
                    "/pipeline/stages/1/actions/0/configuration/ProjectName".into(),
                    "`ProjectName` of action `Build/Build` still holds the placeholder `<<Env>>`"
                        .into()
                ),
                (
                    "/pipeline/stages/2/actions/1/configuration/ApplicationName".into(),
                    "`ApplicationName` of action `Deploy/Deploy` still holds the placeholder `REPLACE-ME-app`"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn notes_may_talk_about_placeholders() {
        let mut v = base();
        v["pipewright"] = json!({"format": 1, "notes": {"pipeline": "replace every REPLACE-ME"}});
        assert!(run(v).is_empty());
    }

    #[test]
    fn only_errors_and_placeholders_block_sync() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["runorder"] = json!(1);
        let d = run(v);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["W006"]);
        assert!(!blocks_sync(&d[0]));
    }
}
