//! With no Secret Service (the session bus address points nowhere), access-key connections say
//! so plainly and the other kinds (environment, AWS profile, local sandbox) keep working.

mod common;

use std::sync::Once;

use common::*;
use pipewright_connections::{
    AuthInput, ConnectOptions, Connections, ErrorKind, Keyring, NewConnection, Secret, SecretInput,
};

fn no_secret_service() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        hermetic_aws_env();
        let dir = std::env::temp_dir().join(format!("pipewright-no-bus-{}", std::process::id()));
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/no-such-bus", dir.display()),
        );
    });
}

const MESSAGE: &str = "No OS keyring (Secret Service) is available: use an AWS profile or environment credentials instead.";

#[test]
fn the_keyring_check_says_what_to_use_instead() {
    no_secret_service();
    let e = Keyring::new("pipewright-test-unavailable")
        .check_available()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyringUnavailable, "{e}");
    assert!(e.to_string().starts_with(MESSAGE), "{e}");
}

#[tokio::test]
async fn access_keys_are_refused_and_other_kinds_still_work() {
    no_secret_service();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("connections.json");
    let mut c = Connections::open(&path, Keyring::new("pipewright-test-unavailable")).unwrap();
    let status = c.keyring_available().unwrap_err();
    assert!(status.to_string().starts_with(MESSAGE), "{status}");
    let e = c
        .add(NewConnection {
            name: "keys".into(),
            region: Some("eu-west-1".into()),
            endpoint_url: None,
            auth: AuthInput::AccessKey {
                access_key_id: "AKIANOKEYRING000001".into(),
                secret_access_key: Secret::new("never-stored"),
                session_token: None,
                mfa_serial: None,
            },
        })
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyringUnavailable, "{e}");
    assert!(e.to_string().starts_with(MESSAGE), "{e}");
    assert!(c.list().is_empty(), "nothing half-saved");
    assert!(!path.exists(), "no file written for a refused connection");

    let stub = stub_server(200, r#"{"pipelines":[]}"#);
    for (name, auth) in [
        ("env", AuthInput::Environment),
        (
            "profile",
            AuthInput::AwsProfile {
                profile: "dev".into(),
            },
        ),
        ("sandbox", AuthInput::LocalSandbox),
    ] {
        c.add(NewConnection {
            name: name.into(),
            region: Some("eu-west-1".into()),
            endpoint_url: Some(stub.url.clone()),
            auth,
        })
        .unwrap();
    }
    assert_eq!(c.list().len(), 3);
    let report = c.test("sandbox", &ConnectOptions::default()).await.unwrap();
    assert!(
        report.message.contains("Connected to sandbox"),
        "{}",
        report.message
    );
    let e = c
        .rotate_secret(
            "env",
            SecretInput {
                access_key_id: None,
                secret_access_key: Secret::new("x"),
                session_token: None,
            },
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input, "{e}");
    c.remove("profile").unwrap();
    assert_eq!(c.list().len(), 2);
}
