//! Stage conditions: beforeEntry (FAIL / SKIP), onSuccess (FAIL / ROLLBACK), their rules'
//! executions, and OverrideStageCondition.

mod common;

use std::time::Duration;

use aws_sdk_codepipeline::types::*;
use common::*;
use pipewright_sandbox::ActionRule;

fn rule(name: &str) -> RuleDeclaration {
    RuleDeclaration::builder()
        .name(name)
        .rule_type_id(
            RuleTypeId::builder()
                .category(RuleCategory::Rule)
                .owner(RuleOwner::Aws)
                .provider("VariableCheck")
                .version("1")
                .build()
                .unwrap(),
        )
        .configuration("Variable", "#{variables.ENV}")
        .configuration("Value", "prod")
        .configuration("Operator", "EQ")
        .build()
        .unwrap()
}

fn condition(result: aws_sdk_codepipeline::types::Result, rule_name: &str) -> Condition {
    Condition::builder()
        .result(result)
        .rules(rule(rule_name))
        .build()
}

/// Source -> Build -> Deploy (V2, one variable), with conditions on Deploy.
fn guarded(before: Option<Condition>, after: Option<Condition>) -> PipelineDeclaration {
    let mut p = pipeline("g", vec![source(), build_stage(), deploy_stage()]);
    p.pipeline_type = Some(PipelineType::V2);
    p.variables = Some(vec![PipelineVariableDeclaration::builder()
        .name("ENV")
        .default_value("prod")
        .build()
        .unwrap()]);
    if let Some(c) = before {
        p.stages[2].before_entry = Some(
            BeforeEntryConditions::builder()
                .conditions(c)
                .build()
                .unwrap(),
        );
    }
    if let Some(c) = after {
        p.stages[2].on_success = Some(SuccessConditions::builder().conditions(c).build().unwrap());
    }
    p
}

async fn deploy_state(client: &aws_sdk_codepipeline::Client) -> StageState {
    stage_state(client, "g", "Deploy").await
}

