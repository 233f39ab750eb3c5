//! The provider catalog: every category / owner / provider a user can pick, with its
//! configuration keys, artifact counts and V2-only flag; and the rule catalog: every rule type a
//! stage condition can use, with its configuration keys.
//!
//! The catalog drives the designer's palette and the configuration, artifact and V2 rules of
//! validation. Its facts come from the CodePipeline user guide (action structure reference pages
//! `action-reference-*.html`, the artifacts table `reference-action-artifacts.html`, the valid
//! providers page `actions-valid-providers.html` and the rule reference
//! `rule-reference-*.html`); each entry names its page in `docs_url`.
//!
//! Where the sources disagree the entry says which one it follows and why (see
//! `catalog/providers.rs` and `catalog/rules.rs`).

mod providers;
mod rules;

use std::sync::LazyLock;

use serde::Serialize;

use crate::model::{ActionTypeId, RuleTypeId};
use rustc_hash::FxHashMap;

/// The action categories the service knows (`ActionCategory` in the API model).
pub const CATEGORIES: &[&str] = &[
    "Source", "Build", "Deploy", "Test", "Invoke", "Approval", "Compute",
];

/// The action owners the service knows (`ActionOwner` in the API model).
pub const OWNERS: &[&str] = &["AWS", "ThirdParty", "Custom"];

/// Every provider a user can pick, in palette order, and every rule type of stage conditions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub providers: Vec<Provider>,
    pub rules: Vec<RuleProvider>,
}

/// An inclusive range of artifact counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ArtifactRange {
    pub min: u32,
    pub max: u32,
}

impl ArtifactRange {
    pub const fn new(min: u32, max: u32) -> Self {
        Self { min, max }
    }

    pub fn contains(&self, n: usize) -> bool {
        (self.min as usize..=self.max as usize).contains(&n)
    }

    /// `1`, `0..5`: how the range reads in a message.
    pub fn describe(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}..{}", self.min, self.max)
        }
    }
}

/// One configuration key of a provider.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConfigKey {
    pub name: String,
    /// The service rejects the action without it.
    pub required: bool,
    /// Returned masked as `****` by get-pipeline; never store it in a design file.
    pub secret: bool,
    pub help: String,
    /// The values the service accepts, when it is an enumeration.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// The value the service assumes when the key is absent, if documented.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// One action provider: what the palette shows and what validation checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    pub category: String,
    pub owner: String,
    /// The provider name; for [`Provider::any_provider_name`] entries, a suggested name.
    pub provider: String,
    pub version: String,
    pub display_name: String,
    pub description: String,
    /// The user guide page this entry follows.
    pub docs_url: String,
    pub input_artifacts: ArtifactRange,
    pub output_artifacts: ArtifactRange,
    /// Only V2 pipelines may use this action type.
    pub v2_only: bool,
    /// Legacy and not recommended (GitHub v1 with an OAuth token).
    pub legacy: bool,
    /// The provider name is chosen by the user (Custom owner: the name configured in the
    /// Jenkins plugin); any name matches this entry.
    pub any_provider_name: bool,
    /// The action may run in another region (`region`). Source, ThirdParty and Custom
    /// actions may not.
    pub cross_region: bool,
    /// The configuration keys are declared elsewhere (a custom action type's own properties, a
    /// partner's integration), so `config` lists the usual ones and no key is unknown.
    pub open_config: bool,
    pub config: Vec<ConfigKey>,
}

/// One rule type of stage conditions (`ruleTypeId.provider`; category `Rule`, owner `AWS`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleProvider {
    pub provider: String,
    pub version: String,
    pub display_name: String,
    pub description: String,
    /// The rule reference page this entry follows.
    pub docs_url: String,
    /// An entry condition with result SKIP may use it (LambdaInvoke and VariableCheck).
    pub skip_allowed: bool,
    /// It runs the rule's `commands` (1..50) rather than taking them in configuration.
    pub runs_commands: bool,
    pub config: Vec<ConfigKey>,
}

impl RuleProvider {
    /// A configuration key by its exact name.
    pub fn key(&self, name: &str) -> Option<&ConfigKey> {
        self.config.iter().find(|k| k.name == name)
    }

    /// The required configuration keys.
    pub fn required_keys(&self) -> impl Iterator<Item = &ConfigKey> {
        self.config.iter().filter(|k| k.required)
    }

    /// The `RuleTypeId` a new rule of this type gets.
    pub fn type_id(&self) -> RuleTypeId {
        RuleTypeId {
            category: "Rule".into(),
            owner: Some("AWS".into()),
            provider: self.provider.clone(),
            version: Some(self.version.clone()),
            extra: Default::default(),
        }
    }
}

