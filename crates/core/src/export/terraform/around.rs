//! What the Terraform file declares around the pipeline ([`crate::around`]): per
//! EventBridge-started source an `aws_cloudwatch_event_rule` and its `aws_cloudwatch_event_target`
//! (the pipeline), one `aws_iam_role` EventBridge assumes with its `aws_iam_role_policy`; per
//! GitHub version 1 webhook source an `aws_codepipeline_webhook`; and the credential-leak check's
//! alert topic, repository trigger (`aws_codecommit_trigger`, which works on an existing
//! repository) and invoke permission. Names are the ones Pipewright's apply gives the same
//! resources, so either can take over from the other with `terraform import`.

use serde_json::Value;

use super::{quote, Hcl};
use crate::around::{self, events, EventRole, LeakCheck, LocalArn};
use crate::document::Document;
use crate::export::{identifier, Notes};

/// An HCL expression: a `jsonencode` argument made of literals and references.
enum Expr {
    /// A string literal (escaped when written).
    Str(String),
    /// Written as is: a reference (`aws_codepipeline.web.arn`) or a ready template string.
    Raw(String),
    Other(Value),
    List(Vec<Expr>),
    Object(Vec<(String, Expr)>),
}

impl Expr {
    /// A JSON value, with ARNs marked by `arn` made into references or templates.
    fn of(v: &Value, raw: &dyn Fn(&str) -> Option<String>) -> Expr {
        match v {
            Value::String(s) => raw(s).map_or_else(|| Expr::Str(s.clone()), Expr::Raw),
            Value::Array(a) => Expr::List(a.iter().map(|v| Expr::of(v, raw)).collect()),
            Value::Object(m) => Expr::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), Expr::of(v, raw)))
                    .collect(),
            ),
            v => Expr::Other(v.clone()),
        }
    }

    fn write(&self, h: &mut Hcl, lead: &str) {
        match self {
            Expr::Str(s) => h.line(&format!("{lead}{}", quote(s))),
            Expr::Raw(r) => h.line(&format!("{lead}{r}")),
            Expr::Other(v) => h.line(&format!("{lead}{v}")),
            Expr::List(items) => {
                h.line(&format!("{lead}["));
                h.depth += 1;
                for item in items {
                    item.write(h, "");
                    if let Some(last) = h.out.strip_suffix('\n') {
                        h.out = format!("{last},\n");
                    }
                }
                h.depth -= 1;
                h.line("]");
            }
            Expr::Object(entries) => {
                h.line(&format!("{lead}{{"));
                h.depth += 1;
                for (k, v) in entries {
                    v.write(h, &format!("{} = ", quote(k)));
                }
                h.depth -= 1;
                h.line("}");
            }
        }
    }
}

/// `key = jsonencode(<value>)`.
fn jsonencode(h: &mut Hcl, key: &str, v: &Value, raw: &dyn Fn(&str) -> Option<String>) {
    let mut inner = Hcl {
        out: String::new(),
        depth: h.depth,
    };
    Expr::of(v, raw).write(&mut inner, "");
    let body = inner.out.trim_start().trim_end_matches('\n').to_string();
    h.line(&format!("{key} = jsonencode({body})"));
}

