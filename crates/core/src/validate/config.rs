//! Action configuration (`E5xx`, `W5xx`): required, conditional, unknown and enumerated keys,
//! key and value lengths, and the manual-approval-only timeout.
//!
//! Sources: the catalog (each provider's action reference page) and the API model
//! (`ActionConfigurationMap`: key 1..50, value 1..1000; `ActionDeclaration.timeoutInMinutes`).

use super::{action_ptr, len, quoted_list, Catalogued, Out};
use crate::catalog;
use crate::model::{Action, Pipeline};

pub(super) fn check(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    required_keys(p, cat, out);
    conditional_keys(p, out);
    unknown_keys(p, cat, out);
    unknown_provider(p, cat, out);
    key_and_value_lengths(p, out);
    enumerated_values(p, cat, out);
    timeout_only_on_manual_approval(p, out);
    timeout_range(p, out);
}

fn is_manual_approval(a: &Action) -> bool {
    let t = &a.action_type_id;
    t.category == "Approval" && t.owner == "AWS" && t.provider == "Manual"
}

/// E501. "Required: Yes" configuration keys of each action reference page (see the catalog).
fn required_keys(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    for (si, ai, a, prov) in cat.actions(p) {
        let Some(prov) = prov else {
            continue;
        };
        for k in prov.required_keys() {
            if a.config(&k.name).is_none() {
                out.emit(
                    "E501",
                    &action_ptr(si, ai).key("configuration").key(&k.name),
                    format!(
                        "action `{}` ({}) needs configuration key `{}`",
                        a.name, prov.display_name, k.name
                    ),
                    format!("Set `{}`: {}", k.name, k.help),
                );
            }
        }
    }
}

/// E507. Keys marked "Required: Conditional" on the action reference pages:
/// - CodeBuild `PrimarySource`: "required if there are multiple input artifacts"
///   (action-reference-CodeBuild.html);
/// - S3 deploy `ObjectKey`: "required if Extract is false" (action-reference-S3Deploy.html);
/// - CloudFormation `ChangeSetName`: required for CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE;
///   `TemplatePath`: required for CREATE_UPDATE, REPLACE_ON_FAILURE and CHANGE_SET_REPLACE
///   (action-reference-CloudFormation.html, "ActionMode");
/// - EC2 deploy `PostScript` ("Required: Yes", absent from the page's DeploySpec example: so
///   unless `DeploySpec` is set) and `TargetDirectory` ("Required: Yes (If script is
///   specified)") (action-reference-EC2Deploy.html);
/// - Lambda deploy `PublishedTargetVersion`: "Required if no input artifact is provided"; and
///   `FunctionAlias` for `DeployStrategy` ("Only available when FunctionAlias is provided") and
///   `PublishedTargetVersion` ("the desired Lambda Function version to be deployed to
///   FunctionAlias") (action-reference-LambdaDeploy.html);
/// - Service Catalog `TemplateFilePath`, `ProductVersionName`, `ProductType` ("Required: Yes"),
///   unless a `ConfigurationFilePath` holds them, as the page's second example shows
///   (action-reference-ServiceCatalog.html);
/// - EKS `HelmReleaseName` and `HelmChartLocation` "Required only for Helm type",
///   `ManifestFiles` "Required only for Kubectl type" (action-reference-EKS.html): a Helm key
///   asks for both Helm keys, and no Helm key asks for `ManifestFiles`.
fn conditional_keys(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        let t = &a.action_type_id;
        if t.owner != "AWS" {
            continue;
        }
        let mut need = |key: &str, why: String| {
            if a.config(key).is_none() {
                out.emit(
                    "E507",
                    &action_ptr(si, ai).key("configuration").key(key),
                    format!("action `{}` needs configuration key `{key}` {why}", a.name),
                    format!("Set `{key}`."),
                );
            }
        };
        match (t.category.as_str(), t.provider.as_str()) {
            ("Build" | "Test", "CodeBuild") => {
                let n = a.input_artifacts.as_ref().map_or(0, Vec::len);
                if n > 1 {
                    need("PrimarySource", format!("because it has {n} input artifacts (name the one that holds the buildspec)"));
                }
            }
            ("Deploy", "S3")
                if a.config("Extract")
                    .is_some_and(|v| v.eq_ignore_ascii_case("false")) =>
            {
                need("ObjectKey", "because `Extract` is false".into());
            }
            ("Deploy", "CloudFormation") => {
                let mode = a.config("ActionMode").unwrap_or("");
                if matches!(mode, "CHANGE_SET_REPLACE" | "CHANGE_SET_EXECUTE") {
                    need("ChangeSetName", format!("with ActionMode {mode}"));
                }
                if matches!(
                    mode,
                    "CREATE_UPDATE" | "REPLACE_ON_FAILURE" | "CHANGE_SET_REPLACE"
                ) {
                    need("TemplatePath", format!("with ActionMode {mode}"));
                }
            }
            ("Deploy", "EC2") => {
                if a.config("DeploySpec").is_none() {
                    need("PostScript", "unless it uses a `DeploySpec` file".into());
                }
                if a.config("PreScript").is_some() || a.config("PostScript").is_some() {
                    need(
                        "TargetDirectory",
                        "because it runs scripts (the directory they run in)".into(),
                    );
                }
            }
            ("Deploy", "Lambda") => {
                if a.input_artifacts.as_ref().map_or(0, Vec::len) == 0 {
                    need(
                        "PublishedTargetVersion",
                        "because it has no input artifact to deploy".into(),
                    );
                }
                for key in ["DeployStrategy", "PublishedTargetVersion"] {
                    if a.config(key).is_some() {
                        need("FunctionAlias", format!("because it sets `{key}`"));
                    }
                }
            }
            ("Deploy", "ServiceCatalog") if a.config("ConfigurationFilePath").is_none() => {
                for key in ["TemplateFilePath", "ProductVersionName", "ProductType"] {
                    need(key, "unless a `ConfigurationFilePath` holds it".into());
                }
            }
            ("Deploy", "EKS") => {
                if a.config("HelmReleaseName").is_some() || a.config("HelmChartLocation").is_some()
                {
                    need("HelmReleaseName", "to deploy a Helm chart".into());
                    need("HelmChartLocation", "to deploy a Helm chart".into());
                } else {
                    need(
                        "ManifestFiles",
                        "to deploy with kubectl (or set HelmReleaseName and HelmChartLocation for a Helm chart)"
                            .into(),
                    );
                }
            }
            _ => {}
        }
    }
}

