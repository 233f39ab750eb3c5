//! `pipewright logs PIPELINE --action NAME [--execution ID] [--tail N] [--follow]`: a CodeBuild
//! action's build log from CloudWatch Logs, read page by page (GetLogEvents' forward tokens) to
//! its end, its colours kept on a terminal and stripped otherwise ([`Colour`]).

use std::io::IsTerminal;
use std::time::Duration;

use pipewright_aws::control::{logtext, why};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Print the build log of a CodeBuild action (its newest run in the latest execution, or in the
/// execution given): the last --tail lines, or all with --tail 0. Its ANSI colours are kept when
/// stdout is a terminal and stripped when it is not (a file, a pipe), or as --color says. With
/// --follow, keep printing new lines until the build completes.
///
/// Exit status: 0 printed; 1 the action has no readable build log; 2 the calls failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright logs storefront --action Build\n  pipewright logs storefront --action Build --tail 0 | grep ERR!\n  pipewright logs storefront --action Build --follow"
)]
pub struct Args {
    pub pipeline: String,

    /// The CodeBuild action whose log to print.
    #[arg(long, value_name = "NAME")]
    pub action: String,

    /// The execution (default: the latest).
    #[arg(long, value_name = "ID")]
    pub execution: Option<String>,

    /// How many lines from the end (0: the whole log).
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub tail: usize,

    /// Keep printing new lines until the build completes.
    #[arg(long)]
    pub follow: bool,

    /// The log's colours: kept on a terminal unless NO_COLOR is set (auto), always, or never.
    #[arg(long, value_enum, default_value_t = Colour::Auto, value_name = "WHEN")]
    pub color: Colour,

    #[command(flatten)]
    pub conn: ConnArgs,
}

/// When a log's colours (SGR sequences) are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Colour {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

impl Colour {
    /// True when colours go to stdout.
    pub fn on(self) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }

    /// A log line as logged, for stdout: its colours only (and a reset after them), or none.
    pub fn line(on: bool, raw: &str) -> String {
        if on && logtext::has_colours(raw) {
            format!("{}\u{1b}[0m", logtext::keep_colours(raw))
        } else {
            logtext::strip_ansi(raw)
        }
    }
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    let colour = args.color.on();
    control::run_aws(profile, &args.conn.clone(), |aws| async move {
        let at = match why::action_log_location(
            &aws,
            &args.pipeline,
            args.execution.as_deref(),
            &args.action,
        )
        .await
        {
            Ok(Ok(at)) => at,
            Ok(Err(sentence)) => {
                output::eprint_line(&format!("error: {sentence}"));
                return Ok(Exit::Failed);
            }
            Err(e) => return Ok(control::fail(&e)),
        };
        let (lines, _, mut token) =
            match why::read_log(&aws, &at.group, &at.stream, usize::MAX).await {
                Ok(v) => v,
                Err(e) => {
                    output::eprint_line(&format!(
                        "error: {}",
                        why::log_unreadable(&aws, e, &at.group, &at.stream)
                    ));
                    return Ok(Exit::Failed);
                }
            };
        let from = if args.tail == 0 {
            0
        } else {
            lines.len().saturating_sub(args.tail)
        };
        let mut text = String::new();
        for l in &lines[from..] {
            text.push_str(&Colour::line(colour, l));
            text.push('\n');
        }
        output::print(&text)?;
        let mut complete = at.build_complete;
        while args.follow && !complete {
            tokio::time::sleep(Duration::from_millis(1000)).await;
            let page = aws
                .logs()
                .get_log_events()
                .log_group_name(&at.group)
                .log_stream_name(&at.stream)
                .start_from_head(true)
                .set_next_token(token.clone())
                .send()
                .await;
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    output::eprint_line(&format!(
                        "error: {}",
                        why::log_unreadable(&aws, e, &at.group, &at.stream)
                    ));
                    return Ok(Exit::Failed);
                }
            };
            let mut text = String::new();
            for e in page.events() {
                text.push_str(&Colour::line(colour, e.message().unwrap_or("")));
                text.push('\n');
            }
            output::print(&text)?;
            if page.events().is_empty() {
                // Nothing new: is the build done?
                complete = match why::action_log_location(
                    &aws,
                    &args.pipeline,
                    Some(&at.pipeline_execution_id),
                    &args.action,
                )
                .await
                {
                    Ok(Ok(now)) => now.build_id != at.build_id || now.build_complete,
                    _ => true,
                };
            }
            token = page.next_forward_token().map(str::to_string).or(token);
        }
        Ok(Exit::Ok)
    })
}
