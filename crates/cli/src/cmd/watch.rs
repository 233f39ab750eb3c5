//! `pipewright watch`: follow pipelines and print alerts as lines (and, with --notify, show
//! desktop notifications), with the same watcher the desktop app uses.

use std::time::Duration;

use pipewright_connections::{AuthKind, Resolved, SignInMethod};
use pipewright_watch::cctray;
use pipewright_watch::feed::{self, FeedConfig};
use pipewright_watch::{
    run_once, Notifier, NotifySettings, PollPolicy, QuietHours, SignIn, WatchConfig, WatchEvent,
    Watcher,
};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs, GuardArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Watch pipelines: print each alert once, as a line: approvals waiting, failures, recoveries.
///
/// Lines look like `APPROVAL web-app Approval/ManualApproval execution=ID: custom data`,
/// `FAILED data-jobs Build/Compile execution=ID: error`, `RECOVERED data-jobs execution=ID`.
/// When the connection cannot be watched (expired sign-in, access denied, unreachable, throttled
/// for minutes): `NOT-WATCHING prod: why; what to do`, then `WATCHING prod` when it works again.
/// Polls every 5 s while something runs or waits and every 60 s when idle, backs off when AWS
/// throttles, and lists pipelines again every 15 minutes. Problems reaching AWS go to standard
/// error. Stops with Ctrl-C (or after --for).
///
/// Exit status: 0 done; 2 bad input or (with --once) the calls failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright watch --notify\n  pipewright watch --pipelines web-app,data-jobs --once\n  pipewright watch --endpoint-url http://127.0.0.1:4566 --region us-east-1 --cctray 127.0.0.1:8787"
)]
pub struct Args {
    /// Only these pipelines (default: every pipeline of the connection).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub pipelines: Vec<String>,

    /// Also show desktop notifications (clicking prints which pipeline to open).
    #[arg(long)]
    pub notify: bool,

    /// Look once, print the alerts of the current state, and exit.
    #[arg(long)]
    pub once: bool,

    /// No desktop notifications in this local time window, e.g. 22:00-07:30.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub quiet_hours: Option<String>,

    /// No desktop notifications for these pipelines (alerts are still printed).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub mute: Vec<String>,

    /// Serve a cctray feed (CCMenu, Nevergreen, BuildNotify) at http://ADDR/cctray.xml; loopback only.
    #[arg(long, value_name = "127.0.0.1:PORT")]
    pub cctray: Option<String>,

    /// Print events as JSON lines (alerts, errors, health) instead of text.
    #[arg(long)]
    pub json: bool,

    /// Poll interval while something runs or waits, in seconds.
    #[arg(long, default_value_t = 5, value_name = "SECONDS")]
    pub active_interval: u64,

    /// Poll interval when idle, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub idle_interval: u64,

    /// Learn of changes from CodePipeline's events (this reader's queue, made by `pipewright
    /// events setup`) instead of polling: each event polls its pipeline once, a slow sweep
    /// catches a missed one. Without a working queue the watch polls and says why.
    #[arg(long)]
    pub events: bool,

    /// The reader whose queue --events reads (default: USER-HOST-cli).
    #[arg(long, value_name = "NAME", requires = "events")]
    pub reader: Option<String>,

    /// The event bus of the reader's rule (default: the account's default bus).
    #[arg(long, value_name = "NAME", requires = "events")]
    pub bus: Option<String>,

    /// The read-only role assumed in a member account to confirm its events on an
    /// organisation's central bus (default: PipewrightWatchRead, as the member StackSet makes).
    #[arg(long, value_name = "NAME", requires = "events")]
    pub member_role: Option<String>,

    /// Stop after this many seconds.
    #[arg(long = "for", value_name = "SECONDS")]
    pub duration: Option<u64>,

    #[command(flatten)]
    pub guard: GuardArgs,

    #[command(flatten)]
    pub conn: ConnArgs,
}

fn print_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    output::print(&format!(
        "{}\n",
        serde_json::to_string(value).unwrap_or_default()
    ))
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    let quiet_hours = match args.quiet_hours.as_deref().map(str::parse::<QuietHours>) {
        None => None,
        Some(Ok(q)) => Some(q),
        Some(Err(e)) => {
            output::eprint_line(&format!("error: {e}"));
            return Ok(Exit::Error);
        }
    };
    let cctray_addr = match args
        .cctray
        .as_deref()
        .map(str::parse::<std::net::SocketAddr>)
    {
        None => None,
        Some(Ok(a)) => Some(a),
        Some(Err(_)) => {
            output::eprint_line("error: --cctray needs an address like 127.0.0.1:8787");
            return Ok(Exit::Error);
        }
    };
    let rt = match control::runtime() {
        Ok(rt) => rt,
        Err(exit) => return Ok(exit),
    };
    rt.block_on(async {
        let resolved = match control::connect_resolved(profile, &args.conn).await {
            Ok(r) => r,
            Err(exit) => return Ok(exit),
        };
        watch(args, resolved, quiet_hours, cctray_addr).await
    })
}

