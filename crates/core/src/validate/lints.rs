//! Lints (`W0xx`): valid pipelines that are probably not what the user wants.

use std::sync::LazyLock;

use regex::Regex;

use super::{action_ptr, pipeline_ptr, Catalogued, Out};
use crate::codec::Pointer;
use crate::model::{Action, Pipeline};

pub(super) fn check(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    github_v1_source(p, out);
    polling_source(p, out);
    plaintext_secrets(p, cat, out);
    production_without_approval(p, out);
    implicit_pipeline_type(p, out);
}

/// W001. "The GitHub (via OAuth app) action ... is not recommended"; use a GitHub (via GitHub
/// App) CodeStarSourceConnection action (user guide, GitHub version 1 source actions,
/// <https://docs.aws.amazon.com/codepipeline/latest/userguide/appendix-github-oauth.html>).
fn github_v1_source(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        let t = &a.action_type_id;
        if t.category == "Source" && t.owner == "ThirdParty" && t.provider == "GitHub" {
            out.emit(
                "W001",
                &action_ptr(si, ai).key("actionTypeId"),
                format!("source action `{}` uses GitHub version 1 (OAuth token), which AWS no longer recommends", a.name),
                "Create a CodeConnections connection to GitHub and switch the action to AWS/CodeStarSourceConnection (ConnectionArn, FullRepositoryId, BranchName); it also enables V2 triggers.",
            );
        }
    }
}

/// W002. "PollForSourceChanges ... we recommend that you use ... Amazon EventBridge / webhooks
/// to detect changes" (user guide, Update polling pipelines to the recommended change detection
/// method, <https://docs.aws.amazon.com/codepipeline/latest/userguide/update-change-detection.html>).
fn polling_source(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if a.config("PollForSourceChanges")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            out.emit(
                "W002",
                &action_ptr(si, ai).key("configuration").key("PollForSourceChanges"),
                format!("source action `{}` polls for changes", a.name),
                "Set PollForSourceChanges to false and start the pipeline from an EventBridge rule (CodeCommit, S3) or a webhook; polling is slower and counts against the 300 polling pipelines per region.",
            );
        }
    }
}

static AWS_KEY_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b").expect("pattern compiles"));
static GITHUB_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})")
        .expect("pattern compiles")
});
/// A classic GitHub OAuth or personal access token: 40 lower-case hexadecimal characters.
static GITHUB_HEX_40: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^0-9A-Za-z])[0-9a-f]{40}($|[^0-9A-Za-z])").expect("pattern compiles")
});
static BASE64_40: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^A-Za-z0-9/+=])[A-Za-z0-9/+]{40}($|[^A-Za-z0-9/+=])")
        .expect("pattern compiles")
});
static KEYISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(secret|passw(or)?d|pwd|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)",
    )
    .expect("pattern compiles")
});
static ASSIGNED_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(passw(or)?d|pwd|secret|token|api[_-]?key)["']?\s*[=:]\s*["']?[^\s"'*#{$]{4,}"#,
    )
    .expect("pattern compiles")
});

/// A value that is not a secret by construction: masked (`****`), a Secrets Manager / SSM /
/// CloudFormation dynamic reference, an ARN, or a variable reference.
fn is_reference(v: &str) -> bool {
    let v = v.trim();
    v.is_empty()
        || v.chars().all(|c| c == '*')
        || v.starts_with("{{resolve:")
        || v.starts_with("arn:")
        || (v.starts_with("#{") && v.ends_with('}'))
}

/// Whether `hay` has `stem` (lower-case ASCII) at `at`, ignoring ASCII case.
fn stem_at(hay: &[u8], at: usize, stem: &[u8]) -> bool {
    hay.get(at..at + stem.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(stem))
}

