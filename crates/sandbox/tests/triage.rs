//! Failure triage against the sandbox with the real SDK clients: a failed action's
//! externalExecutionId leads to the CodeBuild build (failed phase and its message, the log
//! location, test reports), its CloudWatch Logs stream (paged, filtered, "no permission or no
//! log"), the CloudFormation stack events, the CodeDeploy deployment and its failed lifecycle
//! event, and the CodeCommit commits behind the source revision.

mod common;

use aws_sdk_codepipeline::types::*;
use common::*;
use pipewright_sandbox::world::LogFault;

#[tokio::test]
async fn a_failed_build_leads_to_its_failed_phase_log_and_first_error() {
    let (sandbox, client) = start(fast_samples()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let id = latest_with_status(&client, "storefront", PipelineExecutionStatus::Failed).await;
    let run = action_run(&client, "storefront", &id, "Build").await;
    let result = run.output.unwrap().execution_result.unwrap();
    let build_id = result.external_execution_id.unwrap();
    assert!(build_id.starts_with("storefront-build:"), "{build_id}");
    assert!(
        result
            .error_details
            .unwrap()
            .message
            .unwrap()
            .contains("Phase: INSTALL"),
        "the action's error names the phase"
    );

    let codebuild = clients.codebuild();
    let got = codebuild
        .batch_get_builds()
        .ids(&build_id)
        .ids("storefront-build:no-such-build")
        .send()
        .await
        .unwrap();
    assert_eq!(got.builds_not_found(), ["storefront-build:no-such-build"]);
    let build = &got.builds()[0];
    assert_eq!(
        build.build_status(),
        Some(&aws_sdk_codebuild::types::StatusType::Failed)
    );
    assert_eq!(build.current_phase(), Some("COMPLETED"));
    let failed: Vec<_> = build
        .phases()
        .iter()
        .filter(|p| p.phase_status() == Some(&aws_sdk_codebuild::types::StatusType::Failed))
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].phase_type().map(|t| t.as_str()), Some("INSTALL"));
    let context = &failed[0].contexts()[0];
    assert_eq!(context.status_code(), Some("COMMAND_EXECUTION_ERROR"));
    assert_eq!(
        context.message(),
        Some("Error while executing command: npm ci --loglevel=http. Reason: exit status 1")
    );
    let names: Vec<&str> = build
        .phases()
        .iter()
        .filter_map(|p| p.phase_type())
        .map(|t| t.as_str())
        .collect();
    assert!(
        !names.contains(&"BUILD"),
        "a failed install skips to FINALIZING: {names:?}"
    );
    let revision = client
        .get_pipeline_execution()
        .pipeline_name("storefront")
        .pipeline_execution_id(&id)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap()
        .artifact_revisions
        .unwrap()
        .remove(0)
        .revision_id
        .unwrap();
    assert_eq!(build.resolved_source_version(), Some(revision.as_str()));
    let logs = build.logs().unwrap();
    let (group, stream) = (logs.group_name().unwrap(), logs.stream_name().unwrap());
    assert_eq!(group, "/aws/codebuild/storefront-build");

    // The whole stream, from the head, a thousand events at a time, until the forward token
    // comes back unchanged.
    let cw = clients.logs();
    let mut lines = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = cw
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .start_from_head(true)
            .limit(1000)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        let next = page.next_forward_token().map(str::to_string);
        lines.extend(
            page.events()
                .iter()
                .map(|e| e.message().unwrap_or("").to_string()),
        );
        if next == token {
            break;
        }
        token = next;
    }
    assert!(lines.len() > 2_000, "thousands of lines: {}", lines.len());
    assert!(lines.iter().any(|l| l.contains("\u{1b}[")), "ANSI colours");
    let first_error = lines.iter().find(|l| l.contains("ERR!")).unwrap();
    assert!(first_error.contains("code ERESOLVE"), "{first_error}");

    // The tail: the newest events by default.
    let tail = cw
        .get_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .limit(5)
        .send()
        .await
        .unwrap();
    let tail: Vec<&str> = tail.events().iter().filter_map(|e| e.message()).collect();
    assert_eq!(tail.len(), 5);
    assert_eq!(tail[4], lines.last().unwrap());
    assert!(tail
        .iter()
        .any(|l| l.contains("Phase context status code: COMMAND_EXECUTION_ERROR")));

    // Search: the npm errors, five at a time.
    let mut found = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page = cw
            .filter_log_events()
            .log_group_name(group)
            .log_stream_names(stream)
            .filter_pattern("\"ERR!\" -ERESOLVE")
            .limit(5)
            .set_next_token(next)
            .send()
            .await
            .unwrap();
        found.extend(
            page.events()
                .iter()
                .map(|e| e.message().unwrap_or("").to_string()),
        );
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            break;
        }
    }
    assert_eq!(
        found.len(),
        lines
            .iter()
            .filter(|l| l.contains("ERR!") && !l.contains("ERESOLVE"))
            .count()
    );
    assert!(found.len() > 5);

    // No permission, then no log: a clear error each, and back.
    sandbox.set_log_fault(group, Some(LogFault::AccessDenied));
    let denied = cw
        .get_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::code(&denied),
        Some("AccessDeniedException")
    );
    assert!(
        format!("{denied:?}").contains("logs:GetLogEvents"),
        "{denied:?}"
    );
    sandbox.set_log_fault(group, Some(LogFault::NotFound));
    let missing = cw
        .filter_log_events()
        .log_group_name(group)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_resource_not_found_exception(), "{missing:?}");
    sandbox.set_log_fault(group, None);
    cw.get_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .limit(1)
        .send()
        .await
        .expect("readable again");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_test_run_has_a_report_with_the_failed_test_names() {
    let (sandbox, client) = start(fast_samples()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let id = latest_with_status(&client, "data-jobs", PipelineExecutionStatus::Failed).await;
    let run = action_run(&client, "data-jobs", &id, "Compile").await;
    let build_id = run
        .output
        .unwrap()
        .execution_result
        .unwrap()
        .external_execution_id
        .unwrap();
    let codebuild = clients.codebuild();
    let build = codebuild
        .batch_get_builds()
        .ids(&build_id)
        .send()
        .await
        .unwrap()
        .builds
        .unwrap()
        .remove(0);
    let failed = build
        .phases()
        .iter()
        .find(|p| p.phase_status() == Some(&aws_sdk_codebuild::types::StatusType::Failed))
        .unwrap();
    assert_eq!(failed.phase_type().map(|t| t.as_str()), Some("BUILD"));
    let report_arn = build.report_arns()[0].clone();
    let report = codebuild
        .batch_get_reports()
        .report_arns(&report_arn)
        .send()
        .await
        .unwrap()
        .reports
        .unwrap()
        .remove(0);
    let summary = report.test_summary().unwrap();
    assert_eq!(summary.total(), 183);
    assert_eq!(summary.status_counts()["FAILED"], 3);
    let cases = codebuild
        .describe_test_cases()
        .report_arn(&report_arn)
        .filter(
            aws_sdk_codebuild::types::TestCaseFilter::builder()
                .status("FAILED")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = cases.test_cases().iter().filter_map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "test_dedupe_orders",
            "test_currency_rounding",
            "test_late_events_window"
        ]
    );
    assert!(cases.test_cases()[0]
        .message()
        .unwrap()
        .contains("AssertionError"));
    let group = report.report_group_arn().unwrap();
    let listed = codebuild
        .list_reports_for_report_group()
        .report_group_arn(group)
        .send()
        .await
        .unwrap();
    assert!(listed.reports().contains(&report_arn));
    sandbox.shutdown().await;
}

