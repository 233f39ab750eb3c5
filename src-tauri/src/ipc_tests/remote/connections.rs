//! Every connections command through IPC with the real Secret Service (inside
//! `scripts/with-session.sh`) and moto for "Test connection": secrets go in once, land in the
//! keyring, and never come back out: not in any response, not in the app's config folder.

use serde_json::{json, Value};

use super::moto::{free_port, Moto};
use super::{all_text_under, Harness};
use pipewright_appcore::events::{ActiveConnectionEvent, Event};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/pipewrightSECRET1";
const ROTATED: &str = "je7MtGbClwBF/2Zp9Utk/pipewrightSECRET2";
const PROFILE_SECRET: &str = "profileSecretValue/pipewrightSECRET3";

fn require_session() {
    assert!(
        std::env::var_os("PIPEWRIGHT_IN_SESSION").is_some(),
        "this test needs a real Secret Service: run via make test (or scripts/with-session.sh cargo test -p pipewright-app)"
    );
}

fn keyring_secret(service: &str, id: &str) -> Result<String, keyring::Error> {
    keyring::Entry::new(service, &format!("{id}/secret-access-key"))?.get_password()
}

#[test]
fn connections_commands_keep_secrets_in_the_keyring_only() {
    require_session();
    let moto = Moto::start();
    let config = tempfile::tempdir().expect("tempdir");
    let aws_dir = tempfile::tempdir().expect("tempdir");
    let service = format!(
        "pipewright-ipc-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    );
    // An AWS config folder with one named profile holding a static secret.
    let aws_config = aws_dir.path().join("config");
    let aws_credentials = aws_dir.path().join("credentials");
    std::fs::write(&aws_config, "[profile dev]\nregion = eu-west-1\n").expect("write config");
    std::fs::write(
        &aws_credentials,
        format!("[dev]\naws_access_key_id = AKIADEVEXAMPLE0001\naws_secret_access_key = {PROFILE_SECRET}\n"),
    )
    .expect("write credentials");
    std::env::set_var("AWS_CONFIG_FILE", &aws_config);
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &aws_credentials);

    let mut h = Harness::new(config.path(), &service);

    let view = h.ok("list_connections", json!({}));
    assert_eq!(view["connections"], json!([]));
    assert_eq!(view["active"], Value::Null);
    assert_eq!(
        view["keyringProblem"],
        Value::Null,
        "the session's Secret Service works"
    );
    assert!(view["regions"]
        .as_array()
        .expect("regions")
        .contains(&json!("eu-west-1")));
    assert_eq!(h.ok("active_connection", json!({})), Value::Null);

    let profiles = h.ok("aws_profiles", json!({}));
    let dev = profiles
        .as_array()
        .expect("profiles")
        .iter()
        .find(|p| p["name"] == "dev")
        .unwrap_or_else(|| panic!("profile dev listed: {profiles}"));
    assert_eq!(dev["kind"], "staticKeys");
    assert_eq!(dev["region"], "eu-west-1");

    // Access keys: the secret goes to the keyring.
    let added = h.ok(
        "add_connection",
        json!({ "connection": {
            "name": "moto keys",
            "region": "us-east-1",
            "endpointUrl": moto.url,
            "auth": { "kind": "accessKey", "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                      "secretAccessKey": SECRET, "sessionToken": null }
        }}),
    );
    let id = added["id"].as_str().expect("id").to_string();
    assert_eq!(added["auth"]["kind"], "accessKey");
    assert_eq!(
        keyring_secret(&service, &id).expect("secret in the keyring"),
        SECRET
    );
    let env = h.ok(
        "add_connection",
        json!({ "connection": { "name": "env", "region": "eu-west-1", "endpointUrl": null,
                                "auth": { "kind": "environment" } } }),
    );
    let profile = h.ok(
        "add_connection",
        json!({ "connection": { "name": "dev profile", "region": null, "endpointUrl": moto.url,
                                "auth": { "kind": "awsProfile", "profile": "dev" } } }),
    );
    let duplicate = h.err(
        "add_connection",
        json!({ "connection": { "name": "env", "auth": { "kind": "environment" } } }),
    );
    assert_eq!(duplicate["kind"], "duplicate-name");
    let view = h.ok("list_connections", json!({}));
    assert_eq!(view["connections"].as_array().map(Vec::len), Some(3));

    // Test connection: real calls to moto, and a plain-words failure for a dead endpoint.
    let report = h.ok("test_connection", json!({ "id": id, "options": {} }));
    assert!(
        report["message"]
            .as_str()
            .expect("message")
            .contains("moto keys"),
        "{report}"
    );
    let report = h.ok(
        "test_connection",
        json!({ "id": profile["id"], "options": {} }),
    );
    assert_eq!(report["connection"]["region"], "eu-west-1", "{report}");
    let dead = format!("http://127.0.0.1:{}", free_port());
    h.ok(
        "edit_connection",
        json!({ "id": id, "edit": { "name": "moto keys", "region": "us-east-1", "endpointUrl": dead, "mfaSerial": null } }),
    );
    let failure = h.err("test_connection", json!({ "id": id, "options": {} }));
    assert_eq!(failure["kind"], "unreachable", "{failure}");
    assert!(
        failure["message"]
            .as_str()
            .expect("message")
            .contains("Could not reach"),
        "{failure}"
    );
    h.ok(
        "edit_connection",
        json!({ "id": id, "edit": { "name": "moto keys", "region": "us-east-1", "endpointUrl": moto.url, "mfaSerial": null } }),
    );

    // Activate and switch region: the title bar hears about both.
    let active = h.ok("activate_connection", json!({ "id": id, "options": {} }));
    assert_eq!(
        active["title"],
        format!("moto keys · us-east-1 · {}", moto.url)
    );
    let switched = h.ok("switch_region", json!({ "region": "eu-west-1" }));
    assert_eq!(switched["region"], "eu-west-1");
    assert_eq!(h.ok("active_connection", json!({})), switched);
    let bad_region = h.err("switch_region", json!({ "region": "not a region!" }));
    assert!(bad_region["message"].is_string());
    let announced = h.events_named(ActiveConnectionEvent::NAME);
    assert_eq!(
        announced.last().map(|e| e["active"]["region"].clone()),
        Some(json!("eu-west-1")),
        "{announced:?}"
    );

    // Rotate: the new secret replaces the old one and works.
    let rotated = h.ok(
        "rotate_connection_secret",
        json!({ "id": id, "secret": { "accessKeyId": "AKIAROTATEDEXAMPLE01", "secretAccessKey": ROTATED, "sessionToken": null } }),
    );
    assert_eq!(rotated["auth"]["accessKeyId"], "AKIAROTATEDEXAMPLE01");
    assert_eq!(keyring_secret(&service, &id).expect("rotated"), ROTATED);
    h.ok("test_connection", json!({ "id": id, "options": {} }));

    // Remove: the keyring entry goes too, and nothing is active any more.
    h.ok("remove_connection", json!({ "id": id }));
    assert!(matches!(
        keyring_secret(&service, &id),
        Err(keyring::Error::NoEntry)
    ));
    assert_eq!(h.ok("active_connection", json!({})), Value::Null);
    assert_eq!(
        h.events_named(ActiveConnectionEvent::NAME)
            .last()
            .map(|e| e["active"].clone()),
        Some(Value::Null)
    );
    h.ok("remove_connection", json!({ "id": env["id"] }));
    h.ok("remove_connection", json!({ "id": profile["id"] }));
    let gone = h.err("remove_connection", json!({ "id": env["id"] }));
    assert_eq!(gone["kind"], "not-found");

    // No secret in any response, nor in the app's config folder.
    for secret in [SECRET, ROTATED, PROFILE_SECRET] {
        for response in &h.transcript {
            assert!(
                !response.contains(secret),
                "a response holds a secret: {response}"
            );
        }
        for (path, text) in all_text_under(config.path()) {
            assert!(!text.contains(secret), "{path} holds a secret");
        }
    }
    for cmd in [
        "list_connections",
        "aws_profiles",
        "add_connection",
        "edit_connection",
        "rotate_connection_secret",
        "remove_connection",
        "test_connection",
        "activate_connection",
        "switch_region",
        "active_connection",
    ] {
        assert!(h.called.contains(cmd), "{cmd} not called");
    }
}

/// Without a Secret Service the settings screen is told so (and access keys are refused with
/// that sentence) while the other kinds still work. Runs the check below in a child process
/// whose D-Bus session address points nowhere, so no other test loses its keyring.
#[test]
fn without_a_secret_service_access_keys_are_refused_in_plain_words() {
    let exe = std::env::current_exe().expect("the test binary");
    let output = std::process::Command::new(exe)
        .args([
            "--exact",
            "ipc_tests::remote::connections::no_secret_service_child",
            "--ignored",
            "--nocapture",
        ])
        .env("PIPEWRIGHT_NO_SECRET_SERVICE_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/pipewright-no-bus",
        )
        .output()
        .expect("run the child test");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(text.contains("1 passed"), "the child test ran: {text}");
}

#[test]
#[ignore = "run by without_a_secret_service_access_keys_are_refused_in_plain_words"]
fn no_secret_service_child() {
    assert!(
        std::env::var_os("PIPEWRIGHT_NO_SECRET_SERVICE_CHILD").is_some(),
        "run through without_a_secret_service_access_keys_are_refused_in_plain_words"
    );
    let config = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::new(config.path(), "pipewright-no-keyring-test");
    let view = h.ok("list_connections", json!({}));
    let problem = view["keyringProblem"].as_str().expect("a keyring problem");
    assert!(problem.contains("No OS keyring"), "{problem}");
    let refused = h.err(
        "add_connection",
        json!({ "connection": { "name": "keys", "region": "us-east-1", "endpointUrl": null,
            "auth": { "kind": "accessKey", "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                      "secretAccessKey": SECRET, "sessionToken": null } } }),
    );
    assert_eq!(refused["kind"], "keyring-unavailable", "{refused}");
    assert!(!refused.to_string().contains(SECRET));
    let env = h.ok(
        "add_connection",
        json!({ "connection": { "name": "env", "region": "eu-west-1", "endpointUrl": null,
                                "auth": { "kind": "environment" } } }),
    );
    assert_eq!(env["auth"]["kind"], "environment");
    for (path, text) in all_text_under(config.path()) {
        assert!(!text.contains(SECRET), "{path} holds a secret");
    }
}
