//! The cause of a failed action whose service Pipewright does not call (Lambda invoke, Step
//! Functions, ECS, Elastic Beanstalk, S3 deploy): a sentence naming the resource from the
//! action's configuration and external execution id, and that resource's console page, in the
//! connection's region and partition.
//!
//! The link is the action's own `externalExecutionUrl` when it is a page of the AWS console
//! ([`is_console_url`]): AWS knows the exact run there. Anything else (empty, or another site)
//! gives the resource's page built here.

use std::collections::BTreeMap;

use pipewright_core::arn::{console_host, is_console_url, Arn};

/// What a failed action of one of these providers was doing, and where to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionCause {
    /// The sentence up to the service's error, e.g. `Lambda function publish-data-jobs failed`.
    pub subject: String,
    /// The resource's console page.
    pub console_url: String,
}

impl ActionCause {
    /// The headline: the subject and what the action said (its error, else its summary).
    pub fn headline(&self, said: Option<&str>) -> String {
        match said.map(str::trim).filter(|s| !s.is_empty()) {
            Some(m) => format!("{}: {m}", self.subject),
            None => self.subject.clone(),
        }
    }
}

/// Percent-encodes what is not safe in a URL's path segment or query value.
fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `n`th `:`-separated part of an ARN's resource (`execution:<machine>:<name>`: 1 is the
/// machine).
fn resource_part(arn: &str, n: usize) -> Option<&str> {
    Arn::parse(arn)?
        .resource
        .split(':')
        .nth(n)
        .filter(|s| !s.is_empty())
}

/// A Lambda function's name from its name, ARN or partial ARN (without a version or alias).
fn lambda_name(function: &str) -> &str {
    let name = function
        .split_once(":function:")
        .map_or(function, |(_, rest)| rest);
    name.split(':').next().unwrap_or(name)
}

