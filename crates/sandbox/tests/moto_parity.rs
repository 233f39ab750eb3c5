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
    p.role_arn = MOTO_ROLE.to_string();
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
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts[2].to_string(), parts[5].to_string())
}

fn err_code<E: ProvideErrorMetadata>(e: E) -> String {
    e.code().unwrap_or("<no code>").to_string()
}

#[tokio::test]
async fn crud_answers_match_moto() {
    let moto = start_moto().await;
    create_role(&moto).await;
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
