//! The rule catalog's data: the rule types a stage condition can use, one entry each, from the
//! rule reference (`https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference.html`
//! and its pages `rule-reference-<Name>.html`), which lists each rule's configuration
//! parameters the way the action reference lists an action's.
//!
//! Disagreements, and what this file does:
//! - The Commands rule page lists `Commands` among its "configuration parameters", but its
//!   commands go in the rule's own `commands` list (API model `RuleDeclaration.commands`,
//!   CommandList 1..50), as the Commands action's do; the entry takes no configuration keys and
//!   says it runs commands.
//! - CloudWatchAlarm `AlarmStates` names the states to monitor ("Valid values are ALARM, OK, and
//!   INSUFFICIENT_DATA"); a comma-separated list of them is accepted, so it has no single-value
//!   `allowed` list (validation checks each value).

use super::{ConfigKey, RuleProvider};

const GUIDE: &str = "https://docs.aws.amazon.com/codepipeline/latest/userguide/";

struct R(RuleProvider);

fn rule(name: &str, display: &str, description: &str) -> R {
    R(RuleProvider {
        provider: name.into(),
        version: "1".into(),
        display_name: display.into(),
        description: description.into(),
        docs_url: format!("{GUIDE}rule-reference-{name}.html"),
        skip_allowed: false,
        runs_commands: false,
        config: Vec::new(),
    })
}

impl R {
    fn key(mut self, name: &str, required: bool, help: &str) -> Self {
        self.0.config.push(ConfigKey {
            name: name.into(),
            required,
            secret: false,
            help: help.into(),
            allowed: None,
            default: None,
        });
        self
    }
    fn req(self, name: &str, help: &str) -> Self {
        self.key(name, true, help)
    }
    fn opt(self, name: &str, help: &str) -> Self {
        self.key(name, false, help)
    }
    /// The last key takes only these values.
    fn one_of(mut self, allowed: &[&str]) -> Self {
        if let Some(k) = self.0.config.last_mut() {
            k.allowed = Some(allowed.iter().map(|s| s.to_string()).collect());
        }
        self
    }
    /// The last key defaults to this value.
    fn default(mut self, value: &str) -> Self {
        if let Some(k) = self.0.config.last_mut() {
            k.default = Some(value.into());
        }
        self
    }
    /// "The Skip result on entry conditions only supports the LambdaInvoke and VariableCheck
    /// rules" (stage conditions guide, Considerations).
    fn skip_allowed(mut self) -> Self {
        self.0.skip_allowed = true;
        self
    }
    fn runs_commands(mut self) -> Self {
        self.0.runs_commands = true;
        self
    }
    fn done(self) -> RuleProvider {
        self.0
    }
}

/// Every catalogued rule type, in the rule reference's order.
pub(super) fn all() -> Vec<RuleProvider> {
    vec![
        rule("CloudWatchAlarm", "CloudWatch alarm", "Checks a CloudWatch alarm (which must already exist) and applies the condition's result when it is in the monitored state.")
            .req("AlarmName", "The name of the CloudWatch alarm, a separate resource created in CloudWatch.")
            .opt("AlarmStates", "The alarm states to monitor: ALARM, OK or INSUFFICIENT_DATA (several separated by commas).")
            .opt("WaitTime", "Minutes to wait for the alarm state to change before the rule result applies, e.g. `20`.")
            .done(),
        rule("Commands", "Commands", "Runs shell commands (the rule's `commands`, 1..50, single-line) on CodePipeline-managed CodeBuild compute; the rule fails when a command fails.")
            .runs_commands()
            .done(),
        rule("DeploymentWindow", "Deployment window", "Lets the stage run only on the days and at the times a cron expression allows.")
            .req("Cron", "When deployment is allowed: a cron expression of 6 fields and an optional year (seconds minutes hours day-of-month month day-of-week [year]), e.g. `0 0 9-17 ? * MON-FRI *`.")
            .opt("TimeZone", "The time zone of the window: Region/City (`Europe/Berlin`), UTC with an optional offset (`UTC+05:30`), or a 3 to 5 letter abbreviation (`EST`).")
            .default("UTC")
            .done(),
        rule("LambdaInvoke", "Lambda invoke", "Invokes a Lambda function (which must already exist); the rule passes or fails with the function's result.")
            .req("FunctionName", "The name of the Lambda function.")
            .opt("UserParameters", "Input for the function, in key-value pair format.")
            .skip_allowed()
            .done(),
        rule("VariableCheck", "Variable check", "Compares a variable (e.g. `#{SourceVariables.BranchName}`) with a value.")
            .req("Variable", "The variable to check, e.g. `#{SourceVariables.RepositoryName}`.")
            .req("Operator", "How to compare: EQ (equals), CONTAINS (substring), MATCHES (a Java regular expression) or NE (not equals).")
            .one_of(&["EQ", "CONTAINS", "MATCHES", "NE"])
            .req("Value", "The value to compare the variable with.")
            .skip_allowed()
            .done(),
    ]
}