impl Provider {
    /// A configuration key by its exact name.
    pub fn key(&self, name: &str) -> Option<&ConfigKey> {
        self.config.iter().find(|k| k.name == name)
    }

    /// The required configuration keys.
    pub fn required_keys(&self) -> impl Iterator<Item = &ConfigKey> {
        self.config.iter().filter(|k| k.required)
    }

    /// The names of the secret configuration keys.
    pub fn secret_keys(&self) -> impl Iterator<Item = &str> {
        self.config
            .iter()
            .filter(|k| k.secret)
            .map(|k| k.name.as_str())
    }

    /// The `ActionTypeId` a new action of this type gets.
    pub fn type_id(&self) -> ActionTypeId {
        ActionTypeId::new(&self.category, &self.owner, &self.provider, &self.version)
    }

    fn matches(&self, id: &ActionTypeId) -> bool {
        self.category == id.category
            && self.owner == id.owner
            && (self.any_provider_name || self.provider == id.provider)
    }
}

impl Catalog {
    /// The entry for an action type: category, owner and provider must match (the version is
    /// not compared: every catalogued provider is at version 1). Custom-owner Build and Test
    /// actions match the Jenkins entry whatever their provider name.
    pub fn find(&self, id: &ActionTypeId) -> Option<&Provider> {
        // Exact entries first, so a future exact Custom entry wins over the wildcard.
        self.providers
            .iter()
            .find(|p| !p.any_provider_name && p.matches(id))
            .or_else(|| {
                self.providers
                    .iter()
                    .find(|p| p.any_provider_name && p.matches(id))
            })
    }

    /// The entries of one category, in palette order.
    pub fn in_category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Provider> {
        self.providers
            .iter()
            .filter(move |p| p.category == category)
    }
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog {
    providers: providers::all(),
    rules: rules::all(),
});

/// The catalog, built once.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// Exact entries by provider name, and the any-name (Custom) entries: validation looks up
/// every action several times, so this avoids scanning the whole catalog each time.
struct Index {
    by_provider: FxHashMap<&'static str, Vec<&'static Provider>>,
    any_name: Vec<&'static Provider>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut by_provider: FxHashMap<&'static str, Vec<&'static Provider>> = FxHashMap::default();
    let mut any_name = Vec::new();
    for p in &catalog().providers {
        if p.any_provider_name {
            any_name.push(p);
        } else {
            by_provider.entry(p.provider.as_str()).or_default().push(p);
        }
    }
    Index {
        by_provider,
        any_name,
    }
});

/// The catalog entry for an action type, if it is catalogued (same answer as
/// [`Catalog::find`], through an index).
pub fn find(id: &ActionTypeId) -> Option<&'static Provider> {
    let index = &*INDEX;
    index
        .by_provider
        .get(id.provider.as_str())
        .and_then(|list| list.iter().copied().find(|p| p.matches(id)))
        .or_else(|| index.any_name.iter().copied().find(|p| p.matches(id)))
}

