//! Watching by events, the whole chain on loopback: the sandbox runs executions and publishes
//! CodePipeline's state changes to moto's EventBridge; `pipewright_aws::events::setup` made a
//! rule and queue per reader there; each reader's feed reads its queue (moto's SQS) and pokes its
//! watcher, which polls only the pipeline an event names and alerts as when polling. A failure
//! reaches dunst over D-Bus once; two readers of one account each get every alert; a queue that
//! goes away puts polling back and says why.
//!
//! The organisation layout: a member account's failure reaches the central account's reader,
//! is confirmed in the member account through its read-only role (the sandbox sees the call
//! with the member's credentials) and alerts once; a member account whose role cannot be
//! assumed alerts from its events alone, with one note naming the role and the account.
//!
//! Needs moto's server (`make test` makes the venv) and, for dunst, `scripts/with-session.sh`.

use std::time::{Duration, Instant, SystemTime};

use pipewright_aws::control::status::ExecutionStatus;
use pipewright_aws::control::StartInput;
use pipewright_aws::events;
use pipewright_aws::members::READ_ROLE;
use pipewright_aws::{Aws, CallCounter, ClientSettings, CodePipeline};
use pipewright_sandbox::publish::EventsTarget;
use pipewright_sandbox::{ActionRule, RunningSandbox, Sandbox, SandboxConfig};
use pipewright_test_support::moto::Moto;
use pipewright_test_support::session::{ensure_session, NotificationMonitor};
use pipewright_watch::feed::{self, FeedConfig};
use pipewright_watch::{
    AlertKind, Delivery, Notifier, NotifySettings, PollPolicy, WatchConfig, WatchEvent, Watcher,
};
use tokio::sync::broadcast;

async fn aws_at(url: &str) -> Aws {
    ClientSettings::for_endpoint(url, "us-east-1")
        .with_static_credentials("testing", "testing")
        .without_retries()
        .connect()
        .await
}

/// The sandbox (samples, fast actions) publishing its events to moto.
async fn sandbox_publishing_to(moto: &Moto) -> (RunningSandbox, CodePipeline, CallCounter) {
    // data-jobs' Compile always fails (the sample's own failure passes on a re-run).
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("data-jobs", "Build", "Compile").fail("3 tests failed"))
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)))
        .publish_events(EventsTarget::new(&moto.url, "us-east-1"));
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let counter = CallCounter::new();
    let api = aws_at(sandbox.endpoint_url())
        .await
        .with_call_counter(&counter)
        .codepipeline();
    (sandbox, api, counter)
}

/// Polling every 100 ms: what the watcher would do without events (so that any poll not caused
/// by an event shows at once in the counts).
fn eager_polling() -> PollPolicy {
    PollPolicy {
        active: Duration::from_millis(100),
        idle: Duration::from_millis(100),
        ..PollPolicy::default()
    }
}

/// A watcher of `pipelines` that starts on the events policy, fed by `reader`'s queue.
fn watch_by_events(
    api: &CodePipeline,
    aws: &Aws,
    reader: &str,
    pipelines: &[&str],
) -> (
    Watcher,
    broadcast::Receiver<WatchEvent>,
    tokio::task::JoinHandle<()>,
) {
    let config = WatchConfig {
        pipelines: Some(pipelines.iter().map(|p| p.to_string()).collect()),
        policy: PollPolicy::events(),
        ..WatchConfig::all("moto")
    };
    let (watcher, events) = Watcher::spawn(api.clone(), config);
    let feed = feed::spawn(
        aws.clone(),
        watcher.poke(),
        FeedConfig {
            polling: eager_polling(),
            retry: Duration::from_millis(200),
            wait_seconds: 1,
            ..FeedConfig::new("moto", reader)
        },
    );
    (watcher, events, feed)
}

/// The next event `pick` accepts, within 30 s.
async fn next<T>(
    events: &mut broadcast::Receiver<WatchEvent>,
    what: &str,
    mut pick: impl FnMut(&WatchEvent) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(e)) => {
                if let Some(v) = pick(&e) {
                    return v;
                }
                seen.push(e);
            }
            Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
            Ok(Err(e)) => panic!("the watcher's events ended ({e}) before {what}"),
            Err(_) => panic!("timed out waiting for {what}; the watcher said: {seen:#?}"),
        }
    }
}

/// The execution of data-jobs that `start` began, failed, as each watcher alerts it.
fn failed_alert_of(
    execution: &str,
) -> impl FnMut(&WatchEvent) -> Option<pipewright_watch::Alert> + '_ {
    move |e| match e {
        WatchEvent::Alert { alert, .. }
            if alert.kind == AlertKind::ActionFailed
                && alert.pipeline_execution_id.as_deref() == Some(execution) =>
        {
            Some(alert.clone())
        }
        _ => None,
    }
}

