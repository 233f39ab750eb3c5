//! `pipewright events setup|status|teardown|export`: watching by CodePipeline's events instead
//! of polling (see `pipewright_aws::events`).

use std::time::SystemTime;

use pipewright_aws::events;
use pipewright_core::export::events as templates;
use pipewright_watch::feed::default_reader;

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Watch by CodePipeline's events instead of polling: an EventBridge rule sends every pipeline,
/// stage and action state change to this reader's SQS queue, which `pipewright watch --events`
/// (and the app) read. One queue per reader (each desktop's app and CLI): SQS gives a message to
/// one reader only.
///
/// `setup` creates the rule and queue (and removes those of readers gone for a week); `status`
/// lists the readers of the account; `teardown` removes this reader's; `export` writes them as
/// CloudFormation or Terraform for someone with the rights to deploy them, or (`--layout`) the
/// StackSet that forwards every member account's events to a central bus.
///
/// Exit status: 0 done; 2 bad input or the calls failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright events setup\n  pipewright watch --events --notify\n  pipewright events status\n  pipewright events export --format terraform > pipewright-events.tf\n  pipewright events export --layout members --central-bus arn:aws:events:eu-west-1:111122223333:event-bus/pipelines"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create (or fix) this reader's rule and queue.
    Setup(ReaderArgs),
    /// List the readers of this account and region: last seen, messages waiting, stale ones,
    /// and the member accounts whose events each saw, with whether their read-only role works.
    Status(StatusArgs),
    /// Remove this reader's rule and queue.
    Teardown(ReaderArgs),
    /// Write the rule and queue as infrastructure-as-code instead of creating them.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReaderArgs {
    /// The reader's name (default: USER-HOST-cli; the app reads USER-HOST-app).
    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,

    /// The event bus to read (default: the account's default bus), e.g. an organisation's
    /// central bus.
    #[arg(long, value_name = "NAME")]
    pub bus: Option<String>,

    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[arg(long, value_name = "NAME")]
    pub bus: Option<String>,

    /// The read-only role of member accounts (the organisation layout), whose assuming is
    /// checked for every other account whose events a reader saw.
    #[arg(long, value_name = "NAME", default_value = pipewright_aws::members::READ_ROLE)]
    pub member_role: String,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Cloudformation,
    Terraform,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = Format::Cloudformation)]
    pub format: Format,

    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,

    #[arg(long, value_name = "NAME")]
    pub bus: Option<String>,

    /// What to export: this reader's rule and queue; or, for an organisation, the StackSet
    /// template for member accounts (forwarding to --central-bus) or the central bus's template
    /// (both CloudFormation).
    #[arg(long, value_enum, default_value_t = Layout::Reader)]
    pub layout: Layout,

    /// The central event bus's ARN (`--layout members`).
    #[arg(long, value_name = "ARN")]
    pub central_bus: Option<String>,

    /// The organisation's id, o-... (`--layout central`).
    #[arg(long, value_name = "ID")]
    pub organisation_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    Reader,
    Members,
    Central,
}