/// A cheap necessary condition for [`KEYISH`] (and [`ASSIGNED_PASSWORD`]'s words): one of the
/// words' stems occurs. One pass, looking further only at a stem's first letter. Non-ASCII text
/// goes to the regex, whose case folding is Unicode's.
fn maybe_keyish(s: &str) -> bool {
    if !s.is_ascii() {
        return true;
    }
    let b = s.as_bytes();
    (0..b.len()).any(|i| match b[i].to_ascii_lowercase() {
        b's' => stem_at(b, i, b"secret"),
        b'p' => stem_at(b, i, b"pass") || stem_at(b, i, b"pwd") || stem_at(b, i, b"private"),
        b't' => stem_at(b, i, b"token"),
        b'a' => stem_at(b, i, b"api") || stem_at(b, i, b"access"),
        b'c' => stem_at(b, i, b"credential"),
        _ => false,
    })
}

/// What one pass over a value says about which secret patterns can match at all.
#[derive(Default)]
struct Shape {
    /// `AKIA` or `ASIA` occurs (an AWS access key id's prefix).
    aws_key_prefix: bool,
    /// `gh` or `github_pat_` occurs (GitHub tokens start `ghp_`, `gho_`, ... or `github_pat_`).
    github_prefix: bool,
    /// `=` or `:` occurs (an assignment).
    assignment: bool,
}

impl Shape {
    fn of(value: &str) -> Shape {
        let b = value.as_bytes();
        let mut shape = Shape::default();
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'=' | b':' => shape.assignment = true,
                b'A' if matches!(b.get(i + 1..i + 4), Some(b"KIA" | b"SIA")) => {
                    shape.aws_key_prefix = true
                }
                b'g' if b.get(i + 1) == Some(&b'h') || b[i..].starts_with(b"github_pat_") => {
                    shape.github_prefix = true
                }
                _ => {}
            }
        }
        shape
    }
}

/// Why a value under `name` looks like a plaintext secret, if it does. One cheap pass over the
/// value gates each regex: most configuration values are short names.
fn secret_reason(name: &str, value: &str) -> Option<&'static str> {
    if is_reference(value) {
        return None;
    }
    let shape = Shape::of(value);
    if shape.aws_key_prefix && AWS_KEY_ID.is_match(value) {
        return Some("an AWS access key id");
    }
    if shape.github_prefix && GITHUB_TOKEN.is_match(value) {
        return Some("a GitHub token");
    }
    if value.len() >= 40
        && ((maybe_keyish(name) && KEYISH.is_match(name))
            || (maybe_keyish(value) && KEYISH.is_match(value)))
    {
        // Hexadecimal is base64 too: name the GitHub token before the AWS key.
        if GITHUB_HEX_40.is_match(value) {
            return Some("a GitHub OAuth token (40 hexadecimal characters)");
        }
        if BASE64_40.is_match(value) {
            return Some("an AWS secret access key");
        }
    }
    if shape.assignment && maybe_keyish(value) && ASSIGNED_PASSWORD.is_match(value) {
        return Some("a password or token assignment");
    }
    None
}

const SECRET_HINT: &str = "Store the secret in AWS Secrets Manager and reference it (environment variable type SECRETS_MANAGER, CodeBuild SECRETS_MANAGER variables, or a `{{resolve:secretsmanager:...}}` reference); rotate the exposed value.";

