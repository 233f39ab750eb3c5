//! How a sandbox runs ([`SandboxConfig`]): its port, whether it seeds the sample pipelines,
//! whether it validates structures, and the [`Scenario`] its actions follow.

use std::time::Duration;

use crate::scenario::{ActionRule, Scenario};

/// How the sandbox runs. Build it with [`SandboxConfig::default`] or
/// [`SandboxConfig::with_samples`] and the builder methods.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Seed the sample pipelines (the `samples` module) and start their executions.
    pub samples: bool,
    /// Action durations and failures.
    pub scenario: Scenario,
    /// The region written into ARNs. The sandbox answers whatever region a client signs for.
    pub region: String,
    /// Check pipeline structures with `pipewright_core::validate` on create/update and answer
    /// `InvalidStructureException` for error diagnostics.
    pub validate_structure: bool,
    /// Start an execution when a pipeline is created, as AWS does (off by default so tests
    /// start executions themselves).
    pub start_on_create: bool,
    /// Publish CodePipeline's state-change events to this EventBridge endpoint.
    pub events: Option<EventsTarget>,
    /// Access key ids of other accounts than the sandbox's own: (key, account).
    pub access_keys: Vec<(String, String)>,
    /// Roles callers may assume through the sandbox's STS.
    pub roles: Vec<crate::AccountRole>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            port: 0,
            samples: false,
            scenario: Scenario::default(),
            region: crate::SANDBOX_REGION.to_string(),
            validate_structure: true,
            start_on_create: false,
            events: None,
            access_keys: Vec::new(),
            roles: Vec::new(),
        }
    }
}

impl SandboxConfig {
    /// The default configuration plus the sample pipelines, for a live demo.
    pub fn with_samples() -> Self {
        SandboxConfig {
            samples: true,
            ..Self::default()
        }
    }

    /// Listen on this port (0 = a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Use this scenario.
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.scenario = scenario;
        self
    }

    /// Every action takes this long unless a scenario rule says otherwise.
    pub fn action_duration(mut self, duration: Duration) -> Self {
        self.scenario.default_duration_ms = duration.as_millis() as u64;
        self
    }

    /// Answer every `n`th API call with `ThrottlingException` (0 turns it off).
    pub fn throttle_every(mut self, n: u64) -> Self {
        self.scenario.throttle_every = n;
        self
    }

    /// Add a scenario rule.
    pub fn rule(mut self, rule: ActionRule) -> Self {
        self.scenario.actions.push(rule);
        self
    }

    /// Turn structure validation with `pipewright_core::validate` on or off.
    pub fn validate_structure(mut self, on: bool) -> Self {
        self.validate_structure = on;
        self
    }

    /// Publish CodePipeline's state-change events (PutEvents) to an EventBridge endpoint.
    pub fn publish_events(mut self, target: EventsTarget) -> Self {
        self.events = Some(target);
        self
    }

    /// Requests signed with this access key id come from `account` (another account than the
    /// sandbox's own `000000000000`).
    pub fn access_key(mut self, access_key_id: &str, account: &str) -> Self {
        self.access_keys
            .push((access_key_id.to_string(), account.to_string()));
        self
    }

    /// A role `name` in `account` that callers from the `trusted` accounts may assume (STS
    /// `AssumeRole` gives credentials of `account`).
    pub fn account_role(mut self, account: &str, name: &str, trusted: &[&str]) -> Self {
        self.roles.push(crate::AccountRole {
            account: account.to_string(),
            name: name.to_string(),
            trusted: trusted.iter().map(|a| a.to_string()).collect(),
        });
        self
    }

    /// Start an execution on CreatePipeline, as AWS does.
    pub fn start_on_create(mut self, on: bool) -> Self {
        self.start_on_create = on;
        self
    }
}

/// Where the events go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsTarget {
    /// `http://127.0.0.1:PORT` of the EventBridge endpoint.
    pub endpoint_url: String,
    /// The region in the credential scope (the receiver's event bus lives there).
    pub region: String,
    /// The event bus (`default` unless set).
    pub event_bus: String,
    /// The access key id in the credential scope (moto maps it to an account).
    pub access_key_id: String,
}

impl EventsTarget {
    /// Events for the default bus of `region` at `endpoint_url`, as access key `testing`.
    pub fn new(endpoint_url: &str, region: &str) -> Self {
        EventsTarget {
            endpoint_url: endpoint_url.trim_end_matches('/').to_string(),
            region: region.to_string(),
            event_bus: "default".to_string(),
            access_key_id: "testing".to_string(),
        }
    }

    /// Whether the endpoint can be used (plain http).
    pub fn check(&self) -> Result<(), String> {
        self.authority().map(|_| ())
    }

    /// (host:port, path) of a plain-http endpoint URL.
    pub(crate) fn authority(&self) -> Result<(String, String), String> {
        let rest = self.endpoint_url.strip_prefix("http://").ok_or_else(|| {
            format!(
                "the events endpoint {} is not an http:// URL; the sandbox publishes over plain http to a local receiver such as moto",
                self.endpoint_url
            )
        })?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let host = if host.contains(':') {
            host.to_string()
        } else {
            format!("{host}:80")
        };
        Ok((host, path.to_string()))
    }
}
