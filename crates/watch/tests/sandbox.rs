//! The control use cases and the watcher with the real aws-sdk-codepipeline client against the
//! local sandbox on loopback: approvals approved, rejected and stale, PARALLEL tokens, a failure
//! then retry and recovery, stop, rollback, transitions, and throttling handled by backoff.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use pipewright_aws::control::usecases::{self, ApprovalRequest, Decision, StopRequest};
use pipewright_aws::control::*;
use pipewright_aws::{AwsError, CallCounter, ClientSettings, CodePipeline};
use pipewright_sandbox::{ActionRule, RunningSandbox, Sandbox, SandboxConfig};
use pipewright_watch::{AlertKind, PollPolicy, WatchConfig, WatchEvent, Watcher};

async fn sandbox() -> (RunningSandbox, CodePipeline) {
    let (sandbox, api, _) = counted_sandbox().await;
    (sandbox, api)
}

/// The sandbox and a client whose calls are counted.
async fn counted_sandbox() -> (RunningSandbox, CodePipeline, CallCounter) {
    // Every action takes 60 ms (user rules come before the samples' own durations).
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::default().duration(Duration::from_millis(60)));
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let counter = CallCounter::new();
    let api = ClientSettings::for_endpoint(sandbox.endpoint_url(), "us-east-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await
        .with_call_counter(&counter)
        .codepipeline();
    (sandbox, api, counter)
}

async fn wait_until<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn waiting(api: &CodePipeline, pipeline: &str) -> WaitingApproval {
    wait_until(&format!("an approval waiting in {pipeline}"), || async {
        api.get_pipeline_state(pipeline)
            .await
            .ok()?
            .waiting_approvals()
            .into_iter()
            .next()
    })
    .await
}

fn stage_status(state: &PipelineState, stage: &str) -> StageStatus {
    state
        .stage(stage)
        .and_then(|s| s.latest_execution.as_ref())
        .map(|e| e.status)
        .unwrap_or_default()
}

fn request(pipeline: &str, decision: Decision) -> ApprovalRequest {
    ApprovalRequest {
        pipeline: pipeline.into(),
        stage: None,
        action: None,
        pipeline_execution_id: None,
        parallel: None,
        decision,
        summary: "checked staging".into(),
        confirmation: None,
    }
}

#[tokio::test]
async fn approval_approved_with_confirmation_then_stale() {
    let (_sb, api) = sandbox().await;
    let policy = ProductionPolicy::default();
    let w = waiting(&api, "web-app-prod").await;
    assert_eq!(
        (w.stage.as_str(), w.action.as_str()),
        ("Approval", "ManualApproval")
    );

    // Production by name: refused without the name typed back, nothing decided.
    let err = usecases::decide_approval(&api, &policy, &request("web-app-prod", Decision::Approve))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AwsError::ConfirmationRequired { .. }),
        "{err}"
    );
    assert_eq!(waiting(&api, "web-app-prod").await.token, w.token);

    let mut req = request("web-app-prod", Decision::Approve);
    req.stage = Some("Approval".into());
    req.action = Some("ManualApproval".into());
    req.pipeline_execution_id = w.pipeline_execution_id.clone();
    req.confirmation = Some("web-app-prod".into());
    let out = usecases::decide_approval(&api, &policy, &req)
        .await
        .unwrap();
    assert_eq!(out.approval.token, w.token);
    let run = out.state.stage("Approval").unwrap().actions[0]
        .latest_execution
        .clone()
        .unwrap();
    assert_eq!(run.status, ActionStatus::Succeeded);
    assert_eq!(run.summary.as_deref(), Some("checked staging"));

    // The same decision again: stale, with the refreshed state.
    let err = usecases::decide_approval(&api, &policy, &req)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "this approval was already decided or has expired; the view was refreshed, decide again if one still waits"
    );
    let AwsError::ApprovalStale { refreshed } = err else {
        unreachable!()
    };
    assert!(refreshed
        .expect("refreshed state")
        .waiting_approvals()
        .is_empty());

    // The old token sent directly: the service's refusal maps to the same typed error.
    let err = api
        .put_approval_result(
            "web-app-prod",
            "Approval",
            "ManualApproval",
            &w.token,
            ApprovalStatus::Approved,
            "again",
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AwsError::ApprovalStale { .. }), "{err}");

    // The execution goes on and deploys.
    let id = w.pipeline_execution_id.unwrap();
    wait_until("the deploy to succeed", || async {
        let s = api.get_pipeline_state("web-app-prod").await.ok()?;
        let d = s.stage("Deploy")?.latest_execution.clone()?;
        (d.pipeline_execution_id == id && d.status == StageStatus::Succeeded).then_some(())
    })
    .await;
}

