//! Pipewright's local CodePipeline sandbox: a server on 127.0.0.1 that speaks the same AWS JSON
//! 1.1 protocol as CodePipeline, so the real `aws-sdk-codepipeline` client talks to it by
//! endpoint URL, with an execution engine (stages, runOrder, approvals, failures from a
//! [`Scenario`], the three execution modes) behind it. On the same endpoint it serves the calls
//! around a pipeline (CodeBuild, CloudWatch Logs, CloudFormation, CodeDeploy, CodeCommit,
//! CodeConnections, SSO-OIDC and the SSO portal), and it can publish CodePipeline's
//! state-change events to EventBridge ([`publish`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), pipewright_sandbox::Error> {
//! use pipewright_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::with_samples()).await?;
//! println!("{}", sandbox.endpoint_url()); // http://127.0.0.1:<port>
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The sandbox marks what it creates: ARNs use account id [`ACCOUNT_ID`] (`000000000000`) and
//! region [`SANDBOX_REGION`] (`sandbox-local-1`) whatever region the client signs for.
//! Signatures are not checked.
//!
//! Where things are, from the wire inwards:
//! - `server`: HTTP (hyper) on loopback, the `/sandbox/...` endpoints, the engine task;
//!   `guard`: who it answers (its own `Host`, no other site's pages, the admin token).
//! - `services`: one module per service, routed by protocol; each operation translated between
//!   the wire and the modules below (`cbor`: RPC v2 CBOR's encoding).
//! - `pipelines`: what creating, updating and deleting a pipeline does; tags, transitions.
//! - `executions`: the execution engine, a pure state machine, and what callers do to
//!   executions (start, stop, retry, roll back, approve, override).
//! - `store`: the data both work on; [`world`]: what the other services know (repositories,
//!   connections, alarms, projects, stacks, deployment groups), with `builds`/`buildlog`
//!   (builds, their phases and logs), `cron` (deployment windows) and [`sso`] (sign-in).
//! - [`publish`]: the EventBridge publisher. [`config`] and [`scenario`]: how a sandbox runs.
//! - [`samples`]: the pipelines a new user meets first, and their world.

mod accounts;
mod buildlog;
mod builds;
mod cbor;
mod clock;
pub mod config;
mod cron;
pub mod error;
mod executions;
mod guard;
mod pipelines;
pub mod publish;
pub mod samples;
pub mod scenario;
mod server;
mod services;
pub mod sso;
mod store;
mod wire;
pub mod world;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use accounts::AccountRole;
pub use config::SandboxConfig;
pub use error::{ApiError, Error, Result};
pub use guard::ADMIN_TOKEN_HEADER;
pub use scenario::{ActionRule, Scenario};

use server::Shared;

/// The account id in every sandbox ARN.
pub const ACCOUNT_ID: &str = "000000000000";
/// The region in every sandbox ARN.
pub const SANDBOX_REGION: &str = "sandbox-local-1";

/// Entry point: [`Sandbox::start`].
pub struct Sandbox;

impl Sandbox {
    /// Bind 127.0.0.1 (the configured port, or a free one) and serve on the current tokio
    /// runtime until [`RunningSandbox::shutdown`] (or drop).
    pub async fn start(config: SandboxConfig) -> Result<RunningSandbox> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let url = format!("http://{addr}");
        let samples = config.samples;
        let mut tasks = Vec::new();
        let publisher = match &config.events {
            Some(target) => {
                target.check().map_err(Error::Events)?;
                let (publisher, task) = publish::start(target.clone());
                tasks.push(task);
                Some(publisher)
            }
            None => None,
        };
        // 122 random bits from the OS (uuid v4), new on every start.
        let admin_token = uuid::Uuid::new_v4().simple().to_string();
        let mut store = store::Store::new(config, url.clone());
        store.events.enabled = publisher.is_some();
        let clock = clock::Clock::new();
        if samples {
            samples::seed(&mut store, clock.now()).map_err(|e| Error::Samples(e.to_string()))?;
            // The configured scenario's switches win over the samples' world.
            let scenario = store.config.scenario.clone();
            scenario.apply(&mut store.world, clock.now());
            executions::events::prime(&mut store, clock.now());
        }
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            clock,
            notify: tokio::sync::Notify::new(),
            guard: guard::Guard::new(addr.port(), admin_token),
            publisher,
        });
        shared.with_store(|_, _| ());
        let (stop_tx, stop_rx) = watch::channel(false);
        tasks.push(tokio::spawn(server::engine_loop(shared.clone())));
        tasks.push(tokio::spawn(server::accept_loop(
            listener,
            shared.clone(),
            stop_rx,
        )));
        Ok(RunningSandbox {
            addr,
            url,
            shared,
            stop: stop_tx,
            tasks,
        })
    }
}