/// Waits until `pipeline`'s latest execution is no longer in progress.
async fn settled(api: &CodePipeline, pipeline: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page = api
            .list_pipeline_executions(pipeline, None, Some(1), None)
            .await
            .expect("executions");
        if page
            .items
            .first()
            .is_some_and(|e| e.status != ExecutionStatus::InProgress)
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{pipeline} still runs after 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_reaches_dunst_through_eventbridge_and_sqs_once_and_both_readers_get_it() {
    if !ensure_session(
        "a_failure_reaches_dunst_through_eventbridge_and_sqs_once_and_both_readers_get_it",
    ) {
        return;
    }
    let moto = Moto::start();
    let aws = aws_at(&moto.url).await;
    let (sandbox, api, counter) = sandbox_publishing_to(&moto).await;
    // Let the samples' first executions finish, so what follows is the test's own.
    settled(&api, "data-jobs").await;

    let first = events::setup(&aws, "ada-laptop-app", None)
        .await
        .expect("setup A");
    let second = events::setup(&aws, "bob-desktop-cli", None)
        .await
        .expect("setup B");
    assert_ne!(first.queue_url, second.queue_url, "one queue per reader");
    // Again: nothing changes.
    assert_eq!(
        events::setup(&aws, "ada-laptop-app", None).await.unwrap(),
        first
    );

    let (watcher_a, mut events_a, feed_a) =
        watch_by_events(&api, &aws, &first.name, &["data-jobs"]);
    let (watcher_b, mut events_b, feed_b) =
        watch_by_events(&api, &aws, &second.name, &["data-jobs"]);
    for (watcher, events) in [(&watcher_a, &mut events_a), (&watcher_b, &mut events_b)] {
        next(events, "the feed on events", |e| {
            matches!(e, WatchEvent::Feed { events: true, .. }).then_some(())
        })
        .await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while watcher.health().borrow().is_empty() {
            assert!(Instant::now() < deadline, "no first poll within 30 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    // Idle: nothing is polled (polling would have called every 100 ms), once the last events of
    // the samples' first runs (published while the queues were made) are through.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let polls = counter.count("GetPipelineState");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        if counter.count("GetPipelineState") == polls {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "data-jobs is polled without a break"
        );
    }
    let before = counter.count("GetPipelineState");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        counter.count("GetPipelineState"),
        before,
        "no polling while nothing happens"
    );

    // A failure: each reader's watcher alerts it once, from the events.
    let monitor = NotificationMonitor::start();
    let (notifier, _clicks) = Notifier::new(NotifySettings::default());
    let started = Instant::now();
    let execution = api
        .start_pipeline_execution(&StartInput {
            pipeline: "data-jobs".into(),
            variables: Vec::new(),
            source_revisions: Vec::new(),
            client_request_token: None,
        })
        .await
        .expect("start data-jobs");
    let alert = next(
        &mut events_a,
        "reader A's failure alert",
        failed_alert_of(&execution),
    )
    .await;
    let latency = started.elapsed();
    assert!(matches!(
        notifier.deliver(&alert).await.expect("delivered"),
        Delivery::Shown(_)
    ));
    let alert_b = next(
        &mut events_b,
        "reader B's failure alert",
        failed_alert_of(&execution),
    )
    .await;
    assert_eq!(alert_b.stage, alert.stage);
    let polls = counter.count("GetPipelineState") - before;
    assert!(
        polls > 0 && polls <= 2 * 12,
        "each poll follows an event of data-jobs (at most about ten per reader): {polls}"
    );
    eprintln!("start to alert through EventBridge and SQS: {latency:?}; {polls} polls");

    // Once on the desktop: wait a little for anything more, then count.
    let deadline = Instant::now() + Duration::from_secs(10);
    while monitor.count("Failed: data-jobs") == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(monitor.count("Failed: data-jobs"), 1, "{}", monitor.text());
    for events in [&mut events_a, &mut events_b] {
        while let Ok(e) = events.try_recv() {
            assert!(
                failed_alert_of(&execution)(&e).is_none(),
                "the failure was alerted twice: {e:?}"
            );
        }
    }

    // Reader B's queue goes away: its watcher polls again and says why; A goes on by events.
    events::teardown(&aws, &second.name, None)
        .await
        .expect("teardown");
    let why = next(&mut events_b, "the fall back to polling", |e| match e {
        WatchEvent::Feed {
            events: false,
            reason,
            ..
        } => reason.clone(),
        _ => None,
    })
    .await;
    assert!(why.contains("polling instead of events"), "{why}");
    assert!(why.contains("pipewright events setup"), "{why}");
    let status = events::status(&aws, SystemTime::now(), None).await.unwrap();
    assert_eq!(
        status.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        [first.name.as_str()]
    );
    assert!(
        status[0].last_seen.is_some() && !status[0].stale,
        "{status:?}"
    );

    feed_a.abort();
    feed_b.abort();
    watcher_a.shutdown().await;
    watcher_b.shutdown().await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn readers_gone_for_a_week_are_pruned_and_the_exports_name_the_same_resources() {
    let moto = Moto::start();
    let aws = aws_at(&moto.url).await;
    let old = events::setup(&aws, "gone", None).await.unwrap();
    let kept = events::setup(&aws, "here", None).await.unwrap();
    // "gone" was last seen eight days ago.
    let eight_days_ago = SystemTime::now() - Duration::from_secs(8 * 86_400);
    events::heartbeat(&aws, &old, eight_days_ago).await.unwrap();
    let status = events::status(&aws, SystemTime::now(), None).await.unwrap();
    let stale: Vec<_> = status
        .iter()
        .filter(|r| r.stale)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(stale, ["gone"]);
    // Any reader's setup removes it.
    events::setup(&aws, "here", None).await.unwrap();
    let names: Vec<_> = events::status(&aws, SystemTime::now(), None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, std::slice::from_ref(&kept.name));
    assert!(events::find(&aws, "gone", None).await.unwrap().is_none());
    assert_eq!(
        events::find(&aws, "here", None).await.unwrap(),
        Some(kept.clone())
    );
    // The export names what setup made.
    let cfn = pipewright_core::export::events::cloudformation(&kept.name, None);
    assert!(cfn.contains(&format!("Default: {}", kept.name)));
    assert_eq!(
        pipewright_core::export::events::resource_name(&kept.name),
        kept.rule
    );
}

const MEMBER: &str = "222222222222";
const LOCKED: &str = "333333333333";

/// The member's copy of a sample pipeline, created by the member account itself.
async fn member_pipeline(central: &CodePipeline, member: &CodePipeline, name: &str) {
    let mut doc = central.get_pipeline("data-jobs").await.expect("data-jobs");
    doc.pipeline.name = name.to_string();
    member
        .create_pipeline(&doc.pipeline, &[])
        .await
        .expect("the member creates its pipeline");
}

async fn start(api: &CodePipeline, pipeline: &str) -> String {
    api.start_pipeline_execution(&StartInput {
        pipeline: pipeline.into(),
        variables: Vec::new(),
        source_revisions: Vec::new(),
        client_request_token: None,
    })
    .await
    .expect("start")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_accounts_failure_is_confirmed_through_its_role_and_alerted_once() {
    let moto = Moto::start();
    let aws = aws_at(&moto.url).await;
    // Two member accounts on the sandbox's one endpoint, told apart by access key: MEMBER has
    // the read-only role trusting the central account (the sandbox's own), LOCKED has none.
    // Every pipeline's events go to moto's (central) default bus: moto's cross-account bus
    // target re-puts an event as the central account and drops its `resources`, so the test
    // puts them there directly, as a member's forward rule does in AWS; the pipeline's ARN in
    // `resources` names the member account.
    let config = SandboxConfig::with_samples()
        .rule(ActionRule::for_action("member-jobs", "Build", "Compile").fail("3 tests failed"))
        .rule(ActionRule::for_action("locked-jobs", "Build", "Compile").fail("lint failed"))
        .rule(ActionRule::for_action("*", "*", "*").duration(Duration::from_millis(30)))
        .access_key("member-key", MEMBER)
        .access_key("locked-key", LOCKED)
        .account_role(MEMBER, READ_ROLE, &[pipewright_sandbox::ACCOUNT_ID])
        .publish_events(EventsTarget::new(&moto.url, "us-east-1"));
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let url = sandbox.endpoint_url().to_string();
    let counter = CallCounter::new();
    let central = aws_at(&url)
        .await
        .with_call_counter(&counter)
        .codepipeline();
    let as_account = |key: &'static str| {
        let url = url.clone();
        async move {
            ClientSettings::for_endpoint(&url, "us-east-1")
                .with_static_credentials(key, "secret")
                .without_retries()
                .connect()
                .await
                .codepipeline()
        }
    };
    let member = as_account("member-key").await;
    let locked = as_account("locked-key").await;
    member_pipeline(&central, &member, "member-jobs").await;
    member_pipeline(&central, &locked, "locked-jobs").await;
    // The central connection does not see them itself.
    assert!(central.get_pipeline_state("member-jobs").await.is_err());

    let reader = events::setup(&aws, "central-app", None)
        .await
        .expect("setup");
    let (watcher, mut said, feed) = watch_by_events(&central, &aws, &reader.name, &["data-jobs"]);
    next(&mut said, "the feed on events", |e| {
        matches!(e, WatchEvent::Feed { events: true, .. }).then_some(())
    })
    .await;

    // A failure in the member account: confirmed there through the role, alerted once.
    let before = sandbox.account_calls(MEMBER);
    let execution = start(&member, "member-jobs").await;
    let arn = format!("arn:aws:codepipeline:sandbox-local-1:{MEMBER}:member-jobs");
    let alert = next(
        &mut said,
        "the member's failure",
        failed_alert_of(&execution),
    )
    .await;
    assert_eq!(alert.pipeline, arn);
    assert_eq!(alert.stage.as_deref(), Some("Build"));
    assert!(
        alert.title().contains("member-jobs (account 222222222222)"),
        "{}",
        alert.title()
    );
    assert!(
        !alert
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("event alone"),
        "confirmed by its state: {alert:?}"
    );
    assert!(
        sandbox.account_calls(MEMBER) > before + 1,
        "the sandbox saw the watcher's calls with the member's credentials"
    );
    let health = watcher
        .health()
        .borrow()
        .get(&arn)
        .cloned()
        .expect("its health");
    assert!(health.failing, "{health:?}");

    // A member account without the role: the failure is alerted from its events alone, and
    // the role is named once, not per event or per failure.
    let first = start(&locked, "locked-jobs").await;
    let role = format!("arn:aws:iam::{LOCKED}:role/{READ_ROLE}");
    let mut notes = 0;
    let locked_alert = next(&mut said, "the locked account's failure", |e| match e {
        WatchEvent::Error { message, .. } if message.contains(&role) => {
            notes += 1;
            None
        }
        e => failed_alert_of(&first)(e),
    })
    .await;
    assert_eq!(notes, 1, "the refused role is said once, before its alert");
    assert_eq!(
        locked_alert.pipeline,
        format!("arn:aws:codepipeline:sandbox-local-1:{LOCKED}:locked-jobs")
    );
    assert!(
        locked_alert
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("event alone"),
        "{locked_alert:?}"
    );
    let second = start(&locked, "locked-jobs").await;
    next(
        &mut said,
        "the locked account's second failure",
        |e| match e {
            WatchEvent::Error { message, .. } if message.contains(&role) => {
                panic!("the refused role was said again: {message}")
            }
            e => failed_alert_of(&second)(e),
        },
    )
    .await;

    // Nothing alerted twice.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    while let Ok(e) = said.try_recv() {
        for run in [&execution, &first, &second] {
            assert!(
                failed_alert_of(run)(&e).is_none(),
                "a failure was alerted twice: {e:?}"
            );
        }
        if let WatchEvent::Error { message, .. } = &e {
            assert!(
                !message.contains(&role),
                "the role was said again: {message}"
            );
        }
    }

    // `pipewright events status`: the accounts the reader saw, and whether their role works.
    let deadline = Instant::now() + Duration::from_secs(10);
    let seen = loop {
        let status = events::status(&aws, SystemTime::now(), None).await.unwrap();
        let seen: Vec<String> = status[0]
            .accounts
            .iter()
            .map(|a| a.account.clone())
            .collect();
        if seen.iter().any(|a| a == LOCKED) || Instant::now() > deadline {
            break seen;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // The central account's own events are on the same queue; whether the reader took one before
    // this look depends on timing, so only the member accounts are compared.
    let members: Vec<&String> = seen
        .iter()
        .filter(|a| *a != pipewright_sandbox::ACCOUNT_ID)
        .collect();
    assert_eq!(members, [MEMBER, LOCKED]);
    let accounts = [
        pipewright_sandbox::ACCOUNT_ID.to_string(),
        MEMBER.into(),
        LOCKED.into(),
    ];
    let checked =
        pipewright_aws::members::check_roles(&aws_at(&url).await, READ_ROLE, &accounts).await;
    assert_eq!(
        checked[0],
        (pipewright_sandbox::ACCOUNT_ID.to_string(), None),
        "its own"
    );
    let works = checked[1].1.as_ref().expect("checked");
    assert_eq!(works.problem, None, "{works:?}");
    let refused = checked[2].1.as_ref().expect("checked");
    assert_eq!(refused.role_arn, role);
    assert!(
        refused
            .problem
            .as_deref()
            .unwrap_or("")
            .starts_with("AccessDenied"),
        "{refused:?}"
    );

    feed.abort();
    watcher.shutdown().await;
    sandbox.shutdown().await;
}