#[tokio::test]
async fn approval_rejected_with_reason_fails_the_stage() {
    let (_sb, api) = sandbox().await;
    let policy = ProductionPolicy::default();
    waiting(&api, "web-app-prod").await;
    let err = usecases::decide_approval(
        &api,
        &policy,
        &request(
            "web-app-prod",
            Decision::Reject {
                reason: String::new(),
            },
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AwsError::ReasonRequired));
    let out = usecases::decide_approval(
        &api,
        &policy,
        &request(
            "web-app-prod",
            Decision::Reject {
                reason: "staging shows errors".into(),
            },
        ),
    )
    .await
    .expect("rejecting needs no confirmation");
    assert_eq!(out.status, ApprovalStatus::Rejected);
    let state = wait_until("the approval stage to fail", || async {
        let s = api.get_pipeline_state("web-app-prod").await.ok()?;
        (stage_status(&s, "Approval") == StageStatus::Failed).then_some(s)
    })
    .await;
    let run = state.stage("Approval").unwrap().actions[0]
        .latest_execution
        .clone()
        .unwrap();
    assert_eq!(run.status, ActionStatus::Failed);
    assert!(run
        .summary
        .unwrap_or_default()
        .contains("staging shows errors"));
    // The watcher's decision: one failure alert for the rejected approval.
    let (alerts, health) = pipewright_watch::run_once(&api, Some(vec!["web-app-prod".into()]))
        .await
        .unwrap();
    assert!(alerts
        .iter()
        .any(|a| a.kind == AlertKind::ActionFailed && a.stage.as_deref() == Some("Approval")));
    assert!(health[0].failing);
}

#[tokio::test]
async fn parallel_mode_approvals_use_action_execution_tokens() {
    let (_sb, api) = sandbox().await;
    let policy = ProductionPolicy::default();
    let approvals = wait_until("two PARALLEL approvals", || async {
        let w = usecases::parallel_waiting_approvals(&api, "mobile-release")
            .await
            .ok()?;
        (w.len() == 2).then_some(w)
    })
    .await;
    // The state carries no tokens in PARALLEL mode.
    let state = api.get_pipeline_state("mobile-release").await.unwrap();
    assert!(state.waiting_approvals().is_empty());
    // Two wait: naming the execution picks one.
    let err =
        usecases::decide_approval(&api, &policy, &request("mobile-release", Decision::Approve))
            .await
            .unwrap_err();
    assert!(matches!(err, AwsError::AmbiguousApproval { .. }), "{err}");
    let mut req = request("mobile-release", Decision::Approve);
    req.pipeline_execution_id = approvals[1].pipeline_execution_id.clone();
    let out = usecases::decide_approval(&api, &policy, &req)
        .await
        .unwrap();
    assert_eq!(out.approval.token, approvals[1].token);
    let left = usecases::parallel_waiting_approvals(&api, "mobile-release")
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(
        left[0].pipeline_execution_id,
        approvals[0].pipeline_execution_id
    );
}

