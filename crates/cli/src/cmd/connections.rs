//! `pipewright connections list|add|remove|rotate|test|login`, and the global `--profile NAME`
//! option every AWS-facing subcommand resolves with [`ProfileArg::resolve`].
//!
//! Secrets are read from standard input or a hidden prompt, never from the command line, and go
//! straight to the OS keyring.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::path::PathBuf;

use pipewright_connections::sso::{self, SessionStatus};
use pipewright_connections::{
    default_path, list_aws_profiles, resolve_cli_with, test_connection, AuthInput, CliConnection,
    ConnectionStore, Error, Keyring, NewConnection, Resolved, Secret, SecretInput,
};
use serde_json::json;

use crate::error::CliError;
use crate::output::{self, Exit};

/// Overrides where the connections file is (default `<config dir>/pipewright/connections.json`).
pub const FILE_ENV: &str = "PIPEWRIGHT_CONNECTIONS_FILE";
/// Overrides the OS keyring service name (default `pipewright`); tests use their own.
pub const KEYRING_ENV: &str = "PIPEWRIGHT_KEYRING_SERVICE";

/// The global `--profile NAME` option.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProfileArg {
    /// The AWS connection to use: a Pipewright connection name (`pipewright connections list`),
    /// else an AWS named profile of that name (~/.aws/config). Without it, the environment's
    /// credentials (AWS_* variables, AWS_PROFILE, the default chain).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
}

impl ProfileArg {
    /// The SDK config for `--profile` plus a subcommand's own `--endpoint-url` / `--region`
    /// (and `--mfa-code`; at a terminal the code is asked for when a connection needs one).
    /// Build clients with `resolved.aws()`; show `resolved.active.title`.
    pub async fn resolve(
        &self,
        endpoint_url: Option<String>,
        region: Option<String>,
        mfa_code: Option<String>,
    ) -> Result<Resolved, Error> {
        let mut args = CliConnection {
            profile: self.profile.clone(),
            endpoint_url,
            region,
            mfa_code,
        };
        let first = resolve_cli_with(&args, connections_file().as_deref(), keyring()).await;
        match first {
            Err(Error::MfaCodeRequired { serial, .. })
                if args.mfa_code.is_none() && io::stdin().is_terminal() =>
            {
                let code = rpassword::prompt_password(format!("MFA code for {serial}: "))
                    .map_err(|e| Error::Input(format!("Could not read the MFA code ({e}).")))?;
                args.mfa_code = Some(code);
                resolve_cli_with(&args, connections_file().as_deref(), keyring()).await
            }
            other => other,
        }
    }
}

/// The connections file the CLI uses.
pub fn connections_file() -> Option<PathBuf> {
    std::env::var_os(FILE_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(default_path)
}

/// The OS keyring the CLI uses.
pub fn keyring() -> Keyring {
    match std::env::var(KEYRING_ENV) {
        Ok(service) if !service.is_empty() => Keyring::new(service),
        _ => Keyring::default(),
    }
}

/// Manage AWS connections: access keys kept in the OS keyring, AWS named profiles, the
/// environment, the local sandbox.
///
/// Connections are saved (without secrets) in `<config dir>/pipewright/connections.json`
/// (override with PIPEWRIGHT_CONNECTIONS_FILE). Use one with `--profile NAME` on any command.
///
/// Exit status: 0 success; 1 `test` reached the endpoint but the call failed or could not be
/// made; 2 bad input, or the connections file or keyring could not be used.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright connections add dev --aws-profile dev-sso\n  printf '%s\\n' \"$SECRET\" | pipewright connections add prod --access-key-id AKIA... --region eu-west-1\n  pipewright connections add sandbox --sandbox --endpoint-url http://127.0.0.1:4566\n  pipewright connections test prod\n  pipewright --profile prod validate app.yaml"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    List(ListArgs),
    Add(AddArgs),
    Remove(RemoveArgs),
    Rotate(RotateArgs),
    Test(TestArgs),
    Login(LoginArgs),
}

/// Sign a connection in with IAM Identity Center (SSO): the device authorization flow. Opens
/// the verification page in the browser (or prints it), waits until the code is approved there,
/// and writes the standard SSO token cache (~/.aws/sso/cache), so the AWS CLI and the AWS SDKs
/// share the session.
///
/// NAME is a Pipewright connection on an SSO profile, or an SSO profile of ~/.aws/config.
///
/// Exit status: 0 signed in; 1 the sign-in was denied, expired or failed; 2 bad input.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pipewright connections login prod\n  pipewright connections login dev-sso --no-browser"
)]
pub struct LoginArgs {
    pub name: String,