/// W003. Plaintext secrets in action configuration or environment variables: "We recommend
/// that you use AWS Secrets Manager ... do not store secrets as plaintext" (user guide,
/// Security best practices, <https://docs.aws.amazon.com/codepipeline/latest/userguide/security-best-practices.html>).
/// Looks for AWS access key ids (`AKIA...`/`ASIA...`), 40-character hexadecimal (classic GitHub
/// OAuth and personal access tokens) and base64 (AWS secret access keys) strings next to key-like
/// names, GitHub tokens (`ghp_`, `gho_`, `github_pat_`...), `password=`-style
/// assignments, catalog secret keys (OAuthToken) not masked as `****`, and PLAINTEXT variables
/// with secret-like names.
fn plaintext_secrets(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    for (si, ai, a, prov) in cat.actions(p) {
        let ap = || action_ptr(si, ai);
        for (k, v) in a.configuration.iter().flatten() {
            let at = || ap().key("configuration").key(k);
            let catalog_secret = prov.and_then(|p| p.key(k)).is_some_and(|c| c.secret);
            if let Some(why) = secret_reason(k, v) {
                emit_secret(out, at(), a, k, why);
            } else if catalog_secret && !is_reference(v) && !v.contains("#{") {
                emit_secret(
                    out,
                    at(),
                    a,
                    k,
                    "a secret (the service masks this key as `****`)",
                );
            } else if k == "EnvironmentVariables" {
                codebuild_env_secrets(out, at, a, v);
            }
        }
        for (i, e) in a.environment_variables.iter().flatten().enumerate() {
            if e.var_type.as_deref() == Some("SECRETS_MANAGER") {
                continue;
            }
            let why = secret_reason(&e.name, &e.value).or_else(|| {
                (maybe_keyish(&e.name)
                    && KEYISH.is_match(&e.name)
                    && !is_reference(&e.value)
                    && !e.value.contains("#{"))
                .then_some("a PLAINTEXT variable with a secret-like name")
            });
            if let Some(why) = why {
                emit_secret(
                    out,
                    ap().key("environmentVariables").index(i).key("value"),
                    a,
                    &e.name,
                    why,
                );
            }
        }
    }
}

/// CodeBuild's `EnvironmentVariables` configuration is a JSON list of `{name, value, type}`.
/// `at` builds the value's pointer, only when there is something to report.
fn codebuild_env_secrets(out: &mut Out, at: impl Fn() -> Pointer, a: &Action, json: &str) {
    if !maybe_keyish(json) || !KEYISH.is_match(json) {
        return;
    }
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(json)
    else {
        return;
    };
    for item in items {
        let name = item.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let value = item.get("value").and_then(|v| v.as_str()).unwrap_or("");
        let ty = item
            .get("type")
            .and_then(|v| v.as_str())
            .unwrap_or("PLAINTEXT");
        if ty == "PLAINTEXT"
            && maybe_keyish(name)
            && KEYISH.is_match(name)
            && !is_reference(value)
            && !value.contains("#{")
        {
            emit_secret(
                out,
                at(),
                a,
                name,
                "a PLAINTEXT CodeBuild variable with a secret-like name",
            );
            return;
        }
    }
}

fn emit_secret(out: &mut Out, at: Pointer, a: &Action, name: &str, why: &str) {
    out.emit(
        "W003",
        &at,
        format!(
            "`{name}` of action `{}` looks like {why} in plaintext",
            a.name
        ),
        SECRET_HINT,
    );
}

/// Whether `s` has the word `prod`, `production` or `prd` (any case), words being split on
/// non-alphanumerics and camelCase boundaries (`DeployProd`, `app-prod`, `PROD_EU`).
fn mentions_production(s: &str) -> bool {
    let b = s.as_bytes();
    let mut start = 0;
    let is_word = |w: &[u8]| {
        w.eq_ignore_ascii_case(b"prod")
            || w.eq_ignore_ascii_case(b"production")
            || w.eq_ignore_ascii_case(b"prd")
    };
    for i in 0..=b.len() {
        let boundary = i == b.len()
            || !b[i].is_ascii_alphanumeric()
            || (i > start
                && b[i].is_ascii_uppercase()
                && (b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit()));
        if boundary {
            if i > start && is_word(&b[start..i]) {
                return true;
            }
            start = if i < b.len() && b[i].is_ascii_alphanumeric() {
                i
            } else {
                i + 1
            };
        }
    }
    false
}

fn is_manual_approval(a: &Action) -> bool {
    a.action_type_id.category == "Approval" && a.action_type_id.provider == "Manual"
}

