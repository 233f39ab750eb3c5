//! The connections file: atomic JSON, validation of names, regions and endpoints, the local
//! sandbox, the active connection. Kinds without secrets only (no keyring needed).

mod common;

use common::*;
use pipewright_connections::{
    Auth, AuthInput, ConnectionEdit, ConnectionStore, Connections, ErrorKind, Keyring,
    NewConnection, SANDBOX_NAME,
};

fn env_conn(name: &str) -> NewConnection {
    NewConnection {
        name: name.into(),
        region: Some("eu-west-1".into()),
        endpoint_url: None,
        auth: AuthInput::Environment,
    }
}

fn keyring() -> Keyring {
    Keyring::new("pipewright-test-store-unused")
}

#[test]
fn saves_atomically_and_reloads_the_same_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("connections.json");
    let mut store = ConnectionStore::open(&path, keyring()).unwrap();
    assert!(store.list().is_empty());
    assert!(!path.exists(), "opening writes nothing");
    let a = store.add(env_conn("dev")).unwrap();
    let b = store
        .add(NewConnection {
            name: "sso".into(),
            region: None,
            endpoint_url: Some("https://codepipeline.eu-west-1.amazonaws.com/".into()),
            auth: AuthInput::AwsProfile {
                profile: " corp-sso ".into(),
            },
        })
        .unwrap();
    assert_eq!(
        b.auth,
        Auth::AwsProfile {
            profile: "corp-sso".into()
        }
    );
    assert_eq!(
        b.endpoint_url.as_deref(),
        Some("https://codepipeline.eu-west-1.amazonaws.com")
    );
    store.set_active(Some(&b.id)).unwrap();
    let mut names: Vec<String> = all_files(dir.path())
        .into_iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["connections.json", "connections.json.lock"],
        "no temporary file is left behind (the lock file stays: it holds no data)"
    );
    let again = ConnectionStore::open(&path, keyring()).unwrap();
    assert_eq!(again.list(), [a, b.clone()]);
    assert_eq!(again.active_id(), Some(b.id.as_str()));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["connections"][1]["auth"]["kind"], "awsProfile");
}

#[test]
fn rejects_bad_names_regions_and_endpoints() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ConnectionStore::open(dir.path().join("c.json"), keyring()).unwrap();
    store.add(env_conn("prod")).unwrap();
    let dup = store.add(env_conn("PROD")).unwrap_err();
    assert_eq!(dup.kind(), ErrorKind::DuplicateName);
    assert!(dup.to_string().contains("pick another name"), "{dup}");
    assert_eq!(
        store.add(env_conn("  ")).unwrap_err().kind(),
        ErrorKind::Input
    );
    let mut bad_region = env_conn("r");
    bad_region.region = Some("europe".into());
    assert!(store
        .add(bad_region)
        .unwrap_err()
        .to_string()
        .contains("eu-west-1"));
    let mut bad_url = env_conn("u");
    bad_url.endpoint_url = Some("localhost:4566".into());
    assert_eq!(
        store.add(bad_url).unwrap_err().kind(),
        ErrorKind::InvalidEndpoint
    );
    // The sandbox must be on this machine.
    let remote = store
        .add(NewConnection {
            name: "sb".into(),
            region: None,
            endpoint_url: Some("http://10.1.2.3:4566".into()),
            auth: AuthInput::LocalSandbox,
        })
        .unwrap_err();
    assert_eq!(remote.kind(), ErrorKind::InvalidEndpoint);
    assert!(remote.to_string().contains("loopback"), "{remote}");
    assert_eq!(store.list().len(), 1, "nothing half-added");
}

#[test]
fn the_local_sandbox_is_built_in_and_clearly_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ConnectionStore::open(dir.path().join("c.json"), keyring()).unwrap();
    let sb = store.upsert_local_sandbox("http://127.0.0.1:4566").unwrap();
    assert_eq!(sb.name, SANDBOX_NAME);
    assert!(sb.is_sandbox());
    assert_eq!(sb.region.as_deref(), Some("us-east-1"));
    assert!(sb.describe().contains("not AWS"), "{}", sb.describe());
    let moved = store.upsert_local_sandbox("http://localhost:5555").unwrap();
    assert_eq!(moved.id, sb.id, "one sandbox connection, re-pointed");
    assert_eq!(store.list().len(), 1);
    assert_eq!(moved.endpoint_url.as_deref(), Some("http://localhost:5555"));
}