#[tokio::test]
async fn failure_then_retry_then_recovery_alerts() {
    let (_sb, api) = sandbox().await;
    let mut decider = pipewright_watch::Decider::new();
    let snap = |api: CodePipeline| async move {
        let s = api.get_pipeline_state("data-jobs").await.ok()?;
        Some(pipewright_watch::Snapshot::from_state(&s))
    };
    let failed = wait_until("data-jobs to fail in Build", || {
        let api = api.clone();
        async move {
            let s = snap(api).await?;
            s.stages
                .iter()
                .any(|st| st.stage == "Build" && st.status == StageStatus::Failed)
                .then_some(s)
        }
    })
    .await;
    let alerts = decider.decide(&failed);
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].kind, AlertKind::ActionFailed);
    assert_eq!(alerts[0].action.as_deref(), Some("Compile"));
    assert!(
        alerts[0]
            .body()
            .contains("3 tests failed in tests/test_etl.py"),
        "{}",
        alerts[0].body()
    );
    assert!(decider.decide(&failed).is_empty());

    let failed_run = failed
        .stages
        .iter()
        .find(|st| st.stage == "Build")
        .and_then(|st| st.pipeline_execution_id.clone());
    assert!(failed_run.is_some());
    usecases::retry(&api, "data-jobs", "Build", None, RetryMode::FailedActions)
        .await
        .unwrap();
    // Until the retried run gets through, the final stage shows an older success.
    let ok = wait_until("data-jobs to succeed after the retry", || {
        let api = api.clone();
        let failed_run = failed_run.clone();
        async move {
            let s = snap(api).await?;
            (s.succeeded_execution() == failed_run.as_deref()).then_some(s)
        }
    })
    .await;
    let alerts = decider.decide(&ok);
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].kind, AlertKind::Recovered);
    assert_eq!(alerts[0].title(), "Recovered: data-jobs");
    // The run that recovered is the one that failed and was retried, not an older success.
    assert_eq!(alerts[0].pipeline_execution_id, failed_run, "{alerts:?}");
}

