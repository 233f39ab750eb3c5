//! Access keys in the REAL OS keyring (Secret Service of `scripts/with-session.sh`): store, read,
//! rotate, delete; a call to moto through keyring keys (and an MFA session); and a realistic
//! session proving the secrets appear in no file of the config folder, no log line (tracing at
//! TRACE, the AWS SDK's included) and no serialized response.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use aws_credential_types::provider::ProvideCredentials;
use common::*;
use pipewright_connections::{
    list_aws_profiles, test_connection, Auth, AuthInput, AuthKind, ConnectOptions, Connection,
    ConnectionEdit, ConnectionStore, Connections, ErrorKind, ErrorPayload, Keyring, NewConnection,
    Secret, SecretInput,
};

fn access_key(
    name: &str,
    key_id: &str,
    secret: &str,
    token: Option<&str>,
    endpoint: &str,
) -> NewConnection {
    NewConnection {
        name: name.into(),
        region: Some("eu-west-1".into()),
        endpoint_url: Some(endpoint.into()),
        auth: AuthInput::AccessKey {
            access_key_id: key_id.into(),
            secret_access_key: Secret::new(secret),
            session_token: token.map(Secret::new),
            mfa_serial: None,
        },
    }
}

fn raw_entry(k: &Keyring, id: &str, part: &str) -> keyring::Result<String> {
    keyring::Entry::new(k.service(), &format!("{id}/{part}"))?.get_password()
}

#[test]
fn keyring_is_real_secret_service() {
    require_session();
    let k = test_keyring();
    k.check_available()
        .expect("the session's Secret Service answers");
    // Not the mock store: a second Entry object sees what the first one wrote.
    let user = format!("probe-{}", uuid_like());
    keyring::Entry::new(k.service(), &user)
        .unwrap()
        .set_password("v1")
        .unwrap();
    assert_eq!(
        keyring::Entry::new(k.service(), &user)
            .unwrap()
            .get_password()
            .unwrap(),
        "v1"
    );
    keyring::Entry::new(k.service(), &user)
        .unwrap()
        .delete_credential()
        .unwrap();
}

#[tokio::test]
async fn store_read_rotate_and_delete_a_secret() {
    require_session();
    hermetic_aws_env();
    let k = test_keyring();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("connections.json");
    let mut store = ConnectionStore::open(&path, k.clone()).unwrap();
    let c = store
        .add(access_key(
            "prod",
            "AKIAKEYRINGTEST0001",
            "first-secret-abc123",
            Some("token-one-xyz"),
            "http://127.0.0.1:9",
        ))
        .unwrap();
    assert!(
        matches!(&c.auth, Auth::AccessKey { access_key_id, has_session_token: true, mfa_serial: None } if access_key_id == "AKIAKEYRINGTEST0001")
    );
    assert_eq!(
        raw_entry(&k, &c.id, "secret-access-key").unwrap(),
        "first-secret-abc123"
    );
    assert_eq!(
        raw_entry(&k, &c.id, "session-token").unwrap(),
        "token-one-xyz"
    );

    // Read back through the crate: the SDK credentials carry the keyring's secret.
    let resolved = pipewright_connections::resolve(&store, &c, &ConnectOptions::default())
        .await
        .unwrap();
    let creds = resolved
        .sdk_config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "AKIAKEYRINGTEST0001");
    assert_eq!(creds.secret_access_key(), "first-secret-abc123");
    assert_eq!(creds.session_token(), Some("token-one-xyz"));

    // Rotate: new key pair, no session token.
    let rotated = store
        .rotate_secret(
            "prod",
            SecretInput {
                access_key_id: Some("AKIAKEYRINGTEST0002".into()),
                secret_access_key: Secret::new("second-secret-def456"),
                session_token: None,
            },
        )
        .unwrap();
    assert!(
        matches!(&rotated.auth, Auth::AccessKey { access_key_id, has_session_token: false, .. } if access_key_id == "AKIAKEYRINGTEST0002")
    );
    assert_eq!(
        raw_entry(&k, &c.id, "secret-access-key").unwrap(),
        "second-secret-def456"
    );
    assert!(matches!(
        raw_entry(&k, &c.id, "session-token"),
        Err(keyring::Error::NoEntry)
    ));

    // The file (re-read) knows the new key id, and never the secret.
    let reopened = ConnectionStore::open(&path, k.clone()).unwrap();
    assert_eq!(reopened.list(), std::slice::from_ref(&rotated));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("AKIAKEYRINGTEST0002"));
    assert!(
        !text.contains("second-secret") && !text.contains("first-secret"),
        "{text}"
    );

    // Delete: the keyring entries go with the connection.
    store.remove("prod").unwrap();
    assert!(matches!(
        raw_entry(&k, &c.id, "secret-access-key"),
        Err(keyring::Error::NoEntry)
    ));
    assert!(matches!(
        raw_entry(&k, &c.id, "session-token"),
        Err(keyring::Error::NoEntry)
    ));
    assert!(ConnectionStore::open(&path, k).unwrap().list().is_empty());
}