async fn watch(
    args: Args,
    resolved: Resolved,
    quiet_hours: Option<QuietHours>,
    cctray_addr: Option<std::net::SocketAddr>,
) -> Result<Exit, CliError> {
    let aws = resolved.aws();
    let api = aws.codepipeline();
    let region = resolved.active.region.clone();
    // The environment has no name of its own: its region names it.
    let label = match resolved.active.kind {
        AuthKind::Environment => region.clone(),
        _ => resolved.active.name.clone(),
    };
    let sign_in = match resolved.sign_in {
        Some(SignInMethod::Sso) => SignIn::Sso,
        Some(SignInMethod::Mfa) => SignIn::Mfa,
        None => SignIn::Other,
    };
    {
        let pipelines = (!args.pipelines.is_empty()).then(|| args.pipelines.clone());
        let settings = NotifySettings {
            quiet_hours,
            muted: args.mute.iter().cloned().collect(),
            production: args.guard.policy(),
            show_connection: false,
        };
        let notifier = args.notify.then(|| Notifier::new(settings));

        if args.once {
            let (alerts, _) = match run_once(&api, pipelines).await {
                Ok(v) => v,
                Err(e) => return Ok(control::fail(&e)),
            };
            for alert in &alerts {
                if args.json {
                    print_json(alert)?;
                } else {
                    output::print(&format!("{}\n", alert.line()))?;
                }
                if let Some((n, _)) = &notifier {
                    if let Err(e) = n.deliver(alert).await {
                        output::eprint_line(&format!("warning: {e}"));
                    }
                }
            }
            return Ok(Exit::Ok);
        }

        let policy = PollPolicy {
            active: Duration::from_secs(args.active_interval.max(1)),
            idle: Duration::from_secs(args.idle_interval.max(args.active_interval).max(1)),
            ..PollPolicy::default()
        };
        let config = WatchConfig {
            connection: label.clone(),
            pipelines,
            policy,
            sign_in,
            summarize_start: false,
            member_role: args.member_role.clone(),
        };
        let polling = config.policy.clone();
        let (watcher, mut events) = Watcher::spawn(api, config);
        let feed = args.events.then(|| {
            let reader = match &args.reader {
                Some(r) => pipewright_aws::events::reader_name(r),
                None => feed::default_reader("cli"),
            };
            let config = FeedConfig {
                bus: args.bus.clone(),
                polling,
                ..FeedConfig::new(label.clone(), reader)
            };
            feed::spawn(aws.clone(), watcher.poke(), config)
        });
        let _feed = match cctray_addr {
            Some(addr) => {
                match cctray::serve(addr, watcher.health(), cctray::console_url(&region)).await {
                    Ok(server) => {
                        output::eprint_line(&format!("cctray feed: {}", server.url()));
                        Some(server)
                    }
                    Err(e) => {
                        output::eprint_line(&format!("error: {e}"));
                        return Ok(Exit::Error);
                    }
                }
            }
            None => None,
        };
        let (notifier, mut clicks) = match notifier {
            Some((n, c)) => (Some(n), Some(c)),
            None => (None, None),
        };
        let deadline = args
            .duration
            .map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
        loop {
            let sleep = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            let click = async {
                match clicks.as_mut() {
                    Some(c) => c.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = sleep => break,
                Some(action) = click => {
                    output::eprint_line(&format!("open {} ({:?})", action.pipeline, action.kind));
                }
                ev = events.recv() => {
                    let ev = match ev {
                        Ok(ev) => ev,
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                            output::eprint_line(&format!("warning: {n} events were dropped (the terminal is slow)"));
                            continue;
                        }
                        Err(_) => break,
                    };
                    if args.json {
                        print_json(&ev)?;
                    }
                    match ev {
                        WatchEvent::Alert { alert, .. } => {
                            if !args.json {
                                output::print(&format!("{}\n", alert.line()))?;
                            }
                            if let Some(n) = &notifier {
                                if let Err(e) = n.deliver(&alert).await {
                                    output::eprint_line(&format!("warning: {e}"));
                                }
                            }
                        }
                        WatchEvent::Error { pipeline, message, retry_in_ms, .. } if !args.json => {
                            output::eprint_line(&format!(
                                "warning: {}{message} (retrying in {} s)",
                                pipeline.map(|p| format!("{p}: ")).unwrap_or_default(),
                                retry_in_ms.div_ceil(1000)
                            ));
                        }
                        WatchEvent::Throttled { retry_in_ms, .. } if !args.json => {
                            output::eprint_line(&format!("warning: AWS is throttling; waiting {} s", retry_in_ms.div_ceil(1000)));
                        }
                        WatchEvent::Recovered { pipeline, .. } if !args.json => {
                            output::eprint_line(&format!("reachable again{}", pipeline.map(|p| format!(": {p}")).unwrap_or_default()));
                        }
                        WatchEvent::Feed { events: true, .. } if !args.json => {
                            output::eprint_line("reading CodePipeline's events: each change is polled once, the rest is a slow sweep");
                        }
                        WatchEvent::Feed { events: false, reason, .. } if !args.json => {
                            output::eprint_line(&format!("warning: {}", reason.unwrap_or_else(|| "polling instead of events".into())));
                        }
                        WatchEvent::Restarted { reason, restart_in_ms, .. } if !args.json => {
                            output::eprint_line(&format!(
                                "warning: the watcher stopped ({reason}); it starts again in {} s",
                                restart_in_ms.div_ceil(1000)
                            ));
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Some(feed) = feed {
            feed.abort();
        }
        watcher.shutdown().await;
        Ok(Exit::Ok)
    }
}