    /// Print the verification page's address instead of opening a browser.
    #[arg(long)]
    pub no_browser: bool,
}

/// How `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// List saved connections and the AWS named profiles found in ~/.aws (or AWS_CONFIG_FILE /
/// AWS_SHARED_CREDENTIALS_FILE).
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// Save a new connection. Pick exactly one kind: --access-key-id, --aws-profile, --environment
/// or --sandbox.
///
/// With --access-key-id the secret access key is read from standard input (first line) or, at a
/// terminal, from a hidden prompt; with --session-token the token follows (second line). Both go
/// to the OS keyring, never to disk.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("kind").required(true).multiple(false))]
pub struct AddArgs {
    /// A short unique name, used with --profile.
    pub name: String,

    /// An access key id; its secret is read from stdin or a hidden prompt.
    #[arg(long, group = "kind", value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Also read a session token (temporary keys), after the secret.
    #[arg(long, requires = "access_key_id")]
    pub session_token: bool,

    /// The ARN of the MFA device of these keys (a code is then asked when connecting).
    #[arg(long, requires = "access_key_id", value_name = "ARN")]
    pub mfa_serial: Option<String>,

    /// Use a named profile of ~/.aws/config (SSO, assume-role, static keys...).
    #[arg(long, group = "kind", value_name = "PROFILE")]
    pub aws_profile: Option<String>,

    /// Use the environment's credentials (AWS_* variables, then the default chain).
    #[arg(long, group = "kind")]
    pub environment: bool,

    /// The local sandbox (not AWS): dummy credentials, a loopback --endpoint-url.
    #[arg(long, group = "kind")]
    pub sandbox: bool,

    /// The region (default: from the AWS profile or the environment; us-east-1 for the sandbox).
    #[arg(long)]
    pub region: Option<String>,

    /// A custom endpoint (moto, the local sandbox, a VPC endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

/// Remove a connection; its secrets are deleted from the OS keyring.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    pub name: String,
}

/// Replace the secret of an access-key connection (after rotating the key in IAM). The new
/// secret is read from stdin or a hidden prompt; a stored session token is dropped unless
/// --session-token reads a new one.
#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    pub name: String,

    /// The new access key id (rotation usually changes it too).
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Also read a new session token, after the secret.
    #[arg(long)]
    pub session_token: bool,
}

/// Test a connection with one real CodePipeline call (ListPipelines, at most one result) and
/// say in plain words what is wrong.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// The connection (or AWS profile); default: --profile, else the environment.
    pub name: Option<String>,

    /// Call this endpoint instead of the connection's.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Use this region instead of the connection's.
    #[arg(long)]
    pub region: Option<String>,

    /// The current code of the connection's MFA device (asked at a terminal when needed).
    #[arg(long, value_name = "CODE")]
    pub mfa_code: Option<String>,
}

pub fn run(args: Args, profile: &ProfileArg) -> Result<Exit, CliError> {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            output::eprint_line(&format!("error: cannot start the async runtime ({e})"));
            return Ok(Exit::Error);
        }
    };
    runtime.block_on(async {
        match args.command {
            Sub::List(a) => list(a).await,
            Sub::Add(a) => add(a),
            Sub::Remove(a) => remove(a),
            Sub::Rotate(a) => rotate(a),
            Sub::Test(a) => test(a, profile).await,
            Sub::Login(a) => login(a).await,
        }
    })
}

/// Prints a connections error and gives exit status 2.
fn fail(e: &Error) -> Exit {
    output::eprint_line(&format!("error: {e}"));
    Exit::Error
}

fn open_store() -> Result<ConnectionStore, Exit> {
    let path = connections_file().ok_or_else(|| {
        output::eprint_line(
            "error: no configuration folder is known for this user: set PIPEWRIGHT_CONNECTIONS_FILE to the connections file to use",
        );
        Exit::Error
    })?;
    ConnectionStore::open(path, keyring()).map_err(|e| fail(&e))
}

macro_rules! try_exit {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(exit) => return Ok(exit),
        }
    };
}