/// W501. A configuration key the provider's action reference page does not list. The service
/// rejects unknown keys for AWS providers ("Unrecognized configuration key"); it is a warning
/// because the catalog may lag behind a newly added key. Custom actions take the "configuration
/// properties" their custom action type declares (API model `ActionConfigurationProperty`),
/// and partner actions whatever their setup writes: their keys are never unknown
/// (`open_config`).
fn unknown_keys(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    for (si, ai, a, prov) in cat.actions(p) {
        let Some(prov) = prov.filter(|p| !p.open_config) else {
            continue;
        };
        for key in a.configuration.iter().flat_map(|c| c.keys()) {
            if prov.key(key).is_none() {
                let known: Vec<&str> = prov.config.iter().map(|k| k.name.as_str()).collect();
                let hint = match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
                    Some(k) => format!("Did you mean `{k}`? Keys are case-sensitive."),
                    None if known.is_empty() => format!(
                        "{} takes no configuration keys; remove it.",
                        prov.display_name
                    ),
                    None => format!("Known keys: {}.", quoted_list(&known)),
                };
                out.emit(
                    "W501",
                    &action_ptr(si, ai).key("configuration").key(key),
                    format!(
                        "`{key}` is not a configuration key of {}",
                        prov.display_name
                    ),
                    hint,
                );
            }
        }
    }
}

/// W502. An AWS or ThirdParty action type that is not in the catalog: its configuration and
/// artifacts cannot be checked offline. (Custom-owner types are the account's own.)
fn unknown_provider(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    for (si, ai, a, prov) in cat.actions(p) {
        let t = &a.action_type_id;
        if t.provider.is_empty() || !matches!(t.owner.as_str(), "AWS" | "ThirdParty") {
            continue;
        }
        if !catalog::CATEGORIES.contains(&t.category.as_str()) || prov.is_some() {
            continue;
        }
        let same_name: Vec<&str> = catalog::catalog()
            .providers
            .iter()
            .filter(|p| p.provider == t.provider)
            .map(|p| p.category.as_str())
            .collect();
        let hint = if same_name.is_empty() {
            "Check the provider name (case-sensitive) against the palette; if it is a provider Pipewright does not know yet, its configuration is not checked.".to_string()
        } else {
            format!(
                "`{}` is a provider of category {}; check `category` and `owner`.",
                t.provider,
                quoted_list(&same_name)
            )
        };
        out.emit(
            "W502",
            &action_ptr(si, ai).key("actionTypeId").key("provider"),
            format!("{}/{}/{} is not a known action type; its configuration and artifacts are not checked", t.category, t.owner, t.provider),
            hint,
        );
    }
}