#[tokio::test]
async fn passing_entry_and_success_conditions_let_the_stage_succeed() {
    let (sandbox, client) = start(quick()).await;
    use aws_sdk_codepipeline::types::Result as R;
    create(
        &client,
        guarded(
            Some(condition(R::Fail, "EnvIsProd")),
            Some(condition(R::Rollback, "Healthy")),
        ),
    )
    .await;
    let id = start_execution(&client, "g").await;
    wait_status(&client, "g", &id, PipelineExecutionStatus::Succeeded).await;
    let deploy = deploy_state(&client).await;
    for state in [
        deploy.before_entry_condition_state.unwrap(),
        deploy.on_success_condition_state.unwrap(),
    ] {
        assert_eq!(
            state.latest_execution.unwrap().status,
            Some(ConditionExecutionStatus::Succeeded)
        );
        let rules = state
            .condition_states
            .unwrap()
            .remove(0)
            .rule_states
            .unwrap();
        assert_eq!(
            rules[0].latest_execution.as_ref().unwrap().status,
            Some(RuleExecutionStatus::Succeeded)
        );
    }
    let rules = client
        .list_rule_executions()
        .pipeline_name("g")
        .filter(
            RuleExecutionFilter::builder()
                .pipeline_execution_id(&id)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .rule_execution_details
        .unwrap();
    let names: Vec<_> = rules.iter().filter_map(|r| r.rule_name.clone()).collect();
    assert_eq!(names, ["Healthy", "EnvIsProd"], "newest first");
    let input = rules[1].input.clone().unwrap();
    assert_eq!(input.resolved_configuration.unwrap()["Variable"], "prod");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn failing_entry_condition_fails_or_skips_the_stage() {
    use aws_sdk_codepipeline::types::Result as R;
    let config =
        quick().rule(ActionRule::for_action("g", "Deploy", "Gate").fail("ENV is not prod"));
    let (sandbox, client) = start(config).await;
    create(&client, guarded(Some(condition(R::Fail, "Gate")), None)).await;
    let id = start_execution(&client, "g").await;
    wait_status(&client, "g", &id, PipelineExecutionStatus::Failed).await;
    let deploy = deploy_state(&client).await;
    assert_eq!(
        deploy.latest_execution.unwrap().status,
        StageExecutionStatus::Failed
    );
    let gate = deploy.before_entry_condition_state.unwrap();
    assert_eq!(
        gate.latest_execution.unwrap().status,
        Some(ConditionExecutionStatus::Failed)
    );
    assert!(
        action_state(&client, "g", "Deploy", "Ship").await.is_none(),
        "no action ran"
    );

    // SKIP: the stage is Skipped and the execution goes on.
    let current = client
        .get_pipeline()
        .name("g")
        .send()
        .await
        .unwrap()
        .pipeline
        .unwrap();
    let mut skip = current.clone();
    skip.stages[2].before_entry = Some(
        BeforeEntryConditions::builder()
            .conditions(condition(R::Skip, "Gate"))
            .build()
            .unwrap(),
    );
    client
        .update_pipeline()
        .pipeline(skip)
        .send()
        .await
        .unwrap();
    let id = start_execution(&client, "g").await;
    wait_status(&client, "g", &id, PipelineExecutionStatus::Succeeded).await;
    let deploy = deploy_state(&client).await.latest_execution.unwrap();
    assert_eq!(deploy.status, StageExecutionStatus::Skipped);
    assert_eq!(deploy.pipeline_execution_id, id);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn failing_success_condition_with_rollback_rolls_the_stage_back() {
    use aws_sdk_codepipeline::types::Result as R;
    let (sandbox, client) = start(quick()).await;
    create(
        &client,
        guarded(None, Some(condition(R::Rollback, "Healthy"))),
    )
    .await;
    let good = start_execution(&client, "g").await;
    wait_status(&client, "g", &good, PipelineExecutionStatus::Succeeded).await;
    sandbox.set_scenario(pipewright_sandbox::Scenario {
        default_duration_ms: 30,
        actions: vec![ActionRule::for_action("g", "Deploy", "Healthy")
            .fail("alarm in ALARM state")
            .times(1)],
        ..Default::default()
    });
    let bad = start_execution(&client, "g").await;
    wait_status(&client, "g", &bad, PipelineExecutionStatus::Failed).await;
    let summary = client
        .get_pipeline_execution()
        .pipeline_name("g")
        .pipeline_execution_id(&bad)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap()
        .status_summary
        .unwrap();
    assert!(
        summary.contains("success conditions failed") && summary.contains("alarm"),
        "{summary}"
    );
    let rollback = wait_for("an automated rollback", || async {
        client
            .list_pipeline_executions()
            .pipeline_name("g")
            .send()
            .await
            .unwrap()
            .pipeline_execution_summaries
            .unwrap()
            .into_iter()
            .find(|s| s.execution_type == Some(ExecutionType::Rollback))
    })
    .await;
    assert_eq!(
        rollback.trigger.unwrap().trigger_type,
        Some(TriggerType::AutomatedRollback)
    );
    let id = rollback.pipeline_execution_id.unwrap();
    wait_status(&client, "g", &id, PipelineExecutionStatus::Succeeded).await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_condition_in_progress_can_be_overridden() {
    use aws_sdk_codepipeline::types::Result as R;
    let config = quick()
        .rule(ActionRule::for_action("g", "Deploy", "Window").duration(Duration::from_secs(3600)));
    let (sandbox, client) = start(config).await;
    create(&client, guarded(Some(condition(R::Fail, "Window")), None)).await;
    let id = start_execution(&client, "g").await;
    wait_for("the entry condition in progress", || async {
        deploy_state(&client)
            .await
            .before_entry_condition_state
            .and_then(|s| s.latest_execution)
            .filter(|e| e.status == Some(ConditionExecutionStatus::InProgress))
    })
    .await;
    let early = client
        .override_stage_condition()
        .pipeline_name("g")
        .stage_name("Deploy")
        .pipeline_execution_id(&id)
        .condition_type(ConditionType::OnSuccess)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(early.is_condition_not_overridable_exception(), "{early:?}");
    client
        .override_stage_condition()
        .pipeline_name("g")
        .stage_name("Deploy")
        .pipeline_execution_id(&id)
        .condition_type(ConditionType::BeforeEntry)
        .send()
        .await
        .expect("override accepted");
    wait_status(&client, "g", &id, PipelineExecutionStatus::Succeeded).await;
    let gate = deploy_state(&client)
        .await
        .before_entry_condition_state
        .unwrap();
    assert_eq!(
        gate.latest_execution.unwrap().status,
        Some(ConditionExecutionStatus::Overridden)
    );
    let ship = action_state(&client, "g", "Deploy", "Ship").await.unwrap();
    assert_eq!(ship.status, Some(ActionExecutionStatus::Succeeded));
    sandbox.shutdown().await;
}

fn typed_rule(name: &str, provider: &str, config: &[(&str, &str)]) -> RuleDeclaration {
    let mut b = RuleDeclaration::builder().name(name).rule_type_id(
        RuleTypeId::builder()
            .category(RuleCategory::Rule)
            .owner(RuleOwner::Aws)
            .provider(provider)
            .version("1")
            .build()
            .unwrap(),
    );
    for (k, v) in config {
        b = b.configuration(*k, *v);
    }
    b.build().unwrap()
}

fn entry(rule: RuleDeclaration) -> Option<Condition> {
    Some(
        Condition::builder()
            .result(aws_sdk_codepipeline::types::Result::Fail)
            .rules(rule)
            .build(),
    )
}

/// The Deploy stage's entry condition and its one rule's latest run, once `done` says so.
async fn deploy_entry(
    client: &aws_sdk_codepipeline::Client,
    done: impl Fn(&ConditionExecutionStatus, &RuleExecution) -> bool,
) -> (ConditionExecutionStatus, RuleExecution) {
    wait_for("the Deploy entry condition", || async {
        let s = deploy_state(client).await.before_entry_condition_state?;
        let status = s.latest_execution?.status?;
        let rule = s
            .condition_states?
            .remove(0)
            .rule_states?
            .remove(0)
            .latest_execution?;
        done(&status, &rule).then_some((status, rule))
    })
    .await
}

/// The seconds since the epoch now, and the UTC hour two hours from now.
fn two_hours_ahead() -> (u64, u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (now, (now / 3600 + 2) % 24)
}

#[tokio::test]
async fn a_deployment_window_holds_the_stage_until_it_opens_or_is_overridden() {
    let (sandbox, client) = start(quick()).await;
    let (now, hour) = two_hours_ahead();
    let cron = format!("cron(0 * {hour} ? * * *)");
    let window = typed_rule(
        "Window",
        "DeploymentWindow",
        &[("Cron", &cron), ("TimeZone", "UTC")],
    );
    create(&client, guarded(entry(window), None)).await;

    // Held: the condition and its rule in progress, saying until when.
    let first = start_execution(&client, "g").await;
    let (status, rule) =
        deploy_entry(&client, |s, _| *s == ConditionExecutionStatus::InProgress).await;
    assert_eq!(status, ConditionExecutionStatus::InProgress);
    let summary = rule.summary.unwrap();
    assert!(
        summary.starts_with("Held by deployment window")
            && summary.contains(&format!("{hour:02}:00 UTC")),
        "{summary}"
    );
    let runs = client
        .list_rule_executions()
        .pipeline_name("g")
        .send()
        .await
        .unwrap()
        .rule_execution_details
        .unwrap();
    assert_eq!(runs[0].status, Some(RuleExecutionStatus::InProgress));
    assert!(
        action_state(&client, "g", "Deploy", "Ship").await.is_none(),
        "held before its actions"
    );

    // Override lets it run.
    client
        .override_stage_condition()
        .pipeline_name("g")
        .stage_name("Deploy")
        .pipeline_execution_id(&first)
        .condition_type(ConditionType::BeforeEntry)
        .send()
        .await
        .unwrap();
    wait_status(&client, "g", &first, PipelineExecutionStatus::Succeeded).await;

    // Held again, until the sandbox clock reaches the window.
    let second = start_execution(&client, "g").await;
    deploy_entry(&client, |s, _| *s == ConditionExecutionStatus::InProgress).await;
    let opens = (now / 3600 + 2) * 3600;
    sandbox.advance_clock(std::time::Duration::from_secs(opens - now + 30));
    wait_status(&client, "g", &second, PipelineExecutionStatus::Succeeded).await;
    let (status, rule) = deploy_entry(&client, |_, _| true).await;
    assert_eq!(status, ConditionExecutionStatus::Succeeded);
    assert!(rule
        .summary
        .unwrap()
        .starts_with("Inside the deployment window"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_alarm_in_alarm_fails_the_condition_and_a_variable_check_compares() {
    let (sandbox, client) = start(quick()).await;
    let alarm = typed_rule("NoErrors", "CloudWatchAlarm", &[("AlarmName", "api-5xx")]);
    create(&client, guarded(entry(alarm), None)).await;
    let reply = common::http::admin(
        &sandbox,
        "POST",
        "/sandbox/alarms?name=api-5xx&state=ALARM&reason=5xx%20rate%20above%202%25",
        "",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let id = start_execution(&client, "g").await;
    wait_status(&client, "g", &id, PipelineExecutionStatus::Failed).await;
    let (status, rule) = deploy_entry(&client, |_, _| true).await;
    assert_eq!(status, ConditionExecutionStatus::Failed);
    let message = rule.error_details.unwrap().message.unwrap();
    assert_eq!(
        message,
        "Alarm api-5xx is in ALARM state: 5xx rate above 2%"
    );

    sandbox.set_alarm("api-5xx", pipewright_sandbox::world::AlarmState::Ok, "");
    let id = start_execution(&client, "g").await;
    wait_status(&client, "g", &id, PipelineExecutionStatus::Succeeded).await;

    // VariableCheck: ENV is prod; a check for dev fails and says what it compared.
    let mut p = guarded(
        entry(typed_rule(
            "IsDev",
            "VariableCheck",
            &[
                ("Variable", "#{variables.ENV}"),
                ("Value", "dev"),
                ("Operator", "EQ"),
            ],
        )),
        None,
    );
    p.name = "v".to_string();
    create(&client, p).await;
    let id = start_execution(&client, "v").await;
    wait_status(&client, "v", &id, PipelineExecutionStatus::Failed).await;
    let summary = client
        .get_pipeline_execution()
        .pipeline_name("v")
        .pipeline_execution_id(&id)
        .send()
        .await
        .unwrap()
        .pipeline_execution
        .unwrap()
        .status_summary
        .unwrap();
    assert!(
        summary.contains("#{variables.ENV} is 'prod', which is not EQ 'dev'"),
        "{summary}"
    );
    sandbox.shutdown().await;
}