/// Declare the resources around the pipeline resource `pipeline` (its HCL name); secrets become
/// sensitive variables in `secrets`.
pub(super) fn declare(
    doc: &Document,
    pipeline: &str,
    h: &mut Hcl,
    secrets: &mut Vec<(String, String)>,
    notes: &mut Notes,
) {
    let around = around::derive(doc);
    let pipeline_arn = format!("aws_codepipeline.{pipeline}.arn");
    if around.rules.iter().any(|r| !r.pattern.resources.is_empty()) || LeakCheck::of(doc).is_some()
    {
        for (kind, name) in [
            ("aws_partition", "current"),
            ("aws_region", "current"),
            ("aws_caller_identity", "current"),
        ] {
            h.line("");
            h.line(&format!("data {} {} {{}}", quote(kind), quote(name)));
        }
    }
    let role_arn = match &around.role {
        Some(EventRole::Managed(role)) => {
            let res = format!("{pipeline}_events");
            h.line("");
            h.block(&format!("resource \"aws_iam_role\" {}", quote(&res)), |h| {
                h.str("name", &role.name);
                h.str(
                    "description",
                    &format!("Lets EventBridge start pipeline {}", around.pipeline),
                );
                jsonencode(h, "assume_role_policy", &events::trust_policy(), &|_| None);
            });
            h.line("");
            h.block(
                &format!("resource \"aws_iam_role_policy\" {}", quote(&res)),
                |h| {
                    h.str("name", &role.policy_name);
                    h.raw("role", &format!("aws_iam_role.{res}.id"));
                    let marker = "\u{0}pipeline-arn";
                    jsonencode(
                        h,
                        "policy",
                        &events::start_policy(Value::from(marker)),
                        &|s| (s == marker).then(|| pipeline_arn.clone()),
                    );
                },
            );
            Some(format!("aws_iam_role.{res}.arn"))
        }
        Some(EventRole::Given { arn }) => Some(quote(arn)),
        None => None,
    };
    for rule in &around.rules {
        let res = identifier(&[pipeline, &rule.source.action]).to_lowercase();
        // The pattern's ARNs are templates over the data sources; mark them to write them raw.
        let arns: Vec<(String, String)> = rule
            .pattern
            .resources
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("\u{0}arn:{i}"), template(a)))
            .collect();
        let pattern = rule.pattern.to_value(|a| {
            let i = rule
                .pattern
                .resources
                .iter()
                .position(|x| x == a)
                .unwrap_or(0);
            Value::from(format!("\u{0}arn:{i}"))
        });
        h.line("");
        h.block(
            &format!("resource \"aws_cloudwatch_event_rule\" {}", quote(&res)),
            |h| {
                h.str("name", &rule.name);
                h.str("description", &rule.description);
                jsonencode(h, "event_pattern", &pattern, &|s| {
                    arns.iter().find(|(m, _)| m == s).map(|(_, t)| t.clone())
                });
            },
        );
        h.line("");
        h.block(
            &format!("resource \"aws_cloudwatch_event_target\" {}", quote(&res)),
            |h| {
                h.raw("rule", &format!("aws_cloudwatch_event_rule.{res}.name"));
                h.str("target_id", &rule.target_id);
                h.raw("arn", &pipeline_arn);
                if let Some(r) = &role_arn {
                    h.raw("role_arn", r);
                }
            },
        );
    }
    for hook in &around.webhooks {
        let res = identifier(&[pipeline, &hook.source.action]).to_lowercase();
        let var = format!("{res}_webhook_secret");
        secrets.push((
            var.clone(),
            format!(
                "Secret token GitHub signs webhook {} with (a long random string, one per webhook)",
                hook.name
            ),
        ));
        notes.push_at(
            &hook.source.pointer,
            format!("the webhook's secret token is the sensitive variable `var.{var}`: set it with TF_VAR_{var} (a long random string)"),
        );
        notes.push_at(
            &hook.source.pointer,
            format!(
                "aws_codepipeline_webhook does not register the webhook with GitHub: declare a github_repository_webhook (GitHub provider) for {} with url = aws_codepipeline_webhook.{res}.url, content_type json and the same secret",
                hook.repository
            ),
        );
        h.line("");
        h.block(
            &format!("resource \"aws_codepipeline_webhook\" {}", quote(&res)),
            |h| {
                h.str("name", &hook.name);
                h.str("authentication", &hook.authentication);
                h.str("target_action", &hook.target_action);
                h.raw(
                    "target_pipeline",
                    &format!("aws_codepipeline.{pipeline}.name"),
                );
                h.block("authentication_configuration", |h| {
                    h.raw("secret_token", &format!("var.{var}"));
                });
                for f in &hook.filters {
                    h.block("filter", |h| {
                        h.str("json_path", &f.json_path);
                        if let Some(m) = &f.match_equals {
                            h.str("match_equals", m);
                        }
                    });
                }
            },
        );
    }
    for note in &around.notes {
        notes.push_at(&note.pointer, note.message.clone());
    }
    if let Some(check) = LeakCheck::of(doc) {
        if check.function_role.is_none() {
            notes.push_at(
                "/pipewright/leakCheck",
                format!("the scanner function's role needs sns:Publish on the alert topic and codecommit:GetCommit, GetDifferences and GetBlob on repository `{}`: name it in pipewright.leakCheck.functionRole and the export grants them", check.repository),
            );
        }
        leak_check(&check, h);
    }
}

/// An ARN in the pipeline's account as a Terraform string template.
fn template(a: &LocalArn) -> String {
    format!("\"{}\"", a.terraform())
}