/// The source revision of an execution's first source action.
async fn revision(client: &aws_sdk_codepipeline::Client, name: &str, id: &str) -> ArtifactRevision {
    client
        .get_pipeline_execution()
        .pipeline_name(name)
        .pipeline_execution_id(id)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap()
        .artifact_revisions
        .unwrap()
        .remove(0)
}

/// The newest execution that went past the stage.
async fn last_past(client: &aws_sdk_codepipeline::Client, name: &str, stage: &str) -> String {
    client
        .list_pipeline_executions()
        .pipeline_name(name)
        .filter(
            PipelineExecutionFilter::builder()
                .succeeded_in_stage(SucceededInStageFilter::builder().stage_name(stage).build())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .pipeline_execution_summaries
        .unwrap()
        .remove(0)
        .pipeline_execution_id
        .unwrap()
}

#[tokio::test]
async fn the_commits_since_the_last_approved_run_come_from_codecommit() {
    let (sandbox, client) = start(fast_samples()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let cc = clients.codecommit();
    wait_token(&client, "web-app-prod", "Approval", "ManualApproval").await;
    let waiting = stage_state(&client, "web-app-prod", "Approval")
        .await
        .latest_execution
        .unwrap()
        .pipeline_execution_id;
    let head = revision(&client, "web-app-prod", &waiting).await;
    assert_eq!(
        head.revision_summary(),
        Some("Send order confirmation emails from the queue")
    );
    let approved = last_past(&client, "web-app-prod", "Approval").await;
    let base = revision(&client, "web-app-prod", &approved)
        .await
        .revision_id
        .unwrap();

    // Walk the parents from the waiting revision back to the approved one.
    let mut commits = Vec::new();
    let mut at = head.revision_id.clone().unwrap();
    while at != base {
        let c = cc
            .get_commit()
            .repository_name("web-app")
            .commit_id(&at)
            .send()
            .await
            .unwrap()
            .commit
            .unwrap();
        at = c.parents()[0].clone();
        commits.push(c);
        assert!(commits.len() < 20, "the approved revision is an ancestor");
    }
    let messages: Vec<&str> = commits
        .iter()
        .map(|c| c.message().unwrap().trim())
        .collect();
    assert_eq!(
        messages,
        [
            "Send order confirmation emails from the queue",
            "Add the returns policy page",
            "Fix layout of the cart on small screens",
        ]
    );
    let author = commits[0].author().unwrap();
    assert_eq!(
        (author.name(), author.email()),
        (Some("Kenji Watanabe"), Some("kenji.watanabe@example.com"))
    );
    assert!(author.date().unwrap().ends_with(" +0000"));

    let ids: Vec<String> = commits
        .iter()
        .map(|c| c.commit_id().unwrap().to_string())
        .collect();
    let batch = cc
        .batch_get_commits()
        .repository_name("web-app")
        .set_commit_ids(Some(ids.clone()))
        .commit_ids("0000000000000000000000000000000000000000")
        .send()
        .await
        .unwrap();
    assert_eq!(batch.commits().len(), 3);
    assert_eq!(
        batch.errors()[0].error_code(),
        Some("CommitIdDoesNotExistException")
    );

    let mut files = Vec::new();
    let mut token = None;
    loop {
        let page = cc
            .get_differences()
            .repository_name("web-app")
            .before_commit_specifier(&base)
            .after_commit_specifier(head.revision_id.as_deref().unwrap())
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        for d in page.differences() {
            let path = d
                .after_blob()
                .or(d.before_blob())
                .and_then(|b| b.path())
                .unwrap()
                .to_string();
            files.push(format!("{} {path}", d.change_type().unwrap().as_str()));
        }
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(
        files,
        [
            "M src/cart/Cart.css",
            "M src/orders/confirm.ts",
            "A src/orders/queue.ts",
            "A src/pages/Returns.tsx",
            "M src/routes.ts",
        ]
    );
    let branch = cc
        .get_branch()
        .repository_name("web-app")
        .branch_name("main")
        .send()
        .await
        .unwrap();
    assert_eq!(
        branch.branch().unwrap().commit_id(),
        head.revision_id.as_deref()
    );
    let missing = cc
        .get_commit()
        .repository_name("nope")
        .commit_id(&base)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        missing.is_repository_does_not_exist_exception(),
        "{missing:?}"
    );

    // The approval says what it is about.
    let approval = action_run(&client, "web-app-prod", &waiting, "ManualApproval").await;
    let config = approval.input.unwrap().configuration.unwrap();
    assert_eq!(
        config["ExternalEntityLink"],
        "https://staging.web-app.example.com"
    );
    assert!(config["CustomData"].contains("staging site"));

    // Who broke storefront: the commit behind its failed build.
    let failed = latest_with_status(&client, "storefront", PipelineExecutionStatus::Failed).await;
    let rev = revision(&client, "storefront", &failed)
        .await
        .revision_id
        .unwrap();
    let c = cc
        .get_commit()
        .repository_name("storefront")
        .commit_id(&rev)
        .send()
        .await
        .unwrap()
        .commit
        .unwrap();
    assert_eq!(c.author().unwrap().name(), Some("Tomás García"));
    assert!(c.message().unwrap().starts_with("Bump react-dates"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_connection_source_gives_revisions_a_compare_link_can_be_built_from() {
    let (sandbox, client) = start(fast_samples()).await;
    let approved = last_past(&client, "mobile-release", "QA").await;
    let base = revision(&client, "mobile-release", &approved).await;
    let waiting = wait_for("a QA approval waiting", || async {
        client
            .list_action_executions()
            .pipeline_name("mobile-release")
            .send()
            .await
            .ok()?
            .action_execution_details?
            .into_iter()
            .find(|d| {
                d.action_name.as_deref() == Some("QASignoff")
                    && d.status == Some(ActionExecutionStatus::InProgress)
            })
            .and_then(|d| d.pipeline_execution_id)
    })
    .await;
    let head = revision(&client, "mobile-release", &waiting).await;
    assert_ne!(head.revision_id, base.revision_id);
    let summary: serde_json::Value =
        serde_json::from_str(head.revision_summary().unwrap()).unwrap();
    assert_eq!(summary["ProviderType"], "GitHub");
    assert_eq!(summary["CommitMessage"], "Fix push notification deep links");
    let url = head.revision_url().unwrap();
    assert!(url.contains("FullRepositoryId=example/mobile"), "{url}");
    assert!(url.contains(head.revision_id.as_deref().unwrap()), "{url}");
    sandbox.shutdown().await;
}

/// The failed run of an action in the newest execution where it failed.
async fn failed_run(
    client: &aws_sdk_codepipeline::Client,
    name: &str,
    action: &str,
) -> ActionExecutionDetail {
    client
        .list_action_executions()
        .pipeline_name(name)
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap()
        .into_iter()
        .find(|d| {
            d.action_name.as_deref() == Some(action)
                && d.status == Some(ActionExecutionStatus::Failed)
        })
        .unwrap_or_else(|| panic!("{action} failed in {name}"))
}

#[tokio::test]
async fn a_failed_stack_deployment_names_its_first_failed_resource() {
    let (sandbox, client) = start(fast_samples()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let run = failed_run(&client, "storefront", "DeployStack").await;
    let result = run.output.unwrap().execution_result.unwrap();
    let stack_id = result.external_execution_id.unwrap();
    assert!(
        stack_id.contains(":stack/storefront-staging/"),
        "{stack_id}"
    );
    assert!(result
        .error_details
        .unwrap()
        .message
        .unwrap()
        .contains("[ApiFunction]"));

    let cfn = clients.cloudformation();
    let mut events = Vec::new();
    let mut token = None;
    loop {
        let page = cfn
            .describe_stack_events()
            .stack_name(&stack_id)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        events.extend(page.stack_events().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    use aws_sdk_cloudformation::types::ResourceStatus;
    assert_eq!(
        events[0].resource_status(),
        Some(&ResourceStatus::UpdateRollbackComplete),
        "newest first"
    );
    assert_eq!(events[0].physical_resource_id(), Some(stack_id.as_str()));
    let newest_op: Vec<_> = events
        .iter()
        .take_while(|e| {
            !(e.logical_resource_id() == Some("storefront-staging")
                && e.resource_status_reason() == Some("User Initiated"))
        })
        .collect();
    let first_failed = newest_op
        .iter()
        .rev()
        .find(|e| {
            e.resource_status()
                .is_some_and(|s| s.as_str().ends_with("_FAILED"))
        })
        .unwrap();
    assert_eq!(first_failed.logical_resource_id(), Some("ApiFunction"));
    assert_eq!(first_failed.resource_type(), Some("AWS::Lambda::Function"));
    assert!(first_failed
        .resource_status_reason()
        .unwrap()
        .contains("nodejs16.x is no longer supported"));
    let stacks = cfn
        .describe_stacks()
        .stack_name("storefront-staging")
        .send()
        .await
        .unwrap();
    let stack = &stacks.stacks()[0];
    assert_eq!(
        stack.stack_status().map(|s| s.as_str()),
        Some("UPDATE_ROLLBACK_COMPLETE")
    );
    let missing = cfn
        .describe_stack_events()
        .stack_name("no-such-stack")
        .send()
        .await
        .unwrap_err();
    let missing = missing.into_service_error();
    assert_eq!(
        aws_sdk_cloudformation::error::ProvideErrorMetadata::code(&missing),
        Some("ValidationError")
    );
    assert!(
        aws_sdk_cloudformation::error::ProvideErrorMetadata::message(&missing)
            .unwrap()
            .contains("does not exist")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_deployment_names_the_failed_lifecycle_event() {
    let (sandbox, client) = start(fast_samples()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let run = failed_run(&client, "storefront", "Deploy").await;
    let id = run
        .output
        .unwrap()
        .execution_result
        .unwrap()
        .external_execution_id
        .unwrap();
    assert!(id.starts_with("d-") && id.len() == 11, "{id}");
    let cd = clients.codedeploy();
    let info = cd
        .get_deployment()
        .deployment_id(&id)
        .send()
        .await
        .unwrap()
        .deployment_info
        .unwrap();
    use aws_sdk_codedeploy::types::{
        DeploymentStatus, ErrorCode, LifecycleErrorCode, TargetStatus,
    };
    assert_eq!(info.status(), Some(&DeploymentStatus::Failed));
    assert_eq!(
        info.error_information().unwrap().code(),
        Some(&ErrorCode::HealthConstraints)
    );
    assert_eq!(
        (info.application_name(), info.deployment_group_name()),
        (Some("storefront"), Some("storefront-prod"))
    );
    let overview = info.deployment_overview().unwrap();
    assert_eq!((overview.failed(), overview.skipped()), (1, 2));

    let failed_ids = cd
        .list_deployment_targets()
        .deployment_id(&id)
        .target_filters(
            aws_sdk_codedeploy::types::TargetFilterName::TargetStatus,
            vec!["Failed".to_string()],
        )
        .send()
        .await
        .unwrap()
        .target_ids
        .unwrap();
    assert_eq!(failed_ids, ["i-0b7e3c1d9a2f45e61"]);
    let targets = cd
        .batch_get_deployment_targets()
        .deployment_id(&id)
        .set_target_ids(Some(failed_ids))
        .send()
        .await
        .unwrap();
    let target = targets.deployment_targets()[0].instance_target().unwrap();
    assert_eq!(target.status(), Some(&TargetStatus::Failed));
    let event = target
        .lifecycle_events()
        .iter()
        .find(|e| e.status().is_some_and(|s| s.as_str() == "Failed"))
        .unwrap();
    assert_eq!(event.lifecycle_event_name(), Some("ValidateService"));
    let diagnostics = event.diagnostics().unwrap();
    assert_eq!(
        diagnostics.error_code(),
        Some(&LifecycleErrorCode::ScriptFailed)
    );
    assert_eq!(diagnostics.script_name(), Some("scripts/validate.sh"));
    assert!(diagnostics.log_tail().unwrap().contains("HTTP 502"));
    let missing = cd
        .get_deployment()
        .deployment_id("d-NOSUCHXYZ")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        missing.is_deployment_does_not_exist_exception(),
        "{missing:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_running_builds_log_grows_as_it_runs() {
    // storefront's build takes 3 s here: its log is read while it runs, as `logs --follow` does.
    let config = pipewright_sandbox::SandboxConfig::with_samples()
        .rule(
            pipewright_sandbox::ActionRule::for_action("storefront", "Build", "Build")
                .duration(std::time::Duration::from_secs(3)),
        )
        .rule(
            pipewright_sandbox::ActionRule::for_action("*", "*", "*")
                .duration(std::time::Duration::from_millis(30)),
        );
    let (sandbox, client) = start(config).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let run = wait_for("storefront's build running", || async {
        let d = client
            .list_action_executions()
            .pipeline_name("storefront")
            .send()
            .await
            .ok()?
            .action_execution_details?
            .into_iter()
            .find(|d| {
                d.action_name.as_deref() == Some("Build")
                    && d.status == Some(ActionExecutionStatus::InProgress)
            })?;
        d.output?.execution_result?.external_execution_id
    })
    .await;
    let cb = clients.codebuild();
    let cw = clients.logs();
    let stream = run.split_once(':').unwrap().1.to_string();
    let count = || async {
        cw.get_log_events()
            .log_group_name("/aws/codebuild/storefront-build")
            .log_stream_name(&stream)
            .start_from_head(true)
            .send()
            .await
            .map(|p| p.events().len())
            .unwrap_or(0)
    };
    let first = count().await;
    let build = cb
        .batch_get_builds()
        .ids(&run)
        .send()
        .await
        .unwrap()
        .builds
        .unwrap()
        .remove(0);
    assert_eq!(
        build.build_status(),
        Some(&aws_sdk_codebuild::types::StatusType::InProgress)
    );
    assert_ne!(build.current_phase(), Some("COMPLETED"));
    assert!(
        build.phases().last().unwrap().end_time().is_none(),
        "the current phase has no end yet"
    );
    let more = wait_for("more log lines", || async {
        let n = count().await;
        (n > first).then_some(n)
    })
    .await;
    assert!(more > first);
    latest_with_status(&client, "storefront", PipelineExecutionStatus::Failed).await;
    assert!(count().await > 2_000);
    sandbox.shutdown().await;
}