async fn list(args: ListArgs) -> Result<Exit, CliError> {
    let store = try_exit!(open_store());
    let profiles = match list_aws_profiles().await {
        Ok(p) => p,
        Err(e) => return Ok(fail(&e)),
    };
    if args.format == ListFormat::Json {
        let doc = json!({
            "file": store.path(),
            "active": store.active_id(),
            "connections": store.list(),
            "sessions": sessions(&store).await,
            "awsProfiles": profiles,
        });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        output::print(&format!("{text}\n"))?;
        return Ok(Exit::Ok);
    }
    let mut out = String::new();
    out.push_str(&format!(
        "Pipewright connections ({}):\n",
        store.path().display()
    ));
    if store.list().is_empty() {
        out.push_str("  (none: add one with `pipewright connections add`)\n");
    }
    let width = store
        .list()
        .iter()
        .map(|c| c.name.chars().count())
        .chain(profiles.iter().map(|p| p.name.chars().count()))
        .max()
        .unwrap_or(0);
    let sessions = sessions(&store).await;
    for c in store.list() {
        let mark = if store.active_id() == Some(c.id.as_str()) {
            '*'
        } else {
            ' '
        };
        let region = c
            .region
            .as_deref()
            .unwrap_or("(region from profile/environment)");
        out.push_str(&format!(
            "{mark} {:width$}  {region}  {}\n",
            c.name,
            c.describe()
        ));
        if let Some(status) = sessions.get(&c.id) {
            out.push_str(&format!(
                "  {:width$}  {}\n",
                "",
                session_line(&c.name, status)
            ));
        }
    }
    out.push_str("AWS named profiles (~/.aws; use with --profile NAME):\n");
    if profiles.is_empty() {
        out.push_str("  (none found)\n");
    }
    for p in &profiles {
        let kind = serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let mut line = format!(
            "  {:width$}  {}  {kind}",
            p.name,
            p.region.as_deref().unwrap_or("-")
        );
        if let Some(src) = &p.source_profile {
            line.push_str(&format!(" (from profile {src})"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    output::print(&out)?;
    Ok(Exit::Ok)
}

/// The SSO sessions of the saved connections on SSO profiles, by connection id.
async fn sessions(store: &ConnectionStore) -> BTreeMap<String, SessionStatus> {
    let mut out = BTreeMap::new();
    for c in store.list() {
        if let Ok(p) = sso::of_connection(c).await {
            if let Ok(status) = sso::session(&p) {
                out.insert(c.id.clone(), status);
            }
        }
    }
    out
}

/// "SSO session: 7 h 12 min left", or what to do when it ended.
fn session_line(name: &str, status: &SessionStatus) -> String {
    if status.expired {
        format!(
            "SSO session {}: sign in again with `pipewright connections login {}`",
            status.label,
            shell_word(name)
        )
    } else {
        format!("SSO session: {}", status.label)
    }
}

async fn login(args: LoginArgs) -> Result<Exit, CliError> {
    let store = try_exit!(open_store());
    let profile = match store.find(&args.name) {
        Some(c) => sso::of_connection(c).await,
        None => match sso::profile(&args.name).await {
            Ok(Some(p)) => Ok(p),
            Ok(None) => Err(Error::NotFound(args.name.clone())),
            Err(e) => Err(e),
        },
    };
    let profile = match profile {
        Ok(p) => p,
        Err(e) => return Ok(fail(&e)),
    };
    let sign_in = match sso::device::start(&profile).await {
        Ok(s) => s,
        Err(e) => {
            output::eprint_line(&format!("error: {e}"));
            return Ok(Exit::Failed);
        }
    };
    output::print(&format!(
        "To sign in '{}' with IAM Identity Center, open {} and confirm the code {}.\n",
        args.name, sign_in.verification_url, sign_in.user_code
    ))?;
    if !args.no_browser {
        if let Err(e) = open::that_detached(&sign_in.verification_url) {
            output::eprint_line(&format!(
                "warning: could not open a browser ({e}); open the address above yourself"
            ));
        }
    }
    output::eprint_line("Waiting for the code to be approved in the browser...");
    match sign_in.finish().await {
        Ok(session) => {
            let left = session
                .expires_at
                .duration_since(std::time::SystemTime::now())
                .unwrap_or_default();
            output::print(&format!(
                "Signed in '{}': the session lasts {} ({}). The AWS CLI and the AWS SDKs share it.\n",
                args.name,
                sso::left_words(left),
                session.cache_file.display()
            ))?;
            Ok(Exit::Ok)
        }
        Err(e) => {
            output::eprint_line(&format!("error: {e}"));
            Ok(Exit::Failed)
        }
    }
}

/// Reads one secret: from a hidden prompt at a terminal, else one line of standard input.
fn read_secret(input: &mut dyn io::BufRead, prompt: &str) -> Result<Secret, Exit> {
    let secret = if io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)
            .map(Secret::new)
            .map_err(|e| {
                output::eprint_line(&format!(
                    "error: cannot read the secret from the terminal ({e})"
                ));
                Exit::Error
            })?
    } else {
        Secret::read_line(input).map_err(|e| fail(&e))?
    };
    if secret.is_empty() {
        output::eprint_line(&format!(
            "error: no {} was given: pipe it on standard input (printf '%s\\n' \"$SECRET\" | pipewright connections ...) or type it at the prompt",
            prompt.trim_end_matches([':', ' ']).to_lowercase()
        ));
        return Err(Exit::Error);
    }
    Ok(secret)
}

fn add(args: AddArgs) -> Result<Exit, CliError> {
    let mut store = try_exit!(open_store());
    let auth = if let Some(access_key_id) = args.access_key_id {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let secret = try_exit!(read_secret(&mut input, "Secret access key: "));
        let token = if args.session_token {
            Some(try_exit!(read_secret(&mut input, "Session token: ")))
        } else {
            None
        };
        AuthInput::AccessKey {
            access_key_id,
            secret_access_key: secret,
            session_token: token,
            mfa_serial: args.mfa_serial,
        }
    } else if let Some(profile) = args.aws_profile {
        AuthInput::AwsProfile { profile }
    } else if args.environment {
        AuthInput::Environment
    } else {
        AuthInput::LocalSandbox
    };
    let added = match store.add(NewConnection {
        name: args.name,
        region: args.region,
        endpoint_url: args.endpoint_url,
        auth,
    }) {
        Ok(c) => c,
        Err(e) => return Ok(fail(&e)),
    };
    output::print(&format!(
        "Added connection '{}': {}. Check it with `pipewright connections test {}`.\n",
        added.name,
        added.describe(),
        shell_word(&added.name)
    ))?;
    Ok(Exit::Ok)
}

fn remove(args: RemoveArgs) -> Result<Exit, CliError> {
    let mut store = try_exit!(open_store());
    match store.remove(&args.name) {
        Ok(c) => {
            output::print(&format!("Removed connection '{}'.\n", c.name))?;
            Ok(Exit::Ok)
        }
        Err(e) => Ok(fail(&e)),
    }
}

fn rotate(args: RotateArgs) -> Result<Exit, CliError> {
    let mut store = try_exit!(open_store());
    if store.find(&args.name).is_none() {
        return Ok(fail(&Error::NotFound(args.name)));
    }
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let secret = try_exit!(read_secret(&mut input, "New secret access key: "));
    let token = if args.session_token {
        Some(try_exit!(read_secret(&mut input, "New session token: ")))
    } else {
        None
    };
    let input = SecretInput {
        access_key_id: args.access_key_id,
        secret_access_key: secret,
        session_token: token,
    };
    match store.rotate_secret(&args.name, input) {
        Ok(c) => {
            output::print(&format!(
                "Replaced the secret of '{}' in the OS keyring: {}.\n",
                c.name,
                c.describe()
            ))?;
            Ok(Exit::Ok)
        }
        Err(e) => Ok(fail(&e)),
    }
}

async fn test(args: TestArgs, profile: &ProfileArg) -> Result<Exit, CliError> {
    let target = ProfileArg {
        profile: args.name.or_else(|| profile.profile.clone()),
    };
    let resolved = match target
        .resolve(args.endpoint_url, args.region, args.mfa_code)
        .await
    {
        Ok(r) => r,
        Err(e) => return Ok(fail(&e)),
    };
    match test_connection(&resolved).await {
        Ok(report) => {
            output::print(&format!("{}\n", report.message))?;
            Ok(Exit::Ok)
        }
        Err(e) => {
            output::eprint_line(&format!("error: {}: {e}", resolved.active.title));
            Ok(Exit::Failed)
        }
    }
}

/// Quotes a name for a shell command line when it needs it.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@/".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