#[tokio::test]
async fn start_stop_and_history() {
    let (_sb, api) = sandbox().await;
    let policy = ProductionPolicy::default();
    let input = StartInput {
        pipeline: "api-dev".into(),
        variables: vec![VariableValue {
            name: "STAGE".into(),
            value: "qa".into(),
        }],
        ..Default::default()
    };
    let id = usecases::start(&api, &policy, &input, None).await.unwrap();
    // api-dev is QUEUED: wait until this execution runs its first action.
    wait_until("the new execution to run", || async {
        let a = usecases::execution_actions(&api, "api-dev", &id)
            .await
            .ok()?;
        (!a.is_empty()).then_some(())
    })
    .await;
    let stopped = usecases::stop(
        &api,
        &StopRequest {
            pipeline: "api-dev".into(),
            pipeline_execution_id: Some(id.clone()),
            abandon: true,
            reason: Some("wrong branch".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(stopped, id);
    let view = wait_until("the execution to stop", || async {
        let v = usecases::view(&api, "api-dev", Some(50)).await.ok()?;
        v.executions
            .iter()
            .any(|e| {
                e.pipeline_execution_id == id
                    && matches!(
                        e.status,
                        ExecutionStatus::Stopped | ExecutionStatus::Stopping
                    )
            })
            .then_some(v)
    })
    .await;
    let e = view
        .executions
        .iter()
        .find(|e| e.pipeline_execution_id == id)
        .unwrap();
    assert_eq!(e.stop_reason.as_deref(), Some("wrong branch"));
    assert!(!view.state.stages.is_empty());
    let actions = usecases::execution_actions(&api, "api-dev", &id)
        .await
        .unwrap();
    assert!(actions.iter().all(|a| a.pipeline_execution_id == id));
    assert!(actions.iter().any(|a| a.stage_name == "Source"));

    // Starting a production pipeline needs its name.
    let prod = StartInput {
        pipeline: "web-app-prod".into(),
        ..Default::default()
    };
    assert!(matches!(
        usecases::start(&api, &policy, &prod, None).await,
        Err(AwsError::ConfirmationRequired { .. })
    ));
}

#[tokio::test]
async fn rollback_to_an_earlier_successful_execution() {
    let (_sb, api) = sandbox().await;
    let policy = ProductionPolicy::default();
    let targets = usecases::rollback_targets(&api, "web-app-prod", "Deploy", 10)
        .await
        .unwrap();
    assert!(
        !targets.is_empty(),
        "the samples have successful past executions"
    );
    assert!(targets
        .iter()
        .all(|t| t.status == ExecutionStatus::Succeeded));
    let target = targets[0].pipeline_execution_id.clone();
    let err = usecases::rollback(&api, &policy, "web-app-prod", "Deploy", &target, None)
        .await
        .unwrap_err();
    assert!(matches!(err, AwsError::ConfirmationRequired { .. }));
    let id = usecases::rollback(
        &api,
        &policy,
        "web-app-prod",
        "Deploy",
        &target,
        Some("web-app-prod"),
    )
    .await
    .unwrap();
    let history = usecases::history_page(&api, "web-app-prod", None, Some(50))
        .await
        .unwrap();
    let rb = history
        .items
        .iter()
        .find(|e| e.pipeline_execution_id == id)
        .expect("the rollback execution is listed");
    assert_eq!(rb.execution_type.as_deref(), Some("ROLLBACK"));
    assert_eq!(rb.rollback_target.as_deref(), Some(target.as_str()));
}

#[tokio::test]
async fn transitions_disable_and_enable_with_a_checked_reason() {
    let (_sb, api) = sandbox().await;
    let state = api.get_pipeline_state("billing-service").await.unwrap();
    let t = state
        .stage("Production")
        .unwrap()
        .inbound_transition
        .clone()
        .unwrap();
    assert!(!t.enabled, "the sample freezes Production");
    usecases::set_transition(
        &api,
        "billing-service",
        "Production",
        TransitionType::Inbound,
        true,
        None,
    )
    .await
    .unwrap();
    let err = usecases::set_transition(
        &api,
        "billing-service",
        "Build",
        TransitionType::Inbound,
        false,
        Some("freeze: Q4"),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        AwsError::InvalidInput {
            field: "reason",
            ..
        }
    ));
    usecases::set_transition(
        &api,
        "billing-service",
        "Build",
        TransitionType::Inbound,
        false,
        Some("Hold for Q4 release (ticket 42)"),
    )
    .await
    .unwrap();
    let state = api.get_pipeline_state("billing-service").await.unwrap();
    let prod = state
        .stage("Production")
        .unwrap()
        .inbound_transition
        .clone()
        .unwrap();
    assert!(prod.enabled);
    let build = state
        .stage("Build")
        .unwrap()
        .inbound_transition
        .clone()
        .unwrap();
    assert!(!build.enabled);
    assert_eq!(
        build.disabled_reason.as_deref(),
        Some("Hold for Q4 release (ticket 42)")
    );
}

fn fast_policy() -> PollPolicy {
    PollPolicy {
        active: Duration::from_millis(150),
        idle: Duration::from_millis(600),
        list_every: Duration::from_secs(60),
        backoff_base: Duration::from_millis(100),
        backoff_max: Duration::from_millis(800),
        concurrency: 4,
        sleep_gap: Duration::from_secs(20),
        ..PollPolicy::default()
    }
}

#[tokio::test]
async fn watcher_alerts_once_and_sets_the_badge() {
    let (_sb, api, counter) = counted_sandbox().await;
    let mut config = WatchConfig::all("sandbox");
    config.policy = fast_policy();
    let (watcher, mut events) = Watcher::spawn(api, config);
    let mut keys: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds: HashSet<(String, AlertKind)> = HashSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    // Collect until the approvals and the data-jobs failure were seen, then 1.5 s more.
    let mut settle: Option<Instant> = None;
    while Instant::now() < deadline && settle.is_none_or(|s| Instant::now() < s) {
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        if let WatchEvent::Alert { alert, .. } = ev {
            *keys.entry(alert.key.clone()).or_default() += 1;
            if alert.pipeline == "web-app-prod" && alert.kind == AlertKind::ApprovalWaiting {
                let detail = alert.detail.as_deref().unwrap_or_default();
                let (data, revision) = detail.split_once('\n').unwrap_or((detail, ""));
                assert_eq!(
                    data,
                    "Check the staging site, then approve the production deploy."
                );
                assert!(revision.starts_with("Revision "), "{detail}");
            }
            kinds.insert((alert.pipeline.clone(), alert.kind));
        }
        if settle.is_none()
            && kinds.contains(&("web-app-prod".into(), AlertKind::ApprovalWaiting))
            && kinds.contains(&("mobile-release".into(), AlertKind::ApprovalWaiting))
            && kinds.contains(&("data-jobs".into(), AlertKind::ActionFailed))
        {
            settle = Some(Instant::now() + Duration::from_millis(1500));
        }
    }
    assert!(settle.is_some(), "alerts seen: {kinds:?}");
    assert!(
        keys.values().all(|n| *n == 1),
        "an alert was repeated: {keys:?}"
    );
    let badge = watcher.badge().borrow().clone();
    assert!(badge.waiting_approvals >= 3, "{badge:?}");
    assert!(badge.failing_pipelines >= 1, "{badge:?}");
    assert_eq!(badge.colour, pipewright_watch::BadgeColour::Failure);
    let counts = counter.counts();
    assert_eq!(counts.get("ListPipelines"), Some(&1), "{counts:?}");
    watcher.shutdown().await;
}

#[tokio::test]
async fn watcher_backs_off_on_throttling_and_recovers() {
    let (sb, api, counter) = counted_sandbox().await;
    let mut config = WatchConfig::all("sandbox");
    config.pipelines = Some(vec!["web-app-prod".into()]);
    config.policy = fast_policy();
    sb.throttle_next(3);
    let (watcher, mut events) = Watcher::spawn(api, config);
    let mut throttled = 0;
    let mut alert = None;
    let deadline = Instant::now() + Duration::from_secs(20);
    while alert.is_none() && Instant::now() < deadline {
        let Ok(Ok(ev)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        else {
            continue;
        };
        match ev {
            WatchEvent::Throttled { retry_in_ms, .. } => {
                throttled += 1;
                assert!((50..=800).contains(&retry_in_ms), "{retry_in_ms}");
            }
            WatchEvent::Alert { alert: a, .. } if a.kind == AlertKind::ApprovalWaiting => {
                alert = Some(a)
            }
            _ => {}
        }
    }
    assert_eq!(throttled, 1, "one Throttled event per streak");
    assert!(
        alert.is_some(),
        "the approval alert arrives after the backoff"
    );
    // 3 throttled calls + the calls that then succeeded, not a tight retry loop.
    assert!(counter.total() < 15, "{:?}", counter.counts());
    watcher.shutdown().await;
}

#[tokio::test]
async fn hub_merges_two_connections_into_one_badge() {
    let (_sb1, api1) = sandbox().await;
    let (_sb2, api2) = sandbox().await;
    let (hub, mut events) = pipewright_watch::WatchHub::new();
    for (name, api) in [("one", api1), ("two", api2)] {
        hub.add(
            api,
            WatchConfig {
                connection: name.into(),
                pipelines: Some(vec!["web-app-prod".into()]),
                policy: fast_policy(),
                ..WatchConfig::all(name)
            },
        );
    }
    let mut from: HashSet<String> = HashSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while from.len() < 2 && Instant::now() < deadline {
        if let Ok(Ok(WatchEvent::Alert { connection, alert })) =
            tokio::time::timeout(Duration::from_millis(200), events.recv()).await
        {
            assert_eq!(alert.connection.as_deref(), Some(connection.as_str()));
            from.insert(connection);
        }
    }
    assert_eq!(from.len(), 2, "an approval alert from each connection");
    let badge = wait_until("the badge to count both approvals", || {
        let b = hub.badge().borrow().clone();
        async move { (b.waiting_approvals == 2).then_some(b) }
    })
    .await;
    let conns: HashSet<Option<String>> = badge.items.iter().map(|i| i.connection.clone()).collect();
    assert_eq!(conns.len(), 2, "{badge:?}");
    hub.remove("one").await;
    let badge = wait_until("the badge to drop the removed connection", || {
        let b = hub.badge().borrow().clone();
        async move { (b.waiting_approvals == 1).then_some(b) }
    })
    .await;
    assert_eq!(badge.items[0].connection.as_deref(), Some("two"));
    assert_eq!(hub.connections(), vec!["two".to_string()]);
}
