//! Terraform `aws_codepipeline` (hashicorp/terraform-provider-aws, `r/codepipeline`).
//!
//! HCL blocks in snake_case: `artifact_store` blocks (with `region` for cross-region stores
//! instead of a map), `stage` / `action` blocks where the action type is flattened into
//! `category` / `owner` / `provider` / `version`, artifacts as lists of names, `configuration` as a
//! map of strings, `trigger`, `variable`, and the stage conditions `before_entry` / `on_success` /
//! `on_failure`. The Commands action's `commands`, `output_variables`, `environment_variables`,
//! output artifact `files` and stage `blockers` have no arguments there: they are reported.
//! Secrets become sensitive input variables.
//!
//! After the pipeline, the file declares what makes it start and what its design describes
//! around it (`around.rs`).

mod around;

use super::{identifier, is_secret_config, Export, Notes};
use crate::codec::Pointer;
use crate::document::Document;
use crate::model::*;

const TARGET: &str = "Terraform (aws_codepipeline)";

/// A small HCL writer: blocks, attributes, strings escaped as HCL templates require.
struct Hcl {
    out: String,
    depth: usize,
}

/// An HCL string literal: escapes quotes, backslashes, control characters and template
/// sequences (`${` and `%{`), so a value is never interpolated.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Hcl {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn block(&mut self, head: &str, body: impl FnOnce(&mut Hcl)) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
        body(self);
        self.depth -= 1;
        self.line("}");
    }

    fn raw(&mut self, key: &str, expr: &str) {
        self.line(&format!("{key} = {expr}"));
    }

    fn str(&mut self, key: &str, v: &str) {
        self.raw(key, &quote(v));
    }

    fn opt_str(&mut self, key: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.str(key, v);
        }
    }

    fn opt_num(&mut self, key: &str, v: Option<i64>) {
        if let Some(v) = v {
            self.raw(key, &v.to_string());
        }
    }

    fn list<'a>(&mut self, key: &str, items: impl IntoIterator<Item = &'a str>) {
        let items: Vec<String> = items.into_iter().map(quote).collect();
        self.raw(key, &format!("[{}]", items.join(", ")));
    }

    /// A map attribute whose values are already HCL expressions.
    fn map(&mut self, key: &str, entries: &[(String, String)]) {
        if entries.is_empty() {
            self.raw(key, "{}");
            return;
        }
        self.line(&format!("{key} = {{"));
        self.depth += 1;
        for (k, v) in entries {
            self.line(&format!("{} = {v}", quote(k)));
        }
        self.depth -= 1;
        self.line("}");
    }
}

/// The `aws_codepipeline` resource, plus sensitive variables for its secrets.
pub fn export(doc: &Document) -> Export {
    let mut notes = Notes::default();
    let mut secrets: Vec<(String, String)> = Vec::new();
    let root = Pointer::root();
    let at = root.key("pipeline");
    let p = &doc.pipeline;
    let resource = identifier(&[&p.name]).to_lowercase();
    let mut h = Hcl {
        out: String::new(),
        depth: 0,
    };
    h.line(&format!(
        "# CodePipeline {} (exported by Pipewright)",
        p.name
    ));
    h.block(
        &format!("resource \"aws_codepipeline\" {}", quote(&resource)),
        |h| {
            h.str("name", &p.name);
            h.opt_str("pipeline_type", &p.pipeline_type);
            h.opt_str("execution_mode", &p.execution_mode);
            h.str("role_arn", &p.role_arn);
            if let Some(store) = &p.artifact_store {
                artifact_store(h, store, None, &at.key("artifactStore"), &mut notes);
            }
            for (region, store) in p.artifact_stores.iter().flatten() {
                artifact_store(
                    h,
                    store,
                    Some(region),
                    &at.key("artifactStores").key(region),
                    &mut notes,
                );
            }
            for (i, s) in p.stages.iter().enumerate() {
                stage(
                    h,
                    &p.name,
                    s,
                    &at.key("stages").index(i),
                    &mut notes,
                    &mut secrets,
                );
            }
            for (i, t) in p.triggers.iter().flatten().enumerate() {
                trigger(h, t, &at.key("triggers").index(i), &mut notes);
            }
            for (i, v) in p.variables.iter().flatten().enumerate() {
                notes.unknown(&at.key("variables").index(i), &v.extra, TARGET);
                h.block("variable", |h| {
                    h.str("name", &v.name);
                    h.opt_str("default_value", &v.default_value);
                    h.opt_str("description", &v.description);
                });
            }
            if let Some(tags) = &doc.tags {
                let entries: Vec<_> = tags
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        notes.unknown(&root.key("tags").index(i), &t.extra, TARGET);
                        (t.key.clone(), quote(&t.value))
                    })
                    .collect();
                h.map("tags", &entries);
            }
        },
    );
    around::declare(doc, &resource, &mut h, &mut secrets, &mut notes);
    for (var, description) in &secrets {
        h.line("");
        h.block(&format!("variable {}", quote(var)), |h| {
            h.raw("type", "string");
            h.raw("sensitive", "true");
            h.str("description", description);
        });
    }
    if let Some(v) = p.version {
        notes.push(
            &at.key("version"),
            format!("version {v} is assigned by the service on each update; Terraform has no argument for it"),
        );
    }
    if doc.metadata.is_some() {
        notes.push(
            &root.key("metadata"),
            "get-pipeline metadata (ARN, created/updated times) is read-only service data and is not exported",
        );
    }
    if doc
        .pipewright
        .as_ref()
        .and_then(|d| d.environments.as_ref())
        .is_some()
    {
        notes.push(
            &root.key("pipewright").key("environments"),
            "this design defines environments; this file is the base pipeline: export each environment to get its pipeline",
        );
    }
    notes.unknown(&at, &p.extra, TARGET);
    notes.unknown(&root, &doc.extra, TARGET);
    Export {
        text: h.out,
        notes: notes.into_vec(),
    }
}