#[tokio::test]
async fn keyring_keys_sign_the_call_and_reach_moto() {
    require_session();
    hermetic_aws_env();
    let k = test_keyring();
    let dir = tempfile::tempdir().unwrap();
    let mut c = Connections::open(dir.path().join("connections.json"), k.clone()).unwrap();
    c.keyring_available()
        .expect("the session's keyring is there");

    // What goes over the wire: SigV4 with the stored key id and the stored session token.
    let stub = stub_server(200, r#"{"pipelines":[{"name":"web-app","version":1}]}"#);
    c.add(access_key(
        "stub",
        "AKIAKEYRINGSIGN0001",
        "sign-secret-000",
        Some("sign-token-000"),
        &stub.url,
    ))
    .unwrap();
    let report = c.test("stub", &ConnectOptions::default()).await.unwrap();
    assert_eq!(report.first_pipeline.as_deref(), Some("web-app"));
    let head = stub.requests()[0].head.to_ascii_lowercase();
    assert!(head.contains("credential=akiakeyringsign0001/"), "{head}");
    assert!(
        head.contains("x-amz-security-token: sign-token-000"),
        "{head}"
    );

    // And a real CodePipeline implementation (moto) accepts the call.
    let moto = moto_server();
    c.add(access_key(
        "moto",
        "AKIAKEYRINGMOTO0001",
        "moto-secret-000",
        None,
        &moto.url,
    ))
    .unwrap();
    let active = c
        .activate("moto", &ConnectOptions::default())
        .await
        .unwrap();
    assert_eq!(active.kind, AuthKind::AccessKey);
    assert_eq!(active.title, format!("moto · eu-west-1 · {}", moto.url));
    let report = test_connection(&c.current().await.unwrap()).await.unwrap();
    assert!(
        report.message.starts_with("Connected to moto (eu-west-1)"),
        "{}",
        report.message
    );

    // Switching back and forth reuses the resolved config: the keyring is not read again.
    let before = c.sdk_config().await.unwrap();
    c.activate("stub", &ConnectOptions::default())
        .await
        .unwrap();
    // Even with the secret gone from the keyring, the cached connection still switches.
    let moto_id = c
        .list()
        .iter()
        .find(|x| x.name == "moto")
        .unwrap()
        .id
        .clone();
    keyring::Entry::new(k.service(), &format!("{moto_id}/secret-access-key"))
        .unwrap()
        .delete_credential()
        .unwrap();
    let again = c
        .activate("moto", &ConnectOptions::default())
        .await
        .unwrap();
    assert_eq!(again, active);
    let after = c.sdk_config().await.unwrap();
    let (a, b) = (
        before
            .credentials_provider()
            .unwrap()
            .provide_credentials()
            .await
            .unwrap(),
        after
            .credentials_provider()
            .unwrap()
            .provide_credentials()
            .await
            .unwrap(),
    );
    assert_eq!(a.secret_access_key(), b.secret_access_key());
    // Switching region is instant too, with the same credentials.
    let moved = c.switch_region("us-west-2").unwrap();
    assert_eq!(moved.region, "us-west-2");
    assert_eq!(c.active().unwrap().region, "us-west-2");
    test_connection(&c.current().await.unwrap()).await.unwrap();

    // A fresh app start (new Connections) must read the keyring and says what is missing.
    let mut fresh = Connections::open(c.store().path(), k.clone()).unwrap();
    let e = fresh.restore_active().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SecretMissing, "{e}");
    assert!(
        e.to_string().contains("pipewright connections rotate moto"),
        "{e}"
    );
    for x in c.list() {
        c.remove(&x.id).unwrap();
    }
}