/// E502 (key) and E503 (value). "ActionConfigurationKey: min 1, max 50;
/// ActionConfigurationValue: min 1, max 1000" (API model, `ActionConfigurationMap`; quotas page:
/// "Maximum length of action configuration key 50, value 1000").
fn key_and_value_lengths(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        for (k, v) in a.configuration.iter().flatten() {
            let at = || action_ptr(si, ai).key("configuration").key(k);
            if !(1..=50).contains(&len(k)) {
                out.emit(
                    "E502",
                    &at(),
                    format!("configuration key `{k}` must be 1 to 50 characters"),
                    "Use the key name from the provider's reference.",
                );
            }
            let n = len(v);
            if !(1..=1000).contains(&n) {
                out.emit(
                    "E503",
                    &at(),
                    if n == 0 { format!("configuration value of `{k}` is empty") } else { format!("configuration value of `{k}` is {n} characters; at most 1000 are allowed") },
                    if n == 0 { "Give it a value or remove the key." } else { "Move long content (parameters, JSON) into a file in an input artifact." },
                );
            }
        }
    }
}

/// E504. Configuration keys whose action reference page lists the accepted values (see the
/// catalog's `allowed`). Values that use variables (`#{...}`) are resolved at run time and not
/// checked; `true`/`false` keys are compared without case.
fn enumerated_values(p: &Pipeline, cat: &Catalogued, out: &mut Out) {
    for (si, ai, a, prov) in cat.actions(p) {
        let Some(prov) = prov else {
            continue;
        };
        for (k, v) in a.configuration.iter().flatten() {
            let Some(allowed) = prov.key(k).and_then(|c| c.allowed.as_ref()) else {
                continue;
            };
            if v.contains("#{") {
                continue;
            }
            let boolean = allowed.iter().all(|x| x == "true" || x == "false");
            let ok = allowed
                .iter()
                .any(|x| x == v || (boolean && x.eq_ignore_ascii_case(v)));
            if !ok {
                let list: Vec<&str> = allowed.iter().map(String::as_str).collect();
                out.emit(
                    "E504",
                    &action_ptr(si, ai).key("configuration").key(k),
                    format!(
                        "`{k}` is `{v}`; {} accepts {}",
                        prov.display_name,
                        quoted_list(&list)
                    ),
                    format!("Use one of {}.", quoted_list(&list)),
                );
            }
        }
    }
}

/// E505. "timeoutInMinutes ... is available only to the manual approval ActionType" (API model,
/// `ActionDeclaration.timeoutInMinutes`).
fn timeout_only_on_manual_approval(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if a.timeout_in_minutes.is_some() && !is_manual_approval(a) {
            out.emit(
                "E505",
                &action_ptr(si, ai).key("timeoutInMinutes"),
                format!("action `{}` sets `timeoutInMinutes`, which only manual approval actions accept", a.name),
                "Remove `timeoutInMinutes`; other actions use their provider's fixed timeout.",
            );
        }
    }
}

