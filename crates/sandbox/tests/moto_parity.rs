//! CRUD parity with moto: the same Create/Get/Update/List/Tag/Delete requests (and a start of an
//! execution), sent through the real aws-sdk-codepipeline client to moto's server and to the
//! sandbox, answer the same.
//!
//! Needs moto's server: `$PIPEWRIGHT_VENV/bin/moto_server`, else `<repo>/.venv-test/bin/moto_server`
//! (`make test` creates it). Without it this test FAILS and says so.
//!
//! Intentional differences. Where they differ, only the sandbox's side is asserted (what AWS
//! does); what moto answers instead is its own business, so a moto release that moves closer to
//! AWS does not break this test:
//! 1. ARNs: the sandbox uses account `000000000000` and region `sandbox-local-1`; moto uses
//!    `123456789012` and the client's region. Compared without those two fields.
//! 2. Timestamps (`created`, `updated`) differ by nature; only their presence is compared.
//! 3. Defaults: for a declaration without `executionMode`/`pipelineType`, the sandbox answers
//!    `SUPERSEDED`/`V1` as AWS does; moto leaves them out.
//! 4. ListPipelines: the sandbox's summaries carry `pipelineType` and `executionMode` (AWS does);
//!    moto's do not.
//! 5. Creating a pipeline whose name is taken: `PipelineNameInUseException` (AWS's code) from the
//!    sandbox, `InvalidStructureException` from moto.
//! 6. Updating a pipeline that does not exist: `PipelineNotFoundException` from the sandbox,
//!    `ResourceNotFoundException` from moto (neither is in UpdatePipeline's modelled errors).
//! 7. Structure: the sandbox checks declarations with `pipewright_core::validate`, as AWS checks
//!    them server-side, and answers `InvalidStructureException` naming the rule (e.g. an input
//!    artifact nothing produces: `E301`); moto only checks for at least two stages.
//! 8. Roles: moto requires the role to exist in its IAM and trust codepipeline.amazonaws.com; the
//!    sandbox has no IAM and accepts any well-formed roleArn.
//! 9. Executions: moto marks an execution Succeeded as soon as it starts; the sandbox runs it.
//!
//! The services failure triage reads (issue 20), where moto implements the same calls:
//! 10. CodeBuild BatchGetBuilds: a succeeded build has the same id and ARN forms, status and
//!     phase sequence. The sandbox's COMPLETED phase has no status or end (as AWS's); moto marks
//!     it SUCCEEDED. The sandbox lists unknown ids in buildsNotFound (as AWS); moto does not. Builds come from pipeline runs in the sandbox (it has no
//!     StartBuild) and from StartBuild in moto.
//! 11. CloudWatch Logs: the same events put into moto's stream page the same way through
//!     GetLogEvents (head, tail, forward and backward tokens, the unchanged token at the end)
//!     and FilterLogEvents (a quoted phrase, a term; pages of `limit`). FilterLogEvents' token
//!     values differ (only whether there is one is compared).
//! 12. CloudFormation DescribeStackEvents: a stack created with resources reads the same way:
//!     newest first, the stack's own events with its id as physical id, each resource from
//!     CREATE_IN_PROGRESS to CREATE_COMPLETE, ValidationError for an unknown stack.
//! 13. CodeDeploy GetDeployment: the same members for a deployment and the same error for an
//!     unknown one. Deployment ids are `d-` and nine characters in the sandbox (as AWS's), uuids
//!     in moto. moto leaves errorInformation, rollbackInfo and previousRevision empty ({})
//!     and never finishes a deployment; the sandbox answers them as AWS does (absent unless
//!     there is something to say).

mod common;

use aws_sdk_codepipeline::error::ProvideErrorMetadata;
use aws_sdk_codepipeline::types::*;
use common::moto::*;
use common::*;