#[tokio::test]
async fn mfa_connection_gets_a_session_from_sts() {
    require_session();
    hermetic_aws_env();
    let k = test_keyring();
    let moto = moto_server();
    let dir = tempfile::tempdir().unwrap();
    let mut c = Connections::open(dir.path().join("connections.json"), k).unwrap();
    let mut new = access_key(
        "mfa",
        "AKIAKEYRINGMFA00001",
        "mfa-long-term-secret",
        None,
        &moto.url,
    );
    if let AuthInput::AccessKey { mfa_serial, .. } = &mut new.auth {
        *mfa_serial = Some("arn:aws:iam::123456789012:mfa/dev".into());
    }
    c.add(new).unwrap();
    let e = c
        .activate("mfa", &ConnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MfaCodeRequired, "{e}");
    assert!(
        e.to_string().contains("arn:aws:iam::123456789012:mfa/dev"),
        "{e}"
    );
    let with_code = ConnectOptions {
        mfa_code: Some("123456".into()),
        ..Default::default()
    };
    c.activate("mfa", &with_code).await.unwrap();
    let creds = c
        .sdk_config()
        .await
        .unwrap()
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_ne!(
        creds.access_key_id(),
        "AKIAKEYRINGMFA00001",
        "session keys from STS GetSessionToken"
    );
    assert!(creds.session_token().is_some());
    // Its end is known (12 hours on): past it, the connection asks for a new code.
    let ends = c.session_expires("mfa").expect("the session's end");
    let left = ends
        .duration_since(std::time::SystemTime::now())
        .expect("in the future");
    assert!(left > std::time::Duration::from_secs(11 * 3600), "{left:?}");
    // The session is kept: no new code needed to switch back.
    c.test("mfa", &ConnectOptions::default()).await.unwrap();
    c.remove("mfa").unwrap();
}

