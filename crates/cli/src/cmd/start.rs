//! `pipewright start PIPELINE`: start an execution, with variables and source revisions (V2).

use pipewright_aws::control::usecases;
use pipewright_aws::control::{SourceRevisionOverride, StartInput, VariableValue};

use crate::cmd::connections::ProfileArg;
use crate::cmd::control::{self, ConnArgs, GuardArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Start an execution of a pipeline and print its id.
///
/// A production pipeline (named prod/production, one with such a stage, or given with
/// --production) needs --confirm with the pipeline's name.
///
/// Exit status: 0 started; 1 confirmation missing; 2 bad input or the call failed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright start api-dev --variable STAGE=qa\n  pipewright start api-dev --source-revision Source=COMMIT_ID:4f2a9c1\n  pipewright start web-app-prod --confirm web-app-prod"
)]
pub struct Args {
    /// The pipeline.
    pub pipeline: String,

    /// A pipeline variable, NAME=VALUE (V2 pipelines; repeat for more).
    #[arg(long = "variable", value_name = "NAME=VALUE")]
    pub variables: Vec<String>,

    /// A source revision override, ACTION=TYPE:VALUE with TYPE one of COMMIT_ID, IMAGE_DIGEST,
    /// S3_OBJECT_VERSION_ID, S3_OBJECT_KEY (V2 pipelines; repeat for more).
    #[arg(long = "source-revision", value_name = "ACTION=TYPE:VALUE")]
    pub source_revisions: Vec<String>,

    /// The pipeline's name, typed back to confirm starting a production pipeline.
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,

    #[command(flatten)]
    pub guard: GuardArgs,

    #[command(flatten)]
    pub conn: ConnArgs,
}

fn parse(args: &Args) -> Result<StartInput, String> {
    let mut input = StartInput {
        pipeline: args.pipeline.clone(),
        ..Default::default()
    };
    for v in &args.variables {
        let (name, value) = v
            .split_once('=')
            .ok_or_else(|| format!("--variable `{v}`: write it as NAME=VALUE"))?;
        input.variables.push(VariableValue {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    for r in &args.source_revisions {
        let (action, rest) = r
            .split_once('=')
            .ok_or_else(|| format!("--source-revision `{r}`: write it as ACTION=TYPE:VALUE"))?;
        let (kind, value) = rest
            .split_once(':')
            .ok_or_else(|| format!("--source-revision `{r}`: write it as ACTION=TYPE:VALUE"))?;
        input.source_revisions.push(SourceRevisionOverride {
            action_name: action.to_string(),
            revision_type: kind.to_string(),
            revision_value: value.to_string(),
        });
    }
    Ok(input)
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    let input = match parse(&args) {
        Ok(i) => i,
        Err(e) => {
            output::eprint_line(&format!("error: {e}"));
            return Ok(Exit::Error);
        }
    };
    control::run(profile, &args.conn.clone(), |api, _| async move {
        match usecases::start(&api, &args.guard.policy(), &input, args.confirm.as_deref()).await {
            Ok(id) => {
                output::print(&format!("Started {} execution {id}\n", args.pipeline))?;
                Ok(Exit::Ok)
            }
            Err(e) => Ok(control::fail(&e)),
        }
    })
}