fn artifact_store(
    h: &mut Hcl,
    s: &ArtifactStore,
    region: Option<&String>,
    at: &Pointer,
    notes: &mut Notes,
) {
    notes.unknown(at, &s.extra, TARGET);
    h.block("artifact_store", |h| {
        h.str("location", &s.location);
        h.str("type", &s.store_type);
        if let Some(r) = region {
            h.str("region", r);
        }
        if let Some(k) = &s.encryption_key {
            notes.unknown(&at.key("encryptionKey"), &k.extra, TARGET);
            h.block("encryption_key", |h| {
                h.str("id", &k.id);
                h.str("type", &k.key_type);
            });
        }
    });
}

fn stage(
    h: &mut Hcl,
    pipeline: &str,
    s: &Stage,
    at: &Pointer,
    notes: &mut Notes,
    secrets: &mut Vec<(String, String)>,
) {
    notes.unknown(at, &s.extra, TARGET);
    if s.blockers.is_some() {
        notes.push(
            &at.key("blockers"),
            "stage blockers have no Terraform argument and are not exported",
        );
    }
    h.block("stage", |h| {
        h.str("name", &s.name);
        for (i, a) in s.actions.iter().enumerate() {
            action(
                h,
                pipeline,
                &s.name,
                a,
                &at.key("actions").index(i),
                notes,
                secrets,
            );
        }
        if let Some(c) = &s.before_entry {
            notes.unknown(&at.key("beforeEntry"), &c.extra, TARGET);
            h.block("before_entry", |h| {
                conditions(
                    h,
                    &c.conditions,
                    &at.key("beforeEntry").key("conditions"),
                    notes,
                )
            });
        }
        if let Some(c) = &s.on_success {
            notes.unknown(&at.key("onSuccess"), &c.extra, TARGET);
            h.block("on_success", |h| {
                conditions(
                    h,
                    &c.conditions,
                    &at.key("onSuccess").key("conditions"),
                    notes,
                )
            });
        }
        if let Some(f) = &s.on_failure {
            let fat = at.key("onFailure");
            notes.unknown(&fat, &f.extra, TARGET);
            h.block("on_failure", |h| {
                h.opt_str("result", &f.result);
                if let Some(r) = &f.retry_configuration {
                    notes.unknown(&fat.key("retryConfiguration"), &r.extra, TARGET);
                    h.block("retry_configuration", |h| {
                        h.opt_str("retry_mode", &r.retry_mode)
                    });
                }
                if let Some(c) = &f.conditions {
                    conditions(h, c, &fat.key("conditions"), notes);
                }
            });
        }
    });
}

fn conditions(h: &mut Hcl, list: &[Condition], at: &Pointer, notes: &mut Notes) {
    for (i, c) in list.iter().enumerate() {
        let cat = at.index(i);
        notes.unknown(&cat, &c.extra, TARGET);
        h.block("condition", |h| {
            h.opt_str("result", &c.result);
            for (j, r) in c.rules.iter().flatten().enumerate() {
                let rat = cat.key("rules").index(j);
                notes.unknown(&rat, &r.extra, TARGET);
                notes.unknown(&rat.key("ruleTypeId"), &r.rule_type_id.extra, TARGET);
                h.block("rule", |h| {
                    h.str("name", &r.name);
                    h.block("rule_type_id", |h| {
                        h.str("category", &r.rule_type_id.category);
                        h.opt_str("owner", &r.rule_type_id.owner);
                        h.str("provider", &r.rule_type_id.provider);
                        h.opt_str("version", &r.rule_type_id.version);
                    });
                    if let Some(config) = &r.configuration {
                        let entries: Vec<_> =
                            config.iter().map(|(k, v)| (k.clone(), quote(v))).collect();
                        h.map("configuration", &entries);
                    }
                    if let Some(c) = &r.commands {
                        h.list("commands", c.iter().map(String::as_str));
                    }
                    if let Some(ins) = &r.input_artifacts {
                        h.list("input_artifacts", ins.iter().map(|a| a.name.as_str()));
                    }
                    h.opt_str("region", &r.region);
                    h.opt_str("role_arn", &r.role_arn);
                    h.opt_num("timeout_in_minutes", r.timeout_in_minutes);
                });
            }
        });
    }
}