/// The catalog entry of a rule type by its provider name (`ruleTypeId.provider`), if catalogued.
pub fn find_rule(provider: &str) -> Option<&'static RuleProvider> {
    catalog().rules.iter().find(|r| r.provider == provider)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_requested_provider_is_catalogued() {
        for (cat, owner, provider) in [
            ("Source", "AWS", "CodeCommit"),
            ("Source", "AWS", "S3"),
            ("Source", "AWS", "ECR"),
            ("Source", "AWS", "CodeStarSourceConnection"),
            ("Source", "ThirdParty", "GitHub"),
            ("Build", "AWS", "CodeBuild"),
            ("Test", "AWS", "CodeBuild"),
            ("Build", "Custom", "Jenkins"),
            ("Test", "Custom", "MyJenkinsProvider"),
            ("Build", "AWS", "ECRBuildAndPublish"),
            ("Compute", "AWS", "Commands"),
            ("Approval", "AWS", "Manual"),
            ("Deploy", "AWS", "CodeDeploy"),
            ("Deploy", "AWS", "ElasticBeanstalk"),
            ("Deploy", "AWS", "CloudFormation"),
            ("Deploy", "AWS", "CloudFormationStackSet"),
            ("Deploy", "AWS", "ECS"),
            ("Deploy", "AWS", "CodeDeployToECS"),
            ("Deploy", "AWS", "S3"),
            ("Deploy", "AWS", "EKS"),
            ("Invoke", "AWS", "Lambda"),
            ("Invoke", "AWS", "StepFunctions"),
            ("Deploy", "AWS", "Lambda"),
            ("Deploy", "AWS", "EC2"),
            ("Deploy", "AWS", "ServiceCatalog"),
            ("Invoke", "AWS", "CodePipeline"),
            ("Invoke", "AWS", "InspectorScan"),
            ("Invoke", "ThirdParty", "Snyk"),
        ] {
            let id = ActionTypeId::new(cat, owner, provider, "1");
            let p = find(&id).unwrap_or_else(|| panic!("{cat}/{owner}/{provider} missing"));
            assert_eq!(p.category, cat);
        }
        assert!(find(&ActionTypeId::new("Deploy", "AWS", "Nope", "1")).is_none());
        assert!(find(&ActionTypeId::new("Deploy", "Custom", "Jenkins", "1")).is_none());
    }

    #[test]
    fn indexed_find_agrees_with_the_scan() {
        for p in &catalog().providers {
            for provider in [p.provider.as_str(), "SomethingElse"] {
                let id = ActionTypeId::new(&p.category, &p.owner, provider, "1");
                assert_eq!(find(&id), catalog().find(&id), "{id:?}");
            }
        }
    }

    #[test]
    fn entries_are_consistent() {
        let mut seen = HashSet::new();
        for p in &catalog().providers {
            assert!(CATEGORIES.contains(&p.category.as_str()), "{}", p.provider);
            assert!(OWNERS.contains(&p.owner.as_str()), "{}", p.provider);
            assert!(
                seen.insert((p.category.clone(), p.owner.clone(), p.provider.clone())),
                "duplicate entry {}/{}/{}",
                p.category,
                p.owner,
                p.provider
            );
            assert!(p.input_artifacts.min <= p.input_artifacts.max);
            assert!(p.output_artifacts.min <= p.output_artifacts.max);
            assert!(!p.display_name.is_empty() && !p.description.is_empty());
            assert!(p.docs_url.starts_with("https://docs.aws.amazon.com/"));
            if p.category == "Source" || p.owner != "AWS" {
                assert!(!p.cross_region, "{} cannot be cross-region", p.provider);
            }
            let mut keys = HashSet::new();
            for k in &p.config {
                assert!(keys.insert(&k.name), "duplicate key {}", k.name);
                assert!((1..=50).contains(&k.name.len()));
                assert!(!k.help.is_empty(), "{}.{} has no help", p.provider, k.name);
                if let (Some(allowed), Some(default)) = (&k.allowed, &k.default) {
                    assert!(allowed.contains(default), "{}.{}", p.provider, k.name);
                }
            }
        }
    }

    #[test]
    fn github_v1_token_is_secret_and_v2_only_flags_are_set() {
        let gh = find(&ActionTypeId::new("Source", "ThirdParty", "GitHub", "1")).unwrap();
        assert_eq!(gh.secret_keys().collect::<Vec<_>>(), ["OAuthToken"]);
        assert!(gh.legacy);
        for (cat, provider) in [
            ("Compute", "Commands"),
            ("Build", "ECRBuildAndPublish"),
            ("Deploy", "EKS"),
            ("Deploy", "EC2"),
            ("Deploy", "Lambda"),
            ("Invoke", "CodePipeline"),
        ] {
            assert!(
                find(&ActionTypeId::new(cat, "AWS", provider, "1"))
                    .unwrap()
                    .v2_only
            );
        }
        assert!(
            !find(&ActionTypeId::new("Build", "AWS", "CodeBuild", "1"))
                .unwrap()
                .v2_only
        );
    }

    /// The action structure reference's pages (its "Topics" list,
    /// <https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference.html>) and the
    /// action types each documents. Copy this list from the page when it changes: the test below
    /// then says which provider the catalog lacks.
    /// `(category, owner, provider)` of an action type.
    type TypeId = (&'static str, &'static str, &'static str);

    const ACTION_REFERENCE: &[(&str, &[TypeId])] = &[
        ("EC2Deploy", &[("Deploy", "AWS", "EC2")]),
        ("ECR", &[("Source", "AWS", "ECR")]),
        (
            "ECRBuildAndPublish",
            &[("Build", "AWS", "ECRBuildAndPublish")],
        ),
        ("ECSbluegreen", &[("Deploy", "AWS", "CodeDeployToECS")]),
        ("ECS", &[("Deploy", "AWS", "ECS")]),
        ("EKS", &[("Deploy", "AWS", "EKS")]),
        ("LambdaDeploy", &[("Deploy", "AWS", "Lambda")]),
        ("S3Deploy", &[("Deploy", "AWS", "S3")]),
        ("S3", &[("Source", "AWS", "S3")]),
        ("AppConfig", &[("Deploy", "AWS", "AppConfig")]),
        ("CloudFormation", &[("Deploy", "AWS", "CloudFormation")]),
        (
            "StackSets",
            &[
                ("Deploy", "AWS", "CloudFormationStackSet"),
                ("Deploy", "AWS", "CloudFormationStackInstances"),
            ],
        ),
        (
            "CodeBuild",
            &[("Build", "AWS", "CodeBuild"), ("Test", "AWS", "CodeBuild")],
        ),
        ("PipelineInvoke", &[("Invoke", "AWS", "CodePipeline")]),
        ("CodeCommit", &[("Source", "AWS", "CodeCommit")]),
        ("CodeDeploy", &[("Deploy", "AWS", "CodeDeploy")]),
        (
            "CodestarConnectionSource",
            &[("Source", "AWS", "CodeStarSourceConnection")],
        ),
        ("Commands", &[("Compute", "AWS", "Commands")]),
        ("DeviceFarm", &[("Test", "AWS", "DeviceFarm")]),
        ("Beanstalk", &[("Deploy", "AWS", "ElasticBeanstalk")]),
        ("InspectorScan", &[("Invoke", "AWS", "InspectorScan")]),
        ("Lambda", &[("Invoke", "AWS", "Lambda")]),
        ("OpsWorks", &[("Deploy", "AWS", "OpsWorks")]),
        ("ServiceCatalog", &[("Deploy", "AWS", "ServiceCatalog")]),
        ("StepFunctions", &[("Invoke", "AWS", "StepFunctions")]),
    ];

    #[test]
    fn every_provider_of_the_action_reference_is_catalogued() {
        let mut missing = Vec::new();
        for (page, types) in ACTION_REFERENCE {
            for (cat, owner, provider) in *types {
                match find(&ActionTypeId::new(cat, owner, provider, "1")) {
                    Some(p) => assert!(
                        p.docs_url.ends_with(&format!("action-reference-{page}.html")),
                        "{cat}/{owner}/{provider} should follow action-reference-{page}.html, not {}",
                        p.docs_url
                    ),
                    None => missing.push(format!(
                        "{cat}/{owner}/{provider} (action-reference-{page}.html)"
                    )),
                }
            }
        }
        assert!(missing.is_empty(), "the catalog lacks {missing:?}");
    }

    #[test]
    fn rule_types_are_catalogued_and_consistent() {
        let names: Vec<&str> = catalog()
            .rules
            .iter()
            .map(|r| r.provider.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "CloudWatchAlarm",
                "Commands",
                "DeploymentWindow",
                "LambdaInvoke",
                "VariableCheck"
            ]
        );
        for r in &catalog().rules {
            assert_eq!(find_rule(&r.provider), Some(r));
            assert!(r.docs_url.starts_with("https://docs.aws.amazon.com/"));
            assert_eq!(r.type_id().category, "Rule");
            let mut keys = HashSet::new();
            for k in &r.config {
                assert!(keys.insert(&k.name), "duplicate key {}", k.name);
                assert!(!k.help.is_empty(), "{}.{} has no help", r.provider, k.name);
            }
        }
        let skip: Vec<&str> = catalog()
            .rules
            .iter()
            .filter(|r| r.skip_allowed)
            .map(|r| r.provider.as_str())
            .collect();
        assert_eq!(skip, ["LambdaInvoke", "VariableCheck"]);
        assert!(find_rule("Commands").unwrap().runs_commands);
        assert!(find_rule("commands").is_none(), "names are case-sensitive");
    }

    #[test]
    fn custom_and_partner_actions_take_the_keys_they_declare() {
        for id in [
            ActionTypeId::new("Build", "Custom", "Jenkins", "2"),
            ActionTypeId::new("Invoke", "ThirdParty", "Snyk", "1"),
        ] {
            let p = find(&id).unwrap();
            assert!(p.open_config, "{id:?}");
            assert_eq!(p.required_keys().count(), 0, "{id:?}");
        }
        assert!(
            !find(&ActionTypeId::new("Build", "AWS", "CodeBuild", "1"))
                .unwrap()
                .open_config
        );
    }

    #[test]
    fn catalog_serializes_with_camel_case_fields() {
        let v = serde_json::to_value(catalog()).unwrap();
        let first = &v["providers"][0];
        assert!(first["displayName"].is_string());
        assert!(first["inputArtifacts"]["max"].is_number());
        assert!(first["config"][0]["required"].is_boolean());
        assert!(first["openConfig"].is_boolean());
        assert!(v["rules"][0]["skipAllowed"].is_boolean());
    }
}