/// W004. A deploy to production with no manual approval before it: "you can add an approval
/// action to a stage ... so that someone can manually approve or reject" before a release (user
/// guide, Manage approval actions, <https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html>).
/// Production is recognised by the words `prod`, `production` or `prd` in the stage name, the
/// action name or a configuration value.
fn production_without_approval(p: &Pipeline, out: &mut Out) {
    let mut approved_before = false;
    for (si, s) in p.stages.iter().enumerate() {
        let stage_prod = mentions_production(&s.name);
        let first_approval = s
            .actions
            .iter()
            .filter(|a| is_manual_approval(a))
            .map(Action::effective_run_order)
            .min();
        for (ai, a) in s.actions.iter().enumerate() {
            // Creating a CloudFormation change set changes nothing yet: it is what the
            // approval reviews.
            if a.action_type_id.category != "Deploy"
                || a.config("ActionMode") == Some("CHANGE_SET_REPLACE")
            {
                continue;
            }
            let prod = stage_prod
                || mentions_production(&a.name)
                || a.configuration
                    .iter()
                    .flatten()
                    .any(|(_, v)| mentions_production(v));
            let approved =
                approved_before || first_approval.is_some_and(|r| r < a.effective_run_order());
            if prod && !approved {
                out.emit(
                    "W004",
                    &action_ptr(si, ai),
                    format!("deploy action `{}` in stage `{}` looks like a production deploy with no manual approval before it", a.name, s.name),
                    "Add a manual approval action (Approval/AWS/Manual) in an earlier stage, or earlier in this stage with a lower runOrder.",
                );
            }
        }
        if first_approval.is_some() {
            approved_before = true;
        }
    }
}