/// A sandbox serving on loopback. Dropping it stops it too.
pub struct RunningSandbox {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:<port>`: pass it as the SDK's endpoint URL.
    pub fn endpoint_url(&self) -> &str {
        &self.url
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token this run's admin endpoints (`POST /sandbox/...`) need in the
    /// [`ADMIN_TOKEN_HEADER`] header; new on every start. The methods below need none.
    pub fn admin_token(&self) -> &str {
        self.shared.guard.admin_token()
    }

    /// Move the sandbox clock forward (e.g. past an approval's timeout).
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by.as_millis() as u64);
        self.shared.with_store(|_, _| ());
    }

    /// Answer the next `n` API calls with ThrottlingException.
    pub fn throttle_next(&self, n: u64) {
        self.shared.with_store(|st, _| st.throttle_next = n);
    }

    /// Answer every `n`th API call with ThrottlingException (0 turns it off).
    pub fn throttle_every(&self, n: u64) {
        self.shared
            .with_store(|st, _| st.config.scenario.throttle_every = n);
    }

    /// Replace the scenario (durations and failures of actions started from now on);
    /// `failTimes` counts runs from here.
    pub fn set_scenario(&self, scenario: Scenario) {
        self.shared
            .with_store(|st, now| st.set_scenario(scenario, now));
    }

    /// Make a log group answer AccessDeniedException or ResourceNotFoundException (None: answer
    /// normally again).
    pub fn set_log_fault(&self, group: &str, fault: Option<world::LogFault>) {
        self.shared.with_store(|st, _| match fault {
            Some(f) => st.world.log_faults.insert(group.to_string(), f),
            None => st.world.log_faults.remove(group),
        });
    }

    /// Set a connection's status (AVAILABLE, PENDING, ERROR) by ARN; an unknown ARN is added.
    pub fn set_connection_status(&self, arn: &str, status: world::ConnectionStatus) {
        self.shared
            .with_store(|st, _| world::set_connection(&mut st.world, arn, status));
    }

    /// Set a CloudWatch alarm's state, which CloudWatchAlarm rules watch.
    pub fn set_alarm(&self, name: &str, state: world::AlarmState, reason: &str) {
        self.shared
            .with_store(|st, now| world::set_alarm(&mut st.world, name, state, reason, now));
    }

    /// Approve (or deny) the waiting SSO device authorization with this user code, as the user
    /// would in the browser; false if none waits with it.
    pub fn approve_device(&self, user_code: &str, approve: bool) -> bool {
        self.shared
            .with_store(|st, now| st.world.sso.decide(user_code, approve, now))
    }

    /// Expire every SSO session issued so far (access and refresh tokens).
    pub fn expire_sso_sessions(&self) {
        self.shared
            .with_store(|st, now| st.world.sso.expire_all(now));
    }

    /// Token lifetimes and the device polling interval of the SSO-OIDC endpoint.
    pub fn set_sso_times(&self, times: sso::SsoTimes) {
        self.shared.with_store(|st, _| st.world.sso.times = times);
    }

    /// What happened to the published state-change events so far (all zero when events are not
    /// published).
    pub fn event_counts(&self) -> publish::EventCounts {
        self.shared
            .publisher
            .as_ref()
            .map(|p| p.stats.counts())
            .unwrap_or_default()
    }

    /// Requests signed with this access key id come from `account` (see the crate README's
    /// Accounts).
    pub fn register_access_key(&self, access_key_id: &str, account: &str) {
        self.shared
            .with_store(|st, _| st.accounts.register_key(access_key_id, account));
    }

    /// Let callers from the `trusted` accounts assume role `name` in `account` (STS
    /// `AssumeRole`), replacing its trust if it exists.
    pub fn add_role(&self, account: &str, name: &str, trusted: &[&str]) {
        let role = AccountRole {
            account: account.to_string(),
            name: name.to_string(),
            trusted: trusted.iter().map(|a| a.to_string()).collect(),
        };
        self.shared.with_store(|st, _| st.accounts.add_role(role));
    }

    /// Remove a role: assuming it is `AccessDenied` from now on (credentials already issued
    /// keep working, as in AWS until they expire).
    pub fn remove_role(&self, account: &str, name: &str) {
        self.shared
            .with_store(|st, _| st.accounts.remove_role(account, name));
    }

    /// How many CodePipeline calls were answered for callers of `account`.
    pub fn account_calls(&self, account: &str) -> u64 {
        self.shared.with_store(|st, _| st.accounts.calls(account))
    }

    /// Delete every pipeline and execution (like moto's `/moto-api/reset`).
    pub fn reset(&self) {
        self.shared.with_store(store::Store::reset);
    }

    /// Stop serving and stop the engine.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for task in self.tasks.drain(..) {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn running_sandbox_can_live_in_shared_app_state() {
        // Tauri's managed state and tokio::spawn need Send + Sync + 'static.
        assert_send_sync::<RunningSandbox>();
        assert_send_sync::<SandboxConfig>();
    }

    #[tokio::test]
    async fn start_binds_loopback_and_shutdown_frees_the_port() {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let addr = sandbox.local_addr();
        assert!(addr.ip().is_loopback());
        assert_eq!(sandbox.endpoint_url(), format!("http://{addr}"));
        sandbox.shutdown().await;
        // The port can be bound again: the listener is gone.
        let again = Sandbox::start(SandboxConfig::default().port(addr.port())).await;
        assert!(again.is_ok(), "{:?}", again.err());
    }

    #[tokio::test]
    async fn a_taken_port_is_a_bind_error_that_says_what_to_do() {
        let first = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let port = first.local_addr().port();
        let err = Sandbox::start(SandboxConfig::default().port(port))
            .await
            .err()
            .unwrap();
        assert!(matches!(err, Error::Bind { .. }));
        assert!(err.to_string().contains("--port"), "{err}");
    }
}