/// The cause for `provider`'s failed action, `None` for a provider not described here or a
/// configuration that does not name the resource.
pub fn action_cause(
    provider: &str,
    config: &BTreeMap<String, String>,
    external_id: Option<&str>,
    external_url: Option<&str>,
    region: &str,
) -> Option<ActionCause> {
    let host = console_host(region);
    let get = |k: &str| config.get(k).map(String::as_str).filter(|s| !s.is_empty());
    let (subject, url) = match provider {
        "Lambda" => {
            let name = lambda_name(get("FunctionName")?);
            let group = ["", "aws", "lambda", name].join("$252F");
            (
                format!("Lambda function {name} failed"),
                format!(
                    "https://{host}/cloudwatch/home?region={region}#logsV2:log-groups/log-group/{group}"
                ),
            )
        }
        "StepFunctions" => {
            let execution = external_id.filter(|id| id.starts_with("arn:"));
            let machine_arn = get("StateMachineArn");
            let machine = execution
                .and_then(|e| resource_part(e, 1))
                .or_else(|| machine_arn.and_then(|a| resource_part(a, 1)))?;
            match execution {
                Some(e) => (
                    format!(
                        "Step Functions execution {} of state machine {machine} failed",
                        resource_part(e, 2).unwrap_or(e)
                    ),
                    format!(
                        "https://{host}/states/home?region={region}#/v2/executions/details/{}",
                        enc(e)
                    ),
                ),
                None => (
                    format!("Step Functions state machine {machine} failed"),
                    format!(
                        "https://{host}/states/home?region={region}#/statemachines/view/{}",
                        enc(machine_arn?)
                    ),
                ),
            }
        }
        "ECS" => {
            let cluster = get("ClusterName")?;
            let service = get("ServiceName")?;
            (
                format!("ECS service {service} on cluster {cluster} did not deploy"),
                format!(
                    "https://{host}/ecs/v2/clusters/{}/services/{}/deployments?region={region}",
                    enc(cluster),
                    enc(service)
                ),
            )
        }
        "ElasticBeanstalk" => {
            let app = get("ApplicationName")?;
            let env = get("EnvironmentName")?;
            (
                format!("Elastic Beanstalk environment {env} of {app} failed to deploy"),
                format!(
                    "https://{host}/elasticbeanstalk/home?region={region}#/environment/events?applicationName={}&environmentName={}",
                    enc(app),
                    enc(env)
                ),
            )
        }
        "S3" => {
            let bucket = get("BucketName")?;
            let key = get("ObjectKey").unwrap_or("").trim_start_matches('/');
            (
                format!("S3 deploy to s3://{bucket}/{key} failed"),
                format!(
                    "https://{host}/s3/buckets/{}?region={region}&prefix={}",
                    enc(bucket),
                    enc(key)
                ),
            )
        }
        _ => return None,
    };
    let console_url = external_url
        .filter(|u| is_console_url(u))
        .map(str::to_string)
        .unwrap_or(url);
    Some(ActionCause {
        subject,
        console_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn cause(provider: &str, pairs: &[(&str, &str)], external: Option<&str>) -> ActionCause {
        action_cause(provider, &config(pairs), external, None, "eu-west-1").unwrap()
    }

    #[test]
    fn a_lambda_invoke_names_its_function_and_links_its_log_group() {
        let c = cause(
            "Lambda",
            &[("FunctionName", "publish-data-jobs")],
            Some("a1b2c3"),
        );
        assert_eq!(
            c.headline(Some("Task timed out after 30.00 seconds")),
            "Lambda function publish-data-jobs failed: Task timed out after 30.00 seconds"
        );
        assert_eq!(
            c.console_url,
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fpublish-data-jobs"
        );
        let by_arn = cause(
            "Lambda",
            &[(
                "FunctionName",
                "arn:aws:lambda:eu-west-1:123456789012:function:publish:live",
            )],
            None,
        );
        assert_eq!(by_arn.subject, "Lambda function publish failed");
        for given in ["123456789012:function:publish", "publish:3"] {
            let c = cause("Lambda", &[("FunctionName", given)], None);
            assert_eq!(c.subject, "Lambda function publish failed", "{given}");
        }
    }

    #[test]
    fn a_step_functions_execution_names_itself_and_its_state_machine() {
        let arn = "arn:aws:states:eu-west-1:123456789012:execution:nightly-etl:run-42";
        let c = cause(
            "StepFunctions",
            &[(
                "StateMachineArn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:nightly-etl",
            )],
            Some(arn),
        );
        assert_eq!(
            c.headline(Some("States.TaskFailed: Load step failed")),
            "Step Functions execution run-42 of state machine nightly-etl failed: States.TaskFailed: Load step failed"
        );
        assert_eq!(
            c.console_url,
            "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3Aexecution%3Anightly-etl%3Arun-42"
        );
        let not_started = cause(
            "StepFunctions",
            &[(
                "StateMachineArn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:nightly-etl",
            )],
            None,
        );
        assert_eq!(
            not_started.subject,
            "Step Functions state machine nightly-etl failed"
        );
        assert!(not_started
            .console_url
            .ends_with("#/statemachines/view/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3AstateMachine%3Anightly-etl"));
    }

    #[test]
    fn an_ecs_deploy_names_its_service_and_links_its_deployments() {
        let c = cause(
            "ECS",
            &[("ClusterName", "prod"), ("ServiceName", "billing")],
            Some("ecs-svc/123"),
        );
        assert_eq!(
            c.headline(Some("tasks failed to start")),
            "ECS service billing on cluster prod did not deploy: tasks failed to start"
        );
        assert_eq!(
            c.console_url,
            "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/billing/deployments?region=eu-west-1"
        );
    }

    #[test]
    fn a_beanstalk_deploy_names_its_environment_and_links_its_events() {
        let c = cause(
            "ElasticBeanstalk",
            &[
                ("ApplicationName", "shop"),
                ("EnvironmentName", "shop-prod"),
            ],
            None,
        );
        assert_eq!(
            c.headline(None),
            "Elastic Beanstalk environment shop-prod of shop failed to deploy"
        );
        assert_eq!(
            c.console_url,
            "https://eu-west-1.console.aws.amazon.com/elasticbeanstalk/home?region=eu-west-1#/environment/events?applicationName=shop&environmentName=shop-prod"
        );
    }

    #[test]
    fn an_s3_deploy_names_its_bucket_and_key() {
        let c = cause(
            "S3",
            &[
                ("BucketName", "mobile-releases"),
                ("ObjectKey", "app/1.2.zip"),
                ("Extract", "false"),
            ],
            None,
        );
        assert_eq!(
            c.headline(Some("Access Denied")),
            "S3 deploy to s3://mobile-releases/app/1.2.zip failed: Access Denied"
        );
        assert_eq!(
            c.console_url,
            "https://eu-west-1.console.aws.amazon.com/s3/buckets/mobile-releases?region=eu-west-1&prefix=app%2F1.2.zip"
        );
        let extract = cause("S3", &[("BucketName", "mobile-releases")], None);
        assert_eq!(extract.subject, "S3 deploy to s3://mobile-releases/ failed");
    }

    #[test]
    fn the_link_is_in_the_regions_partition_and_a_console_url_from_aws_wins() {
        let ecs = config(&[("ClusterName", "prod"), ("ServiceName", "billing")]);
        let cn = action_cause("ECS", &ecs, None, None, "cn-north-1").unwrap();
        assert!(cn
            .console_url
            .starts_with("https://cn-north-1.console.amazonaws.cn/ecs/"));
        let gov = action_cause("ECS", &ecs, None, None, "us-gov-west-1").unwrap();
        assert!(gov
            .console_url
            .starts_with("https://us-gov-west-1.console.amazonaws-us-gov.com/ecs/"));
        let aws_link = "https://console.aws.amazon.com/ecs/home?region=eu-west-1#/clusters/prod/services/billing/deployments";
        let given = action_cause("ECS", &ecs, None, Some(aws_link), "eu-west-1").unwrap();
        assert_eq!(given.console_url, aws_link);
        let elsewhere = action_cause(
            "ECS",
            &ecs,
            None,
            Some("https://console.aws.amazon.com.example.com/x"),
            "eu-west-1",
        )
        .unwrap();
        assert!(elsewhere
            .console_url
            .starts_with("https://eu-west-1.console.aws.amazon.com/ecs/v2/"));
        assert!(!is_console_url("http://console.aws.amazon.com/"));
        assert!(action_cause("Manual", &ecs, None, None, "eu-west-1").is_none());
        assert!(action_cause("ECS", &config(&[]), None, None, "eu-west-1").is_none());
    }
}