fn action(
    h: &mut Hcl,
    pipeline: &str,
    stage: &str,
    a: &Action,
    at: &Pointer,
    notes: &mut Notes,
    secrets: &mut Vec<(String, String)>,
) {
    notes.unknown(at, &a.extra, TARGET);
    notes.unknown(&at.key("actionTypeId"), &a.action_type_id.extra, TARGET);
    for (field, present) in [
        ("commands", a.commands.is_some()),
        ("outputVariables", a.output_variables.is_some()),
        ("environmentVariables", a.environment_variables.is_some()),
    ] {
        if present {
            notes.push(
                &at.key(field),
                format!("`{field}` (Commands action) has no aws_codepipeline argument and is not exported; manage this action outside Terraform or add it when the provider supports it"),
            );
        }
    }
    h.block("action", |h| {
        h.str("name", &a.name);
        h.str("category", &a.action_type_id.category);
        h.str("owner", &a.action_type_id.owner);
        h.str("provider", &a.action_type_id.provider);
        h.str("version", &a.action_type_id.version);
        if let Some(ins) = &a.input_artifacts {
            h.list("input_artifacts", ins.iter().map(|x| x.name.as_str()));
        }
        if let Some(outs) = &a.output_artifacts {
            for (i, o) in outs.iter().enumerate() {
                if o.files.is_some() {
                    notes.push(
                        &at.key("outputArtifacts").index(i).key("files"),
                        "output artifact `files` have no aws_codepipeline argument and are not exported",
                    );
                }
            }
            h.list("output_artifacts", outs.iter().map(|x| x.name.as_str()));
        }
        h.opt_num("run_order", a.run_order);
        h.opt_str("region", &a.region);
        h.opt_str("namespace", &a.namespace);
        h.opt_str("role_arn", &a.role_arn);
        h.opt_num("timeout_in_minutes", a.timeout_in_minutes);
        if let Some(config) = &a.configuration {
            let entries: Vec<_> = config
                .iter()
                .map(|(k, v)| {
                    if is_secret_config(a, k, v) {
                        let var = identifier(&[pipeline, stage, &a.name, k]).to_lowercase();
                        notes.push(
                            &at.key("configuration").key(k),
                            format!("secret `{k}` is exported as the sensitive variable `var.{var}`: set it with TF_VAR_{var} or a secrets backend"),
                        );
                        secrets.push((var.clone(), format!("{k} of action {stage}/{} in pipeline {pipeline}", a.name)));
                        (k.clone(), format!("var.{var}"))
                    } else {
                        (k.clone(), quote(v))
                    }
                })
                .collect();
            h.map("configuration", &entries);
        }
    });
}

fn criteria(h: &mut Hcl, name: &str, c: &Option<FilterCriteria>, at: &Pointer, notes: &mut Notes) {
    if let Some(c) = c {
        notes.unknown(at, &c.extra, TARGET);
        h.block(name, |h| {
            if let Some(i) = &c.includes {
                h.list("includes", i.iter().map(String::as_str));
            }
            if let Some(e) = &c.excludes {
                h.list("excludes", e.iter().map(String::as_str));
            }
        });
    }
}

fn trigger(h: &mut Hcl, t: &Trigger, at: &Pointer, notes: &mut Notes) {
    notes.unknown(at, &t.extra, TARGET);
    let g = &t.git_configuration;
    let gat = at.key("gitConfiguration");
    notes.unknown(&gat, &g.extra, TARGET);
    h.block("trigger", |h| {
        h.str("provider_type", &t.provider_type);
        h.block("git_configuration", |h| {
            h.str("source_action_name", &g.source_action_name);
            for (i, f) in g.push.iter().flatten().enumerate() {
                let fat = gat.key("push").index(i);
                notes.unknown(&fat, &f.extra, TARGET);
                h.block("push", |h| {
                    criteria(h, "branches", &f.branches, &fat.key("branches"), notes);
                    criteria(h, "file_paths", &f.file_paths, &fat.key("filePaths"), notes);
                    criteria(h, "tags", &f.tags, &fat.key("tags"), notes);
                });
            }
            for (i, f) in g.pull_request.iter().flatten().enumerate() {
                let fat = gat.key("pullRequest").index(i);
                notes.unknown(&fat, &f.extra, TARGET);
                h.block("pull_request", |h| {
                    if let Some(e) = &f.events {
                        h.list("events", e.iter().map(String::as_str));
                    }
                    criteria(h, "branches", &f.branches, &fat.key("branches"), notes);
                    criteria(h, "file_paths", &f.file_paths, &fat.key("filePaths"), notes);
                });
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_never_interpolates() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("${x} %{if} $5"), r#""$${x} %%{if} $5""#);
        assert_eq!(quote("l1\nl2"), r#""l1\nl2""#);
    }
}