fn declaration(name: &str, explicit_mode: bool) -> PipelineDeclaration {
    let build = stage(
        "Build",
        vec![
            action(
                "Compile",
                ActionCategory::Build,
                "CodeBuild",
                1,
                &["SourceOutput"],
                &["BuildOutput"],
            ),
            action(
                "Test",
                ActionCategory::Test,
                "CodeBuild",
                2,
                &["BuildOutput"],
                &[],
            ),
        ],
    );
    let mut p = pipeline(name, vec![source(), build, deploy_stage()]);
    p.role_arn = role_arn();
    if explicit_mode {
        p.execution_mode = Some(ExecutionMode::Queued);
        p.pipeline_type = Some(PipelineType::V2);
        p.variables = Some(vec![PipelineVariableDeclaration::builder()
            .name("ENV")
            .default_value("prod")
            .description("target")
            .build()
            .unwrap()]);
    }
    // One action without runOrder/configuration/artifacts: both fill the same defaults.
    let mut bare = action("Signoff", ActionCategory::Approval, "Manual", 1, &[], &[]);
    bare.run_order = None;
    bare.configuration = None;
    bare.input_artifacts = None;
    bare.output_artifacts = None;
    p.stages[2].actions.push(bare);
    p
}

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

/// The parts of an ARN both sides agree on: service and resource.
fn arn_resource(arn: &str) -> (String, String) {
    let arn = pipewright_core::arn::Arn::parse(arn).expect("an ARN");
    (arn.service.to_string(), arn.resource.to_string())
}

fn err_code<E: ProvideErrorMetadata>(e: E) -> String {
    e.code().unwrap_or("<no code>").to_string()
}

