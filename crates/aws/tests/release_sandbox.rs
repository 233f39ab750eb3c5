//! What an approval releases, against the sandbox's samples: `web-app-prod` (a CodeCommit
//! source, three commits since its last approved release) and `mobile-release` (a GitHub
//! source behind a CodeStar connection, PARALLEL mode).

mod support;

use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use pipewright_aws::control::release::{self, APPROVAL_EXPIRY_MINUTES};
use pipewright_aws::control::{usecases, WaitingApproval};
use pipewright_aws::Aws;
use pipewright_sandbox::{ActionRule, Sandbox, SandboxConfig};
use support::*;

fn samples() -> SandboxConfig {
    SandboxConfig::with_samples()
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)))
}

/// The approvals waiting in `pipeline`, once one does.
async fn waiting(aws: &Aws, pipeline: &str) -> Vec<WaitingApproval> {
    let api = aws.codepipeline();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let state = api.get_pipeline_state(pipeline).await.unwrap();
        let found = usecases::waiting_approvals(&api, pipeline, &state, None)
            .await
            .unwrap();
        if !found.is_empty() {
            return found;
        }
        assert!(Instant::now() < deadline, "{pipeline} never waited");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_codecommit_release_lists_the_commits_since_the_last_approved_run() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let approval = waiting(&aws, "web-app-prod").await.remove(0);
    let since = approval.since.clone().expect("it says since when");
    assert_eq!(
        approval.expires_at,
        release::expires_at(&since, Some(APPROVAL_EXPIRY_MINUTES))
    );

    let got = release::release(&aws, &approval).await.unwrap();
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    assert_eq!(got.expires_at, approval.expires_at);
    let words = got.expires.as_deref().expect("in words");
    // It started waiting a moment ago: 7 days left, to the second.
    assert!(
        (words.starts_with("expires in 6 days 23 h (at ")
            || words.starts_with("expires in 7 days 0 h (at "))
            && words.ends_with(" UTC)"),
        "{words}"
    );
    let after: Vec<(&str, Vec<&str>)> = got
        .runs_after
        .iter()
        .map(|s| {
            (
                s.stage.as_str(),
                s.actions.iter().map(|a| a.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(after, vec![("Deploy", vec!["Deploy"])]);
    assert_eq!(got.runs_after[0].actions[0].provider, "CodeDeploy");

    let last = got
        .last_approved
        .as_ref()
        .expect("yesterday's run was approved");
    assert_ne!(
        Some(&last.pipeline_execution_id),
        approval.pipeline_execution_id.as_ref()
    );
    let [change] = got.changes.as_slice() else {
        panic!("one source: {:?}", got.changes)
    };
    assert_eq!(change.provider.as_deref(), Some("CodeCommit"));
    assert_eq!(change.repository.as_deref(), Some("web-app"));
    assert_ne!(change.from, change.to);
    let messages: Vec<&str> = change.commits.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(
        change.commits[0].id,
        change.to.clone().unwrap(),
        "newest first"
    );
    assert!(change.commits.iter().all(|c| c.author.is_some()));
    assert!(!change.more);
    assert!(change.files_changed.is_some_and(|n| n > 0), "{change:?}");
    assert_eq!(change.compare_url, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_release_links_the_providers_compare_page() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await;
    let approvals = waiting(&aws, "mobile-release").await;
    for approval in &approvals {
        assert!(approval.expires_at.is_some());
        let got = release::release(&aws, approval).await.unwrap();
        assert!(got.notes.is_empty(), "{:?}", got.notes);
        let after: Vec<&str> = got.runs_after.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(after, vec!["Publish"]);
        let [change] = got.changes.as_slice() else {
            panic!("one source: {:?}", got.changes)
        };
        assert_eq!(change.provider.as_deref(), Some("CodeStarSourceConnection"));
        let (from, to) = (change.from.clone().unwrap(), change.to.clone().unwrap());
        assert_ne!(from, to, "commits landed since the run of 5 days ago");
        assert_eq!(
            change.compare_url.as_deref(),
            Some(format!("https://github.com/example/mobile/compare/{from}...{to}").as_str())
        );
        assert!(change.commits.is_empty());
    }
}

/// Answers every call of `operation` with AccessDeniedException, as AWS does for a role
/// without the permission (the call still reaches the sandbox; its answer is replaced).
#[derive(Debug)]
struct Deny {
    operation: &'static str,
}

impl Intercept for Deny {
    fn name(&self) -> &'static str {
        "DenyForTest"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if cfg
            .load::<Metadata>()
            .is_some_and(|m| m.name() == self.operation)
        {
            let body = format!(
                r#"{{"__type":"AccessDeniedException","message":"User is not authorized to perform: codecommit:{}"}}"#,
                self.operation
            );
            let mut response = HttpResponse::new(400.try_into().unwrap(), SdkBody::from(body));
            response
                .headers_mut()
                .insert("x-amzn-errortype", "AccessDeniedException");
            *context.response_mut() = response;
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_permission_is_one_sentence_and_the_rest_still_shows() {
    let sandbox = Sandbox::start(samples()).await.unwrap();
    let aws = aws(sandbox.endpoint_url()).await.with_interceptor(Deny {
        operation: "GetCommit",
    });
    let approval = waiting(&aws, "web-app-prod").await.remove(0);
    let got = release::release(&aws, &approval).await.unwrap();
    assert_eq!(
        got.notes,
        vec!["the commit list since the last approved run is not shown: this connection may not call codecommit:GetCommit on repository web-app; grant it to the connection's role to see it here".to_string()]
    );
    assert!(got.expires.is_some());
    assert_eq!(got.runs_after[0].stage, "Deploy");
    let change = &got.changes[0];
    assert!(change.commits.is_empty());
    assert!(
        change.files_changed.is_some_and(|n| n > 0),
        "GetDifferences still answers: {change:?}"
    );
}
