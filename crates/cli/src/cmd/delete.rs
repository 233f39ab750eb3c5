//! `pipewright delete NAME --confirm NAME`: delete a remote pipeline, only when the
//! confirmation repeats its name.

use pipewright_aws::sync::delete_pipeline;

use super::connections::ProfileArg;
use super::remote::{self, RemoteArgs};
use crate::error::CliError;
use crate::output::{self, Exit};

/// Delete a remote pipeline. Its design files are left alone.
///
/// Refused unless --confirm repeats the pipeline's exact name.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 deleted, with what Pipewright made to start it (its EventBridge rules, their role, its webhooks); 1 deleted, but something around it could not be; 2 not deleted (confirmation missing or different, unusable connection, the call failed).\n\nExample:\n  pipewright delete old-app --confirm old-app --region eu-west-1"
)]
pub struct Args {
    /// The pipeline to delete.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The pipeline's name again, to confirm.
    #[arg(long, value_name = "NAME", required = true)]
    pub confirm: String,

    #[command(flatten)]
    pub remote: RemoteArgs,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    Ok(remote::block_on(async move {
        if args.name != args.confirm {
            output::eprint_line(&format!(
                "error: refusing to delete pipeline `{}`: --confirm `{}` does not name it; repeat the pipeline's exact name",
                args.name, args.confirm
            ));
            return Exit::Error;
        }
        let conn = match remote::connect(&args.remote, profile).await {
            Ok(c) => c,
            Err(e) => return e,
        };
        match delete_pipeline(&conn.aws, &args.name, &args.confirm).await {
            Ok(around) => {
                let mut text = format!("deleted {} from {}\n", args.name, conn.title);
                let mut failed = false;
                for a in &around {
                    match &a.error {
                        None => text.push_str(&format!("deleted {} {}\n", a.kind.label(), a.name)),
                        Some(e) => {
                            failed = true;
                            text.push_str(&format!(
                                "could not delete {} {}: {e}; delete it by hand\n",
                                a.kind.label(),
                                a.name
                            ))
                        }
                    }
                }
                let _ = remote::print(&text);
                if failed {
                    Exit::Failed
                } else {
                    Exit::Ok
                }
            }
            Err(e) => {
                output::eprint_line(&format!("error: {e}"));
                Exit::Error
            }
        }
    }))
}