#[tokio::test]
async fn crud_answers_match_moto() {
    let moto = Moto::start();
    let (sandbox, sb) = start(quick()).await;
    let mo = client(&moto.url).await;
    let both = [&mo, &sb];

    // CreatePipeline with tags, explicit V2/QUEUED.
    let mut created = Vec::new();
    for c in both {
        created.push(
            c.create_pipeline()
                .pipeline(declaration("parity", true))
                .tags(tag("team", "web"))
                .tags(tag("env", "prod"))
                .send()
                .await
                .expect("create"),
        );
    }
    assert_eq!(
        created[0].pipeline, created[1].pipeline,
        "CreatePipeline pipeline"
    );
    assert_eq!(created[0].tags, created[1].tags, "CreatePipeline tags");
    assert_eq!(created[1].pipeline.as_ref().unwrap().version, Some(1));

    // CreatePipeline without executionMode/pipelineType: difference 3.
    let mut plain = Vec::new();
    for c in both {
        plain.push(
            c.create_pipeline()
                .pipeline(declaration("plain", false))
                .send()
                .await
                .expect("create")
                .pipeline
                .unwrap(),
        );
    }
    assert_eq!(plain[1].execution_mode, Some(ExecutionMode::Superseded));
    assert_eq!(plain[1].pipeline_type, Some(PipelineType::V1));
    let without_defaults = |p: &PipelineDeclaration| {
        let mut p = p.clone();
        p.execution_mode = None;
        p.pipeline_type = None;
        p
    };
    assert_eq!(
        without_defaults(&plain[0]),
        without_defaults(&plain[1]),
        "CreatePipeline without defaults"
    );

    // GetPipeline.
    let mut got = Vec::new();
    for c in both {
        got.push(c.get_pipeline().name("parity").send().await.expect("get"));
    }
    assert_eq!(got[0].pipeline, got[1].pipeline, "GetPipeline pipeline");
    let (m0, m1) = (
        got[0].metadata.clone().unwrap(),
        got[1].metadata.clone().unwrap(),
    );
    assert_eq!(
        arn_resource(m0.pipeline_arn.as_deref().unwrap()),
        arn_resource(m1.pipeline_arn.as_deref().unwrap())
    );
    assert!(
        m1.pipeline_arn
            .unwrap()
            .contains(":sandbox-local-1:000000000000:"),
        "difference 1"
    );
    assert_eq!(m0.created.is_some(), m1.created.is_some());
    assert_eq!(m0.updated.is_some(), m1.updated.is_some());

    // UpdatePipeline: same change to both.
    let mut change = got[1].pipeline.clone().unwrap();
    change.stages[1].actions[0].configuration =
        Some([("ProjectName".to_string(), "renamed".to_string())].into());
    change.stages.push(stage(
        "Verify",
        vec![action(
            "Smoke",
            ActionCategory::Test,
            "CodeBuild",
            1,
            &["BuildOutput"],
            &[],
        )],
    ));
    let mut updated = Vec::new();
    for c in both {
        updated.push(
            c.update_pipeline()
                .pipeline(change.clone())
                .send()
                .await
                .expect("update")
                .pipeline
                .unwrap(),
        );
    }
    assert_eq!(updated[0], updated[1], "UpdatePipeline");
    assert_eq!(updated[1].version, Some(2));
    let mut after = Vec::new();
    for c in both {
        after.push(
            c.get_pipeline()
                .name("parity")
                .send()
                .await
                .unwrap()
                .pipeline
                .unwrap(),
        );
    }
    assert_eq!(after[0], after[1], "GetPipeline after update");

    // ListPipelines: difference 4.
    let mut lists = Vec::new();
    for c in both {
        let summaries = c
            .list_pipelines()
            .send()
            .await
            .expect("list")
            .pipelines
            .unwrap();
        lists.push(summaries);
    }
    let key = |s: &PipelineSummary| {
        (
            s.name.clone(),
            s.version,
            s.created.is_some(),
            s.updated.is_some(),
        )
    };
    assert_eq!(
        lists[0].iter().map(key).collect::<Vec<_>>(),
        lists[1].iter().map(key).collect::<Vec<_>>()
    );
    assert!(lists[1]
        .iter()
        .all(|s| s.pipeline_type.is_some() && s.execution_mode.is_some()));

    // Tags.
    let arns: Vec<String> = got
        .iter()
        .map(|g| g.metadata.clone().unwrap().pipeline_arn.unwrap())
        .collect();
    for (c, arn) in both.iter().zip(&arns) {
        c.tag_resource()
            .resource_arn(arn)
            .tags(tag("team", "platform"))
            .tags(tag("cost", "7"))
            .send()
            .await
            .expect("tag");
        c.untag_resource()
            .resource_arn(arn)
            .tag_keys("env")
            .send()
            .await
            .expect("untag");
    }
    let mut tag_lists = Vec::new();
    for (c, arn) in both.iter().zip(&arns) {
        tag_lists.push(
            c.list_tags_for_resource()
                .resource_arn(arn)
                .send()
                .await
                .expect("list tags")
                .tags,
        );
    }
    assert_eq!(tag_lists[0], tag_lists[1], "ListTagsForResource");

    // Errors with the same code.
    let mut codes = Vec::new();
    for (c, arn) in both.iter().zip(&arns) {
        let missing = err_code(
            c.get_pipeline()
                .name("missing")
                .send()
                .await
                .unwrap_err()
                .into_service_error(),
        );
        let one_stage = {
            let mut p = declaration("one", false);
            p.stages.truncate(1);
            c.create_pipeline()
                .pipeline(p)
                .send()
                .await
                .unwrap_err()
                .into_service_error()
        };
        let system_tag = err_code(
            c.tag_resource()
                .resource_arn(arn)
                .tags(tag("aws:x", "y"))
                .send()
                .await
                .unwrap_err()
                .into_service_error(),
        );
        let no_such = arn.replace("parity", "missing");
        let tag_missing = err_code(
            c.list_tags_for_resource()
                .resource_arn(no_such)
                .send()
                .await
                .unwrap_err()
                .into_service_error(),
        );
        let one_stage_message = one_stage.message().map(str::to_string);
        codes.push((
            missing,
            err_code(one_stage),
            one_stage_message,
            system_tag,
            tag_missing,
        ));
    }
    assert_eq!(codes[0], codes[1], "error codes and the one-stage message");
    assert_eq!(codes[1].0, "PipelineNotFoundException");

    // Differences 5 and 6.
    let (mut dup, mut upd) = (Vec::new(), Vec::new());
    for c in both {
        let e = c
            .create_pipeline()
            .pipeline(declaration("parity", true))
            .send()
            .await
            .unwrap_err();
        dup.push(err_code(e.into_service_error()));
        let e = c
            .update_pipeline()
            .pipeline(declaration("ghost", false))
            .send()
            .await
            .unwrap_err();
        upd.push(err_code(e.into_service_error()));
    }
    assert_eq!(dup[1], "PipelineNameInUseException");
    assert_eq!(upd[1], "PipelineNotFoundException");

    // Difference 7: an input artifact nothing produces.
    if cfg!(feature = "core-validation") {
        let mut broken = declaration("broken", false);
        broken.stages[2].actions[0].input_artifacts = Some(vec![InputArtifact::builder()
            .name("NoSuchArtifact")
            .build()
            .unwrap()]);
        let refused = sb
            .create_pipeline()
            .pipeline(broken)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(refused.is_invalid_structure_exception(), "{refused:?}");
        assert!(
            refused.message().unwrap().contains("NoSuchArtifact"),
            "{refused:?}"
        );
    }

    // Executions: the same start request; moto finishes executions at once (difference 9), so
    // only what does not depend on progress is compared.
    let mut executions = Vec::new();
    for c in both {
        let id = c
            .start_pipeline_execution()
            .name("parity")
            .variables(
                PipelineVariable::builder()
                    .name("ENV")
                    .value("staging")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("start")
            .pipeline_execution_id
            .unwrap();
        let e = c
            .get_pipeline_execution()
            .pipeline_name("parity")
            .pipeline_execution_id(&id)
            .send()
            .await
            .expect("get execution")
            .pipeline_execution
            .unwrap();
        let listed = c
            .list_pipeline_executions()
            .pipeline_name("parity")
            .send()
            .await
            .expect("list executions")
            .pipeline_execution_summaries
            .unwrap();
        let listed_ids: Vec<_> = listed
            .into_iter()
            .filter_map(|s| s.pipeline_execution_id)
            .collect();
        assert_eq!(listed_ids, vec![id]);
        let variables: Vec<_> = e
            .variables
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v.name, v.resolved_value))
            .collect();
        executions.push((
            e.pipeline_name,
            e.pipeline_version,
            variables,
            e.trigger.and_then(|t| t.trigger_type),
        ));
    }
    assert_eq!(executions[0], executions[1], "GetPipelineExecution");

    // DeletePipeline, also of a missing one.
    for c in both {
        c.delete_pipeline()
            .name("parity")
            .send()
            .await
            .expect("delete");
        c.delete_pipeline()
            .name("parity")
            .send()
            .await
            .expect("delete again");
        let gone = c
            .get_pipeline()
            .name("parity")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(gone.is_pipeline_not_found_exception());
    }
    let mut remaining = Vec::new();
    for c in both {
        remaining.push(
            c.list_pipelines()
                .send()
                .await
                .unwrap()
                .pipelines
                .unwrap()
                .into_iter()
                .filter_map(|p| p.name)
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(remaining[0], remaining[1]);
    assert_eq!(remaining[1], ["plain"]);
    sandbox.shutdown().await;
    drop(moto);
}

/// A storefront build that succeeded in the samples' history, and the sandbox.
async fn sandbox_with_history() -> (
    pipewright_sandbox::RunningSandbox,
    aws_sdk_codepipeline::Client,
) {
    start(fast_samples()).await
}

#[tokio::test]
async fn codebuild_builds_read_like_motos() {
    let moto = Moto::start();
    let (sandbox, client) = sandbox_with_history().await;
    let mo = aws(&moto.url).await.codebuild();
    let sb = aws(sandbox.endpoint_url()).await.codebuild();
    use aws_sdk_codebuild::types::*;
    mo.create_project()
        .name("storefront-build")
        // moto drops a CODEPIPELINE source's location, then wants one: an S3 source instead.
        .source(
            ProjectSource::builder()
                .r#type(SourceType::S3)
                .location("pipewright-sandbox-artifacts/storefront/source.zip")
                .build()
                .unwrap(),
        )
        .artifacts(
            ProjectArtifacts::builder()
                .r#type(ArtifactsType::NoArtifacts)
                .build()
                .unwrap(),
        )
        .environment(
            ProjectEnvironment::builder()
                .r#type(EnvironmentType::LinuxContainer)
                .image("aws/codebuild/standard:7.0")
                .compute_type(ComputeType::BuildGeneral1Small)
                .build()
                .unwrap(),
        )
        .service_role("arn:aws:iam::123456789012:role/codebuild")
        .send()
        .await
        .unwrap();
    let moto_id = mo
        .start_build()
        .project_name("storefront-build")
        .send()
        .await
        .unwrap()
        .build_value
        .unwrap()
        .id
        .unwrap();
    let past = client
        .list_action_executions()
        .pipeline_name("storefront")
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap()
        .into_iter()
        .find(|d| {
            d.action_name.as_deref() == Some("Build")
                && d.status == Some(ActionExecutionStatus::Succeeded)
        })
        .unwrap();
    let sandbox_id = past
        .output
        .unwrap()
        .execution_result
        .unwrap()
        .external_execution_id
        .unwrap();

    let mut seen = Vec::new();
    for (c, id) in [(&mo, &moto_id), (&sb, &sandbox_id)] {
        let got = c
            .batch_get_builds()
            .ids(id)
            .ids("storefront-build:00000000-0000-0000-0000-000000000000")
            .send()
            .await
            .unwrap();
        if id == &sandbox_id {
            let missing = ["storefront-build:00000000-0000-0000-0000-000000000000"];
            assert_eq!(got.builds_not_found(), missing, "difference 10");
        }
        let b = got.builds()[0].clone();
        let (project, uuid) = b.id().unwrap().split_once(':').unwrap();
        assert_eq!((project, uuid.len()), ("storefront-build", 36));
        let arn = b.arn().unwrap();
        assert!(
            arn.starts_with("arn:aws:codebuild:")
                && arn.ends_with(&format!(":build/{}", b.id().unwrap())),
            "{arn}"
        );
        assert_eq!(b.build_status(), Some(&StatusType::Succeeded));
        assert_eq!(b.current_phase(), Some("COMPLETED"));
        assert!(b.build_number().unwrap() >= 1);
        assert!(b.end_time().unwrap().secs() >= b.start_time().unwrap().secs());
        let phases: Vec<String> = b
            .phases()
            .iter()
            .filter_map(|p| p.phase_type())
            .map(|p| p.as_str().to_string())
            .collect();
        let done: Vec<bool> = b
            .phases()
            .iter()
            .filter(|p| p.phase_type() != Some(&BuildPhaseType::Completed))
            .map(|p| p.phase_status() == Some(&StatusType::Succeeded))
            .collect();
        seen.push((phases, done.iter().all(|d| *d)));
        if id == &sandbox_id {
            let completed = b.phases().last().unwrap();
            assert_eq!(
                (completed.phase_status(), completed.end_time()),
                (None, None),
                "difference 10"
            );
        }
    }
    assert_eq!(seen[0], seen[1]);
    sandbox.shutdown().await;
    drop(moto);
}

#[tokio::test]
async fn log_events_page_like_motos() {
    let moto = Moto::start();
    let (sandbox, client) = sandbox_with_history().await;
    let sb = aws(sandbox.endpoint_url()).await.logs();
    let mo = aws(&moto.url).await.logs();
    let id = latest_with_status(&client, "storefront", PipelineExecutionStatus::Failed).await;
    let build = action_run(&client, "storefront", &id, "Build")
        .await
        .output
        .unwrap()
        .execution_result
        .unwrap()
        .external_execution_id
        .unwrap();
    let stream = build.split_once(':').unwrap().1.to_string();
    let group = "/aws/codebuild/storefront-build";
    // Everything the sandbox has, put into moto as is.
    let all = sb
        .get_log_events()
        .log_group_name(group)
        .log_stream_name(&stream)
        .start_from_head(true)
        .send()
        .await
        .unwrap();
    let events: Vec<(i64, String)> = all
        .events()
        .iter()
        .map(|e| (e.timestamp().unwrap(), e.message().unwrap().to_string()))
        .collect();
    assert!(events.len() > 2_000);
    mo.create_log_group()
        .log_group_name(group)
        .send()
        .await
        .unwrap();
    mo.create_log_stream()
        .log_group_name(group)
        .log_stream_name(&stream)
        .send()
        .await
        .unwrap();
    for chunk in events.chunks(1000) {
        let input: Vec<_> = chunk
            .iter()
            .map(|(t, m)| {
                aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                    .timestamp(*t)
                    .message(m)
                    .build()
                    .unwrap()
            })
            .collect();
        mo.put_log_events()
            .log_group_name(group)
            .log_stream_name(&stream)
            .set_log_events(Some(input))
            .send()
            .await
            .unwrap();
    }

    let messages =
        |p: &aws_sdk_cloudwatchlogs::operation::get_log_events::GetLogEventsOutput| -> Vec<String> {
            p.events()
                .iter()
                .map(|e| e.message().unwrap().to_string())
                .collect()
        };
    let mut pages = Vec::new();
    for c in [&mo, &sb] {
        let mut seen = Vec::new();
        // Forward from the head, 700 at a time, to the unchanged token at the end.
        let mut token: Option<String> = None;
        loop {
            let p = c
                .get_log_events()
                .log_group_name(group)
                .log_stream_name(&stream)
                .start_from_head(true)
                .limit(700)
                .set_next_token(token.clone())
                .send()
                .await
                .unwrap();
            let next = p.next_forward_token().unwrap().to_string();
            assert!(next.starts_with("f/") && next.len() == 58, "{next}");
            seen.push(messages(&p));
            if Some(&next) == token.as_ref() {
                break;
            }
            token = Some(next);
        }
        // The tail, and one page back from it.
        let tail = c
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(&stream)
            .limit(25)
            .send()
            .await
            .unwrap();
        seen.push(messages(&tail));
        let back = c
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(&stream)
            .limit(25)
            .next_token(tail.next_backward_token().unwrap())
            .send()
            .await
            .unwrap();
        seen.push(messages(&back));
        // Searches: a phrase, a term, in pages of 4.
        for pattern in ["\"npm ERR!\"", "ERESOLVE"] {
            let mut found = Vec::new();
            let mut next: Option<String> = None;
            loop {
                let p = c
                    .filter_log_events()
                    .log_group_name(group)
                    .filter_pattern(pattern)
                    .limit(4)
                    .set_next_token(next)
                    .send()
                    .await
                    .unwrap();
                found.push(
                    p.events()
                        .iter()
                        .map(|e| e.message().unwrap().to_string())
                        .collect::<Vec<_>>(),
                );
                next = p.next_token().map(str::to_string);
                if next.is_none() {
                    break;
                }
            }
            seen.push(found.concat());
            seen.push(vec![found.len().to_string()]);
        }
        pages.push(seen);
    }
    assert_eq!(pages[0].len(), pages[1].len());
    for (k, (m, s)) in pages[0].iter().zip(&pages[1]).enumerate() {
        assert_eq!(m, s, "page {k} differs");
    }
    sandbox.shutdown().await;
    drop(moto);
}

#[tokio::test]
async fn stack_events_read_like_motos() {
    let moto = Moto::start();
    let (sandbox, _client) = sandbox_with_history().await;
    let mo = aws(&moto.url).await.cloudformation();
    let sb = aws(sandbox.endpoint_url()).await.cloudformation();
    let template = r#"{"Resources":{"OrdersQueue":{"Type":"AWS::SQS::Queue"},"Topic":{"Type":"AWS::SNS::Topic"}}}"#;
    mo.create_stack()
        .stack_name("api-dev")
        .template_body(template)
        .send()
        .await
        .unwrap();
    use aws_sdk_cloudformation::types::ResourceStatus as S;
    for c in [&mo, &sb] {
        let events = c
            .describe_stack_events()
            .stack_name("api-dev")
            .send()
            .await
            .unwrap()
            .stack_events
            .unwrap();
        // The first operation (oldest events): the stack's creation.
        let oldest = events.last().unwrap();
        assert_eq!(oldest.logical_resource_id(), Some("api-dev"));
        assert_eq!(oldest.resource_type(), Some("AWS::CloudFormation::Stack"));
        assert_eq!(oldest.resource_status(), Some(&S::CreateInProgress));
        assert_eq!(oldest.resource_status_reason(), Some("User Initiated"));
        assert_eq!(oldest.physical_resource_id(), oldest.stack_id());
        let created: Vec<_> = events
            .iter()
            .rev()
            .take_while(|e| {
                e.resource_status() != Some(&S::CreateComplete)
                    || e.resource_type() != Some("AWS::CloudFormation::Stack")
            })
            .collect();
        for e in created
            .iter()
            .filter(|e| e.resource_type() != Some("AWS::CloudFormation::Stack"))
        {
            let logical = e.logical_resource_id().unwrap();
            let mine: Vec<_> = created
                .iter()
                .filter(|x| x.logical_resource_id() == Some(logical))
                .map(|x| x.resource_status().unwrap().clone())
                .collect();
            assert_eq!(mine.first(), Some(&S::CreateInProgress), "{logical}");
            assert_eq!(mine.last(), Some(&S::CreateComplete), "{logical}");
        }
        assert!(
            events
                .windows(2)
                .all(|w| w[0].timestamp() >= w[1].timestamp()),
            "newest first"
        );
        let err = c
            .describe_stack_events()
            .stack_name("no-such-stack")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert_eq!(
            aws_sdk_cloudformation::error::ProvideErrorMetadata::code(&err),
            Some("ValidationError")
        );
        assert_eq!(
            aws_sdk_cloudformation::error::ProvideErrorMetadata::message(&err),
            Some("Stack with id no-such-stack does not exist")
        );
    }
    sandbox.shutdown().await;
    drop(moto);
}

#[tokio::test]
async fn deployments_read_like_motos() {
    let moto = Moto::start();
    let (sandbox, client) = sandbox_with_history().await;
    let mo = aws(&moto.url).await.codedeploy();
    let sb = aws(sandbox.endpoint_url()).await.codedeploy();
    use aws_sdk_codedeploy::types::*;
    mo.create_application()
        .application_name("storefront")
        .compute_platform(ComputePlatform::Server)
        .send()
        .await
        .unwrap();
    mo.create_deployment_group()
        .application_name("storefront")
        .deployment_group_name("storefront-prod")
        .service_role_arn("arn:aws:iam::123456789012:role/codedeploy")
        .send()
        .await
        .unwrap();
    let revision = RevisionLocation::builder()
        .revision_type(RevisionLocationType::S3)
        .s3_location(
            S3Location::builder()
                .bucket("pipewright-sandbox-artifacts")
                .key("storefront/BuildArtif/x")
                .bundle_type(BundleType::Zip)
                .build(),
        )
        .build();
    let moto_id = mo
        .create_deployment()
        .application_name("storefront")
        .deployment_group_name("storefront-prod")
        .revision(revision)
        .send()
        .await
        .unwrap()
        .deployment_id
        .unwrap();
    let sandbox_id = client
        .list_action_executions()
        .pipeline_name("storefront")
        .send()
        .await
        .unwrap()
        .action_execution_details
        .unwrap()
        .into_iter()
        .find(|d| {
            d.action_name.as_deref() == Some("Deploy")
                && d.status == Some(ActionExecutionStatus::Succeeded)
        })
        .unwrap()
        .output
        .unwrap()
        .execution_result
        .unwrap()
        .external_execution_id
        .unwrap();
    assert!(
        sandbox_id.starts_with("d-") && sandbox_id.len() == 11,
        "difference 13: {sandbox_id}"
    );
    for (c, id) in [(&mo, &moto_id), (&sb, &sandbox_id)] {
        let info = c
            .get_deployment()
            .deployment_id(id)
            .send()
            .await
            .unwrap()
            .deployment_info
            .unwrap();
        assert_eq!(
            (info.application_name(), info.deployment_group_name()),
            (Some("storefront"), Some("storefront-prod"))
        );
        assert_eq!(info.deployment_id(), Some(id.as_str()));
        assert_eq!(info.compute_platform(), Some(&ComputePlatform::Server));
        assert!(
            info.status().is_some()
                && info.create_time().is_some()
                && info.deployment_overview().is_some()
        );
        assert_eq!(
            info.revision().unwrap().revision_type(),
            Some(&RevisionLocationType::S3)
        );
        let err = c
            .get_deployment()
            .deployment_id("d-NOSUCHXYZ")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_deployment_does_not_exist_exception(), "{err:?}");
    }
    // Difference 13: the sandbox's finished deployment, as AWS answers it.
    let info = sb
        .get_deployment()
        .deployment_id(&sandbox_id)
        .send()
        .await
        .unwrap()
        .deployment_info
        .unwrap();
    assert_eq!(info.status(), Some(&DeploymentStatus::Succeeded));
    assert!(info.complete_time().is_some() && info.error_information().is_none());
    sandbox.shutdown().await;
    drop(moto);
}