fn reader_of(arg: &Option<String>) -> String {
    match arg {
        Some(r) => events::reader_name(r),
        None => default_reader("cli"),
    }
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    match args.command {
        Command::Export(a) => export(a),
        Command::Setup(a) => {
            let reader = reader_of(&a.reader);
            control::run_aws(profile, &a.conn, |aws| async move {
                match events::setup(&aws, &reader, a.bus.as_deref()).await {
                    Ok(r) => {
                        output::print(&format!(
                            "Reader {} is set up: rule {} sends CodePipeline's state changes to {}\nWatch with: pipewright watch --events{}\n",
                            r.name,
                            r.rule,
                            r.queue_url,
                            a.reader.as_ref().map(|n| format!(" --reader {n}")).unwrap_or_default()
                        ))?;
                        Ok(Exit::Ok)
                    }
                    Err(e) => Ok(control::fail(&e)),
                }
            })
        }
        Command::Teardown(a) => {
            let reader = reader_of(&a.reader);
            control::run_aws(profile, &a.conn, |aws| async move {
                match events::teardown(&aws, &reader, a.bus.as_deref()).await {
                    Ok(()) => {
                        output::print(&format!(
                            "Reader {reader} is gone: its rule and queue are removed; the watch polls again\n"
                        ))?;
                        Ok(Exit::Ok)
                    }
                    Err(e) => Ok(control::fail(&e)),
                }
            })
        }
        Command::Status(a) => control::run_aws(profile, &a.conn, |aws| async move {
            let now = SystemTime::now();
            let status = match events::status(&aws, now, a.bus.as_deref()).await {
                Ok(mut readers) => {
                    check_member_roles(&aws, &a.member_role, &mut readers).await;
                    Ok(readers)
                }
                Err(e) => Err(e),
            };
            match status {
                Ok(readers) if a.json => {
                    output::print(&format!(
                        "{}\n",
                        serde_json::to_string(&readers).unwrap_or_default()
                    ))?;
                    Ok(Exit::Ok)
                }
                Ok(readers) => {
                    if readers.is_empty() {
                        output::print("No readers: run `pipewright events setup`\n")?;
                    }
                    let now = now
                        .duration_since(SystemTime::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs());
                    for r in readers {
                        let seen = r
                            .last_seen
                            .map_or("never".to_string(), |s| ago(now.saturating_sub(s)));
                        output::print(&format!(
                            "{}{}: last seen {seen}, {} waiting{}{}\n",
                            events::PREFIX,
                            r.name,
                            r.waiting.map_or("?".into(), |w| w.to_string()),
                            if r.rule_exists { "" } else { ", no rule" },
                            if r.stale {
                                " (stale: setup removes it)"
                            } else {
                                ""
                            },
                        ))?;
                        for seen in &r.accounts {
                            let last = ago(now.saturating_sub(seen.last_seen));
                            let role = match &seen.role {
                                None => "this connection's own account".to_string(),
                                Some(c) => match &c.problem {
                                    None => format!("{} works", c.role_arn),
                                    Some(p) => format!(
                                        "{} cannot be assumed ({p}): its alerts come from its events alone",
                                        c.role_arn
                                    ),
                                },
                            };
                            output::print(&format!(
                                "  account {}: last event {last}; {role}\n",
                                seen.account
                            ))?;
                        }
                    }
                    Ok(Exit::Ok)
                }
                Err(e) => Ok(control::fail(&e)),
            }
        }),
    }
}

/// Whether each member account a reader saw can be read through its role (checked once per
/// account).
async fn check_member_roles(
    aws: &pipewright_aws::Aws,
    role: &str,
    readers: &mut [events::ReaderStatus],
) {
    let mut accounts: Vec<String> = readers
        .iter()
        .flat_map(|r| r.accounts.iter().map(|a| a.account.clone()))
        .collect();
    accounts.sort();
    accounts.dedup();
    if accounts.is_empty() {
        return;
    }
    let checked = pipewright_aws::members::check_roles(aws, role, &accounts).await;
    for r in readers.iter_mut() {
        for seen in &mut r.accounts {
            seen.role = checked
                .iter()
                .find(|(a, _)| *a == seen.account)
                .and_then(|(_, c)| c.clone());
        }
    }
}

fn ago(secs: u64) -> String {
    match secs {
        0..=119 => format!("{secs} s ago"),
        120..=7199 => format!("{} min ago", secs / 60),
        7200..=172_799 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

fn export(a: ExportArgs) -> Result<Exit, CliError> {
    if a.layout != Layout::Reader && a.format != Format::Cloudformation {
        output::eprint_line(
            "error: the organisation layout is CloudFormation (a StackSet): pass --format cloudformation",
        );
        return Ok(Exit::Error);
    }
    match a.layout {
        Layout::Reader => {}
        Layout::Members => {
            let Some(central) = a.central_bus.as_deref() else {
                output::eprint_line(
                    "error: --layout members needs --central-bus ARN (the central account's event bus)",
                );
                return Ok(Exit::Error);
            };
            output::print(&templates::organisation_members(central))?;
            return Ok(Exit::Ok);
        }
        Layout::Central => {
            let Some(org) = a.organisation_id.as_deref() else {
                output::eprint_line(
                    "error: --layout central needs --organisation-id o-... (the organisation whose accounts may send)",
                );
                return Ok(Exit::Error);
            };
            let bus = a.bus.as_deref().unwrap_or("pipelines");
            output::print(&templates::organisation_central(bus, org))?;
            return Ok(Exit::Ok);
        }
    }
    let reader = reader_of(&a.reader);
    let text = match a.format {
        Format::Cloudformation => templates::cloudformation(&reader, a.bus.as_deref()),
        Format::Terraform => templates::terraform(&reader, a.bus.as_deref()),
    };
    output::print(&text)?;
    Ok(Exit::Ok)
}