/// Captures every log line of this test binary (TRACE, the AWS SDK's too).
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        buf
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_appear_in_no_file_log_or_response() {
    require_session();
    hermetic_aws_env();
    let logs = captured_logs();
    const SECRET_1: &str = "leak-check-secret-ONE-9f8e7d6c5b4a";
    const TOKEN_1: &str = "leak-check-token-ONE-0a1b2c3d4e5f";
    const SECRET_2: &str = "leak-check-secret-TWO-1122334455";
    const SECRET_3: &str = "leak-check-secret-THREE-667788";
    let secrets = [SECRET_1, TOKEN_1, SECRET_2, SECRET_3];

    let k = test_keyring();
    let config_dir = tempfile::tempdir().unwrap();
    let path = config_dir
        .path()
        .join("pipewright")
        .join("connections.json");
    let moto = moto_server();
    let mut responses: Vec<String> = Vec::new();
    let mut record = |v: serde_json::Value| responses.push(v.to_string());

    let mut c = Connections::open(&path, k.clone()).unwrap();
    // The settings screen sends a new connection as JSON.
    let new: NewConnection = serde_json::from_value(serde_json::json!({
        "name": "prod",
        "region": "eu-west-1",
        "endpointUrl": moto.url,
        "auth": {"kind": "accessKey", "accessKeyId": "AKIALEAKCHECK000001",
                 "secretAccessKey": SECRET_1, "sessionToken": TOKEN_1}
    }))
    .unwrap();
    assert!(!format!("{new:?}").contains(SECRET_1));
    record(serde_json::to_value(c.add(new).unwrap()).unwrap());
    record(serde_json::to_value(c.upsert_local_sandbox(&moto.url).unwrap()).unwrap());
    record(serde_json::to_value(c.list()).unwrap());
    record(
        serde_json::to_value(
            c.activate("prod", &ConnectOptions::default())
                .await
                .unwrap(),
        )
        .unwrap(),
    );
    record(serde_json::to_value(c.active()).unwrap());
    record(
        serde_json::to_value(c.test("prod", &ConnectOptions::default()).await.unwrap()).unwrap(),
    );
    record(serde_json::to_value(c.aws_profiles().await.unwrap()).unwrap());
    let rotated = c
        .rotate_secret(
            "prod",
            serde_json::from_value(serde_json::json!({"secretAccessKey": SECRET_2})).unwrap(),
        )
        .unwrap();
    record(serde_json::to_value(&rotated).unwrap());
    record(
        serde_json::to_value(c.test("prod", &ConnectOptions::default()).await.unwrap()).unwrap(),
    );
    record(serde_json::to_value(c.switch_region("us-west-2").unwrap()).unwrap());
    let edited = c
        .edit(
            "prod",
            ConnectionEdit {
                name: "production".into(),
                region: Some("eu-central-1".into()),
                endpoint_url: Some(moto.url.clone()),
                mfa_serial: None,
            },
        )
        .unwrap();
    record(serde_json::to_value(&edited).unwrap());
    // Failures carry no secret either.
    let closed = closed_port_url();
    c.add(access_key(
        "down",
        "AKIALEAKCHECK000003",
        SECRET_3,
        None,
        &closed,
    ))
    .unwrap();
    let errors = [
        c.test("down", &ConnectOptions::default())
            .await
            .unwrap_err(),
        c.add(access_key(
            "down",
            "AKIALEAKCHECK000004",
            SECRET_3,
            None,
            &closed,
        ))
        .unwrap_err(),
        c.add(access_key("bad id", SECRET_3, SECRET_3, None, &closed))
            .unwrap_err(),
    ];
    for e in &errors {
        let payload: ErrorPayload = e.payload();
        record(serde_json::to_value(e).unwrap());
        record(serde_json::to_value(&payload).unwrap());
        record(serde_json::Value::String(format!("{e:?}")));
    }
    assert_eq!(errors[0].kind(), ErrorKind::Unreachable);
    assert_eq!(errors[1].kind(), ErrorKind::DuplicateName);
    assert_eq!(errors[2].kind(), ErrorKind::Input);
    // Debug output of the whole state (cached SDK configs with their credentials) is redacted.
    record(serde_json::Value::String(format!("{c:?}")));
    record(serde_json::Value::String(format!(
        "{:?}",
        c.current().await.unwrap()
    )));
    let listed: Vec<Connection> = c.list();
    record(serde_json::to_value(&listed).unwrap());
    record(serde_json::to_value(c.remove("down").unwrap()).unwrap());

    // 1. No file in the config folder holds a secret.
    let files = all_files(config_dir.path());
    assert!(
        files.iter().any(|(p, _)| p.ends_with("connections.json")),
        "{files:?}"
    );
    for (p, bytes) in &files {
        for s in secrets {
            assert!(!contains(bytes, s), "{} contains a secret", p.display());
        }
    }
    // 2. No serialized response holds a secret.
    assert!(responses.len() > 15);
    for r in &responses {
        for s in secrets {
            assert!(!r.contains(s), "a response contains a secret: {r}");
        }
    }
    // 3. No log line holds a secret (and the logs were really captured, SDK traces included).
    let log = String::from_utf8_lossy(&logs.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
    assert!(
        log.contains("connection added"),
        "our own log lines are captured"
    );
    assert!(log.contains("connection test passed"));
    assert!(
        log.contains("aws_smithy_runtime"),
        "the SDK's TRACE lines are captured too"
    );
    for s in secrets {
        assert!(!log.contains(s), "the log contains a secret");
    }
    // The secret really is in the keyring (the scans looked at the right thing).
    let id = &rotated.id;
    assert_eq!(
        keyring::Entry::new(k.service(), &format!("{id}/secret-access-key"))
            .unwrap()
            .get_password()
            .unwrap(),
        SECRET_2
    );
    c.remove("production").unwrap();
    let _ = list_aws_profiles;
}