/// W005. "Pipelines are automatically designated as V1 pipelines, even if the pipeline type is
/// not specified" (pricing page, <https://aws.amazon.com/codepipeline/pricing/>): say which one.
fn implicit_pipeline_type(p: &Pipeline, out: &mut Out) {
    if p.pipeline_type.is_none() {
        out.emit(
            "W005",
            &pipeline_ptr().key("pipelineType"),
            "the pipeline does not say its type, so the service creates a V1 pipeline",
            "Set `pipelineType` to V2 (per-minute billing, triggers, variables, conditions) or V1 (flat monthly price) explicitly.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    use crate::validate::testing::{base, codes, remove, rule_cases, run};

    rule_cases! {
        w001_github_v1_source: "W001",
        w002_polling_source: "W002",
        w003_plaintext_secrets: "W003",
        w004_production_without_approval: "W004",
        w005_implicit_pipeline_type: "W005",
    }

    #[test]
    fn production_deploy_without_approval_is_flagged() {
        let v = remove(base(), "/pipeline/stages/2/actions/0");
        let d = run(v);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "W004");
        assert_eq!(d[0].pointer, "/pipeline/stages/2/actions/0");
    }

    #[test]
    fn approval_later_in_the_same_stage_does_not_cover_a_production_deploy() {
        let mut v = base();
        v["pipeline"]["stages"][2]["name"] = json!("Production");
        v["pipeline"]["stages"][2]["actions"][0]["runOrder"] = json!(2);
        v["pipeline"]["stages"][2]["actions"][1]["runOrder"] = json!(1);
        assert_eq!(codes(v.clone()), vec!["W004"]);
        // Same run order: they run in parallel, so nobody approved first.
        v["pipeline"]["stages"][2]["actions"][0]["runOrder"] = json!(1);
        assert_eq!(codes(v.clone()), vec!["W004"]);
        v["pipeline"]["stages"][2]["actions"][1]["runOrder"] = json!(2);
        assert_eq!(codes(v), Vec::<&str>::new());
    }

    #[test]
    fn change_set_creation_is_not_a_production_deploy() {
        let mut v = base();
        v["pipeline"]["stages"][2]["name"] = json!("Production");
        v["pipeline"]["stages"][2]["actions"][0] = json!({
            "name": "Plan",
            "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CloudFormation", "version": "1"},
            "configuration": {"ActionMode": "CHANGE_SET_REPLACE", "StackName": "s", "ChangeSetName": "c", "TemplatePath": "BuildOut::t.yaml"},
            "inputArtifacts": [{"name": "BuildOut"}]
        });
        // Without the approval, the CodeDeploy action at runOrder 2 is unguarded.
        assert_eq!(codes(v), vec!["W004"]);
    }

    #[test]
    fn plaintext_secrets_are_flagged_but_masked_values_are_not() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] =
            json!(r#"[{"name":"DB_PASSWORD","value":"hunter22","type":"PLAINTEXT"}]"#);
        assert_eq!(codes(v.clone()), vec!["W003"]);
        v["pipeline"]["stages"][1]["actions"][0]["configuration"]["EnvironmentVariables"] =
            json!(r#"[{"name":"DB_PASSWORD","value":"prod/db","type":"SECRETS_MANAGER"}]"#);
        assert_eq!(codes(v), Vec::<&str>::new());
    }

    #[test]
    fn cheap_gates_never_hide_a_regex_match() {
        // The gates in `secret_reason` and `maybe_keyish` must only skip values the regexes
        // would not match: compare on values built from the patterns' own pieces.
        let pieces = [
            "",
            "x",
            "Pass",
            "PASSWORD",
            "pwd",
            "ToKeN",
            "api-key",
            "API_KEY",
            "access_key",
            "Private-Key",
            "credential",
            "secret",
            "ſecret",
            "=",
            ": ",
            "\"",
            "AKIA",
            "ASIA",
            "ABCDEFGHIJKLMNOP",
            "gh",
            "ghp_",
            "github_pat_",
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            " ",
            "hunter22",
            "#{x}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let v = format!("{a}{b}{c}");
                    if KEYISH.is_match(&v) {
                        assert!(maybe_keyish(&v), "{v:?}");
                    }
                    if ASSIGNED_PASSWORD.is_match(&v) {
                        assert!(maybe_keyish(&v) && Shape::of(&v).assignment, "{v:?}");
                    }
                    let shape = Shape::of(&v);
                    assert!(!AWS_KEY_ID.is_match(&v) || shape.aws_key_prefix, "{v:?}");
                    assert!(!GITHUB_TOKEN.is_match(&v) || shape.github_prefix, "{v:?}");
                }
            }
        }
    }

    #[test]
    fn secret_detection() {
        assert_eq!(
            secret_reason("x", "AKIAABCDEFGHIJKLMNOP"),
            Some("an AWS access key id")
        );
        assert_eq!(
            secret_reason("x", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            Some("a GitHub token")
        );
        assert!(secret_reason(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        )
        .is_some());
        assert!(secret_reason("Commit", "0123456789abcdef0123456789abcdef01234567").is_none());
        assert_eq!(
            secret_reason("OAuthToken", "0123456789abcdef0123456789abcdef01234567"),
            Some("a GitHub OAuth token (40 hexadecimal characters)")
        );
        assert_eq!(
            secret_reason(
                "UserParameters",
                "token=0123456789abcdef0123456789abcdef01234567"
            ),
            Some("a GitHub OAuth token (40 hexadecimal characters)")
        );
        assert!(secret_reason("UserParameters", "password=hunter22").is_some());
        assert!(secret_reason("OAuthToken", "****").is_none());
        assert!(
            secret_reason("Token", "{{resolve:secretsmanager:gh:SecretString:token}}").is_none()
        );
        assert!(secret_reason("ProjectName", "my-project").is_none());
    }

    #[test]
    fn production_words() {
        for s in ["Prod", "DeployProd", "deploy-production", "app_prd", "PROD"] {
            assert!(mentions_production(s), "{s}");
        }
        for s in ["Product", "products-api", "Staging", "reproduce"] {
            assert!(!mentions_production(s), "{s}");
        }
    }
}