#[test]
fn a_corrupt_or_newer_file_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, "{ not json").unwrap();
    let e = ConnectionStore::open(&path, keyring()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CorruptFile);
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    std::fs::write(&path, r#"{"version": 9, "connections": []}"#).unwrap();
    let e = ConnectionStore::open(&path, keyring()).unwrap_err();
    assert!(e.to_string().contains("newer Pipewright"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        r#"{"version": 9, "connections": []}"#
    );
}

#[tokio::test]
async fn editing_the_active_connection_changes_the_title_bar() {
    hermetic_aws_env();
    let dir = tempfile::tempdir().unwrap();
    let mut c = Connections::open(dir.path().join("c.json"), keyring()).unwrap();
    let sb = c.upsert_local_sandbox("http://127.0.0.1:4566").unwrap();
    assert_eq!(c.active(), None);
    let active = c.activate(&sb.id, &Default::default()).await.unwrap();
    assert_eq!(
        active.title,
        "Local sandbox · us-east-1 · local sandbox, not AWS"
    );
    assert_eq!(c.switch_region("eu-north-1").unwrap().region, "eu-north-1");
    c.edit(
        &sb.id,
        ConnectionEdit {
            name: "Sandbox".into(),
            region: Some("ap-south-1".into()),
            endpoint_url: Some("http://127.0.0.1:4566".into()),
            mfa_serial: None,
        },
    )
    .unwrap();
    let shown = c.active().unwrap();
    assert_eq!(
        (shown.name.as_str(), shown.region.as_str()),
        ("Sandbox", "ap-south-1")
    );
    assert_eq!(c.current().await.unwrap().active, shown);
    // Removing it leaves none active, here and after a restart.
    c.remove("Sandbox").unwrap();
    assert_eq!(c.active(), None);
    let mut restarted = Connections::open(dir.path().join("c.json"), keyring()).unwrap();
    assert_eq!(restarted.restore_active().await.unwrap(), None);
}

#[test]
fn two_processes_adding_connections_keep_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    let mut app = ConnectionStore::open(&path, keyring()).unwrap();
    let mut cli = ConnectionStore::open(&path, keyring()).unwrap();
    app.add(env_conn("from-app")).unwrap();
    cli.add(env_conn("from-cli")).unwrap();
    // The name check sees the other process's connection too.
    assert_eq!(
        app.add(env_conn("from-cli")).unwrap_err().kind(),
        ErrorKind::DuplicateName
    );
    app.reload().unwrap();
    let names: Vec<&str> = app.list().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["from-app", "from-cli"]);
    cli.remove("from-app").unwrap();
    app.reload().unwrap();
    assert_eq!(app.list().len(), 1);
}

#[tokio::test]
async fn the_app_sees_what_the_cli_changed_after_reload() {
    hermetic_aws_env();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    let mut app = Connections::open(&path, keyring()).unwrap();
    let sb = app.upsert_local_sandbox("http://127.0.0.1:4566").unwrap();
    app.activate(&sb.id, &Default::default()).await.unwrap();
    let mut cli = ConnectionStore::open(&path, keyring()).unwrap();
    cli.upsert_local_sandbox("http://127.0.0.1:5000").unwrap();
    app.reload().unwrap();
    let current = app.current().await.unwrap();
    assert_eq!(
        current.active.endpoint_url.as_deref(),
        Some("http://127.0.0.1:5000")
    );
    cli.remove(&sb.id).unwrap();
    app.reload().unwrap();
    assert_eq!(app.active(), None);
    assert!(app.list().is_empty());
}

#[test]
fn changes_from_several_processes_at_once_are_all_kept() {
    // Each store is another Pipewright (the app, the CLI) on the same file: each change reads
    // the file, changes it and writes it back under the file's lock, so none is written over.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("connections.json");
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = ConnectionStore::open(&path, keyring()).unwrap();
                for i in 0..5 {
                    store.add(env_conn(&format!("w{w}-c{i}"))).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = ConnectionStore::open(&path, keyring()).unwrap();
    assert_eq!(store.list().len(), 30, "{:?}", store.list());
}