fn leak_check(check: &LeakCheck, h: &mut Hcl) {
    let repo = LocalArn {
        service: "codecommit",
        regional: true,
        resource: check.repository.clone(),
    };
    let function = LocalArn {
        service: "lambda",
        regional: true,
        resource: format!("function:{}", check.function),
    };
    h.line("");
    h.block("resource \"aws_sns_topic\" \"leak_alerts\"", |h| {
        h.str("name", &check.alert_topic);
        h.str("display_name", "Credential leak alerts");
    });
    h.line("");
    h.block("resource \"aws_lambda_permission\" \"leak_scanner\"", |h| {
        h.str("action", "lambda:InvokeFunction");
        h.str("function_name", &check.function);
        h.str("principal", "codecommit.amazonaws.com");
        h.raw("source_arn", &template(&repo));
        h.raw(
            "source_account",
            "data.aws_caller_identity.current.account_id",
        );
    });
    h.line("");
    h.block("resource \"aws_codecommit_trigger\" \"leak_scan\"", |h| {
        h.str("repository_name", &check.repository);
        h.block("trigger", |h| {
            h.str("name", &check.trigger_name());
            h.raw("destination_arn", &template(&function));
            h.list("events", ["createReference", "updateReference"]);
            h.raw(
                "custom_data",
                "jsonencode({ alert_topic_arn = aws_sns_topic.leak_alerts.arn })",
            );
        });
        h.raw("depends_on", "[aws_lambda_permission.leak_scanner]");
    });
    if let Some(role) = &check.function_role {
        h.line("");
        h.block("resource \"aws_iam_role_policy\" \"leak_scanner\"", |h| {
            h.str("name", "credential-leak-scan");
            h.str("role", role);
            let policy = serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": ["\u{0}topic"]},
                    {"Effect": "Allow", "Action": ["codecommit:GetCommit", "codecommit:GetDifferences", "codecommit:GetBlob"], "Resource": ["\u{0}repo"]}
                ]
            });
            let repo_arn = template(&repo);
            jsonencode(h, "policy", &policy, &|s| match s {
                "\u{0}topic" => Some("aws_sns_topic.leak_alerts.arn".into()),
                "\u{0}repo" => Some(repo_arn.clone()),
                _ => None,
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::export::{export, ExportFormat};
    use crate::templates;

    fn parsed(id: &str) -> (Value, Vec<String>) {
        let inst = templates::instantiate(id, &templates::example_values(id)).unwrap();
        let out = export(&inst.document, ExportFormat::Terraform);
        let v: Value = hcl::from_str(&out.text)
            .unwrap_or_else(|e| panic!("{id}: HCL does not parse: {e}\n{}", out.text));
        (v, out.notes.into_iter().map(|n| n.message).collect())
    }

    #[test]
    fn rules_target_the_pipeline_with_the_role_and_a_templated_repository_arn() {
        let (v, _) = parsed("manual-approval");
        let r = &v["resource"];
        let rule = &r["aws_cloudwatch_event_rule"]["webshopreleasesource"];
        assert_eq!(rule["name"], "pipewright-web-shop-release-Source");
        let pattern = rule["event_pattern"].as_str().unwrap();
        assert!(
            pattern.contains("arn:${data.aws_partition.current.partition}:codecommit:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:web-shop"),
            "{pattern}"
        );
        let target = &r["aws_cloudwatch_event_target"]["webshopreleasesource"];
        assert_eq!(target["arn"], "${aws_codepipeline.webshoprelease.arn}");
        assert_eq!(
            target["role_arn"],
            "${aws_iam_role.webshoprelease_events.arn}"
        );
        assert_eq!(target["target_id"], "codepipeline-web-shop-release");
        assert_eq!(
            r["aws_iam_role"]["webshoprelease_events"]["name"],
            "pipewright-events-web-shop-release"
        );
        assert!(v["data"]["aws_caller_identity"]["current"].is_object());
    }

    #[test]
    fn webhooks_take_their_secret_from_a_sensitive_variable() {
        let (v, notes) = parsed("github-v1-webhook");
        let hook = &v["resource"]["aws_codepipeline_webhook"]["webshopgithubwebhooksource"];
        assert_eq!(hook["authentication"], "GITHUB_HMAC");
        assert_eq!(
            hook["filter"],
            json!({"json_path": "$.ref", "match_equals": "refs/heads/{Branch}"})
        );
        assert_eq!(
            hook["authentication_configuration"]["secret_token"],
            "${var.webshopgithubwebhooksource_webhook_secret}"
        );
        assert_eq!(
            v["variable"]["webshopgithubwebhooksource_webhook_secret"]["sensitive"],
            true
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("github_repository_webhook")),
            "{notes:?}"
        );
    }

    #[test]
    fn the_leak_check_triggers_the_scanner_on_the_existing_repository() {
        let (v, _) = parsed("credential-leak-check");
        let r = &v["resource"];
        let trigger = &r["aws_codecommit_trigger"]["leak_scan"];
        assert_eq!(trigger["repository_name"], "web-shop");
        assert_eq!(
            trigger["trigger"]["events"],
            json!(["createReference", "updateReference"])
        );
        assert_eq!(
            r["aws_lambda_permission"]["leak_scanner"]["principal"],
            "codecommit.amazonaws.com"
        );
        assert_eq!(
            r["aws_sns_topic"]["leak_alerts"]["name"],
            "web-shop-leak-alerts"
        );
        assert_eq!(
            r["aws_iam_role_policy"]["leak_scanner"]["role"],
            "credential-leak-scanner-role"
        );
    }
}
