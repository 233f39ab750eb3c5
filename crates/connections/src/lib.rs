//! Pipewright's AWS connections.
//!
//! A connection is a saved profile ([`Connection`]) with a name, a region, an optional custom
//! endpoint (moto, the local sandbox) and one kind of credentials ([`Auth`]):
//! - an access key pair whose secret parts live in the OS keyring ([`Keyring`]), never on disk;
//! - a named profile of `~/.aws/config` / `~/.aws/credentials` (SSO, assume-role, ...), resolved
//!   by the AWS SDK's standard chain;
//! - the environment (AWS_* variables, then the default chain);
//! - the built-in local sandbox (loopback endpoint, dummy credentials, labelled "not AWS").
//!
//! [`Connections`] is what the app keeps in its state: it saves profiles (atomically, as JSON in
//! the config folder it is given), resolves each to an `aws_config::SdkConfig` once and reuses
//! it (switching is instant), and knows the active connection and region ([`ActiveConnection`])
//! for the title bar. [`test_connection`] makes one real `ListPipelines` call and says in plain
//! words what is wrong ([`Error`]). The CLI turns `--profile` / `--endpoint-url` / `--region`
//! into an SDK config with [`resolve_cli`].
//!
//! Secrets enter as [`Secret`] (no `Serialize`, redacted `Debug`/`Display`, zeroized on drop)
//! and no function returns one.

mod aws_profiles;
mod error;
mod explain;
mod keyring_store;
mod manager;
mod model;
mod probe;
mod resolve;
mod resolved;
mod secret;
pub mod sso;
mod store;

pub use aws_profiles::{aws_profile, aws_profile_exists, list_aws_profiles};
pub use error::{Error, ErrorKind, ErrorPayload, Result};
pub use explain::{explain, from_service_code, CALL_TIMEOUT, CONNECT_TIMEOUT, KNOWN_REGIONS};
pub use keyring_store::{Keyring, DEFAULT_SERVICE};
pub use manager::Connections;
pub use model::{
    mask_key_id, ActiveConnection, Auth, AuthInput, AuthKind, AwsProfileInfo, AwsProfileKind,
    Connection, ConnectionEdit, NewConnection, SecretInput, SignInMethod, TestReport,
    SANDBOX_ACCESS_KEY_ID, SANDBOX_NAME, SANDBOX_REGION,
};
pub use probe::{test_connection, test_connection_within};
pub use resolve::{
    kind_label, resolve, resolve_cli, resolve_cli_with, CliConnection, ConnectOptions,
    KEYRING_PROVIDER,
};
pub use resolved::Resolved;
pub use secret::{Secret, REDACTED};
pub use store::{check_endpoint, check_region, default_path, is_loopback, ConnectionStore};

/// Re-exported so callers build clients without naming aws-config themselves.
pub use aws_config::SdkConfig;

#[cfg(all(test, feature = "ts"))]
mod ts_bindings {
    use super::*;
    use ts_rs::TS;

    /// The settings screen's types derive TypeScript declarations with the wire names.
    #[test]
    fn declarations_use_the_serde_names() {
        let connection = Connection::decl();
        assert!(connection.contains("endpointUrl"), "{connection}");
        let auth = Auth::decl();
        assert!(
            auth.contains("\"kind\": \"accessKey\"") && auth.contains("accessKeyId"),
            "{auth}"
        );
        let input = AuthInput::decl();
        assert!(input.contains("secretAccessKey: string"), "{input}");
        assert_eq!(ErrorPayload::ident(), "ConnectionError");
        assert_eq!(ErrorKind::ident(), "ConnectionErrorKind");
        for decl in [
            NewConnection::decl(),
            SecretInput::decl(),
            ConnectionEdit::decl(),
            ConnectOptions::decl(),
            ActiveConnection::decl(),
            AwsProfileInfo::decl(),
            AwsProfileKind::decl(),
            AuthKind::decl(),
            TestReport::decl(),
        ] {
            assert!(!decl.is_empty());
        }
    }
}