/// E506. "ActionTimeout: min 5, max 86400" minutes (API model; quotas page: manual approval
/// configurable from 5 minutes to 60 days).
fn timeout_range(p: &Pipeline, out: &mut Out) {
    for (si, ai, a) in p.actions() {
        if let Some(t) = a.timeout_in_minutes {
            if !(5..=86400).contains(&t) {
                out.emit(
                    "E506",
                    &action_ptr(si, ai).key("timeoutInMinutes"),
                    format!(
                        "timeoutInMinutes {t} is out of range; it must be 5 to 86400 (60 days)"
                    ),
                    "Use 5 to 86400 minutes; the default is 7 days (10080).",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{assert_fires_at, base, codes, remove, rule_cases, run, set};

    rule_cases! {
        e501_required_keys: "E501",
        e502_key_length: "E502",
        e503_value_length: "E503",
        e504_enumerated_values: "E504",
        e505_timeout_only_on_manual_approval: "E505",
        e506_timeout_range: "E506",
        e507_conditional_keys: "E507",
        w501_unknown_keys: "W501",
        w502_unknown_provider: "W502",
    }

    #[test]
    fn each_rule_fires_at_its_pointer() {
        assert_fires_at(vec![
            (
                remove(
                    base(),
                    "/pipeline/stages/1/actions/0/configuration/ProjectName",
                ),
                "E501",
                "/pipeline/stages/1/actions/0/configuration/ProjectName",
            ),
            (
                set(
                    base(),
                    "/pipeline/stages/1/actions/0/timeoutInMinutes",
                    json!(10),
                ),
                "E505",
                "/pipeline/stages/1/actions/0/timeoutInMinutes",
            ),
        ]);
    }

    /// Real keys and real action types that were once judged wrongly.
    #[test]
    fn current_keys_and_action_types_are_known() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["configuration"]["BuildspecOverride"] =
            json!("buildspec-ci.yml");
        v["pipeline"]["stages"][2]["actions"][1] = json!({
            "name": "Deploy",
            "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "Lambda", "version": "1"},
            "runOrder": 2,
            "configuration": {"FunctionName": "api", "FunctionAlias": "live", "DeployStrategy": "Linear10PercentEvery1Minute"},
            "inputArtifacts": [{"name": "BuildOut"}]
        });
        assert_eq!(run(v), vec![]);
    }

    /// A custom action takes the properties its custom action type declares: neither the
    /// Jenkins plugin's `ProjectName` nor any other key is required or unknown.
    #[test]
    fn custom_actions_are_not_judged_by_the_jenkins_keys() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["actionTypeId"] =
            json!({"category": "Build", "owner": "Custom", "provider": "Jenkins", "version": "2"});
        v["pipeline"]["stages"][1]["actions"][0]["configuration"] =
            json!({"ServerURL": "https://jenkins.example.com", "Job": "shop"});
        assert_eq!(codes(v), Vec::<&str>::new());
    }

    #[test]
    fn conditional_keys_of_the_current_providers() {
        let deploy = |config: serde_json::Value, inputs: bool| {
            let mut v = base();
            let a = &mut v["pipeline"]["stages"][2]["actions"][1];
            a["actionTypeId"]["provider"] = json!("EC2");
            a["configuration"] = config;
            if !inputs {
                a.as_object_mut().unwrap().shift_remove("inputArtifacts");
            }
            v
        };
        let ec2 = |config| codes(deploy(config, true));
        assert_eq!(
            ec2(
                json!({"InstanceTagKey": "Name", "InstanceType": "EC2", "DeploySpec": "deployspec.yaml"})
            ),
            Vec::<&str>::new()
        );
        assert_eq!(
            ec2(json!({"InstanceTagKey": "Name", "InstanceType": "EC2"})),
            vec!["E507"]
        );
        let mut lambda = deploy(
            json!({"FunctionName": "api", "DeployStrategy": "AllAtOnce"}),
            false,
        );
        lambda["pipeline"]["stages"][2]["actions"][1]["actionTypeId"]["provider"] = json!("Lambda");
        let d = run(lambda);
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.pointer.rsplit('/').next().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("E507", "PublishedTargetVersion"),
                ("E507", "FunctionAlias"),
            ],
            "{d:#?}"
        );
    }

    #[test]
    fn variables_in_values_skip_enum_checks_and_booleans_ignore_case() {
        let mut v = base();
        v["pipeline"]["variables"] = json!([{"name": "Format", "defaultValue": "CODE_ZIP"}]);
        v["pipeline"]["stages"][0]["actions"][0]["configuration"]["DetectChanges"] = json!("False");
        v["pipeline"]["stages"][0]["actions"][0]["configuration"]["OutputArtifactFormat"] =
            json!("#{variables.Format}");
        assert_eq!(codes(v.clone()), Vec::<&str>::new());
        v["pipeline"]["stages"][0]["actions"][0]["configuration"]["OutputArtifactFormat"] =
            json!("ZIP");
        assert_eq!(codes(v), vec!["E504"]);
    }
}
