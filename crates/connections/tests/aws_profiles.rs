//! Named AWS profiles from a temporary ~/.aws (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE):
//! listing, a static-key profile and an assume-role profile chained to it (STS at moto), the
//! environment kind, and how the CLI's `--profile` is looked up. Calls go to moto on loopback.

mod common;

use aws_credential_types::provider::ProvideCredentials;
use common::*;
use pipewright_connections::{
    list_aws_profiles, resolve_cli_with, test_connection, AuthInput, AuthKind, AwsProfileKind,
    CliConnection, ConnectOptions, Connections, ErrorKind, Keyring, NewConnection,
};

const STATIC_KEY_ID: &str = "AKIASTATICEXAMPLE01";
const STATIC_SECRET: &str = "STATIC-secret-never-shown-0123456789abcdef";

/// Writes the temporary ~/.aws files that AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name.
fn write_aws_files(moto_url: &str) {
    let dir = hermetic_aws_env();
    let config = format!(
        "[default]\nregion = us-east-1\n\n\
         [profile static]\nregion = eu-west-1\nendpoint_url = {moto_url}\n\n\
         [profile chained]\nrole_arn = arn:aws:iam::123456789012:role/pipewright-deployer\n\
         source_profile = static\nrole_session_name = pipewright-test\nregion = eu-west-1\nendpoint_url = {moto_url}\n\n\
         [profile sso-dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-west-2\n\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n\
         [profile tool]\ncredential_process = /bin/false\n"
    );
    let credentials = format!(
        "[static]\naws_access_key_id = {STATIC_KEY_ID}\naws_secret_access_key = {STATIC_SECRET}\n"
    );
    std::fs::write(dir.join("aws-config"), config).unwrap();
    std::fs::write(dir.join("aws-credentials"), credentials).unwrap();
}

fn cli(profile: Option<&str>) -> CliConnection {
    CliConnection {
        profile: profile.map(str::to_owned),
        endpoint_url: None,
        region: None,
        mfa_code: None,
    }
}

#[tokio::test]
async fn lists_named_profiles_with_their_kind_and_no_keys() {
    let _env = env_lock().await;
    write_aws_files("http://127.0.0.1:9");
    let profiles = list_aws_profiles().await.unwrap();
    let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["chained", "default", "sso-dev", "static", "tool"]);
    let by = |n: &str| profiles.iter().find(|p| p.name == n).unwrap();
    assert_eq!(by("static").kind, AwsProfileKind::StaticKeys);
    assert_eq!(by("static").region.as_deref(), Some("eu-west-1"));
    assert_eq!(by("chained").kind, AwsProfileKind::AssumeRole);
    assert_eq!(by("chained").source_profile.as_deref(), Some("static"));
    assert_eq!(
        by("chained").role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/pipewright-deployer")
    );
    assert_eq!(by("sso-dev").kind, AwsProfileKind::Sso);
    assert_eq!(
        by("sso-dev").sso_start_url.as_deref(),
        Some("https://corp.awsapps.com/start")
    );
    assert_eq!(by("tool").kind, AwsProfileKind::CredentialProcess);
    assert_eq!(by("default").kind, AwsProfileKind::Other);
    let json = serde_json::to_string(&profiles).unwrap();
    assert!(!json.contains(STATIC_SECRET), "{json}");
}

#[tokio::test]
async fn static_key_profile_calls_moto_and_beats_environment_keys() {
    let _env = env_lock().await;
    let moto = moto_server();
    write_aws_files(&moto.url);
    // An explicitly chosen profile wins over AWS_* variables, as with `aws --profile`.
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIAFROMENVIRONMENT1");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "env-secret");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("connections.json");
    let resolved =
        resolve_cli_with(&cli(Some("static")), Some(&store), Keyring::new("unused")).await;
    std::env::remove_var("AWS_ACCESS_KEY_ID");
    std::env::remove_var("AWS_SECRET_ACCESS_KEY");
    let resolved = resolved.unwrap();
    assert_eq!(resolved.active.kind, AuthKind::AwsProfile);
    assert_eq!(resolved.active.id, None);
    assert_eq!(resolved.active.region, "eu-west-1");
    assert_eq!(
        resolved.active.endpoint_url.as_deref(),
        Some(moto.url.as_str())
    );
    assert_eq!(
        resolved.active.title,
        format!("static · eu-west-1 · {} (from profile static)", moto.url)
    );
    assert_eq!(
        resolved.active.endpoint_from.as_deref(),
        Some("profile static")
    );
    let creds = resolved
        .sdk_config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), STATIC_KEY_ID);
    // The profile's endpoint_url sends the call to moto.
    let report = test_connection(&resolved).await.unwrap();
    assert!(
        report.message.contains("Connected to static (eu-west-1)"),
        "{}",
        report.message
    );
}

#[tokio::test]
async fn assume_role_profile_gets_role_credentials_from_sts_at_moto() {
    let _env = env_lock().await;
    let moto = moto_server();
    write_aws_files(&moto.url);
    let dir = tempfile::tempdir().unwrap();
    let mut c =
        Connections::open(dir.path().join("connections.json"), Keyring::new("unused")).unwrap();
    c.add(NewConnection {
        name: "deployer".into(),
        region: None,
        endpoint_url: None,
        auth: AuthInput::AwsProfile {
            profile: "chained".into(),
        },
    })
    .unwrap();
    let resolved = c
        .resolve("deployer", &ConnectOptions::default())
        .await
        .unwrap();
    assert_eq!(resolved.active.region, "eu-west-1");
    let creds = resolved
        .sdk_config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .expect("source_profile keys assume the role through STS (moto)");
    assert_ne!(creds.access_key_id(), STATIC_KEY_ID);
    assert!(
        creds.access_key_id().starts_with("ASIA"),
        "{}",
        creds.access_key_id()
    );
    assert!(creds.session_token().is_some());
    let report = c
        .test("deployer", &ConnectOptions::default())
        .await
        .unwrap();
    assert_eq!(report.connection.kind, AuthKind::AwsProfile);
}

#[tokio::test]
async fn environment_kind_uses_aws_variables() {
    let _env = env_lock().await;
    let moto = moto_server();
    write_aws_files(&moto.url);
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT0001");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "environment-secret");
    std::env::set_var("AWS_REGION", "us-west-2");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("connections.json");
    let args = CliConnection {
        profile: None,
        endpoint_url: Some(moto.url.clone()),
        region: None,
        mfa_code: None,
    };
    let result = async {
        let resolved = resolve_cli_with(&args, Some(&store), Keyring::new("unused")).await?;
        let creds = resolved
            .sdk_config
            .credentials_provider()
            .unwrap()
            .provide_credentials()
            .await
            .unwrap();
        let report = test_connection(&resolved).await?;
        // The same through a saved connection of the environment kind.
        let mut c = Connections::open(&store, Keyring::new("unused"))?;
        c.add(NewConnection {
            name: "env".into(),
            region: None,
            endpoint_url: Some(moto.url.clone()),
            auth: AuthInput::Environment,
        })?;
        let saved = c.test("env", &ConnectOptions::default()).await?;
        Ok::<_, pipewright_connections::Error>((resolved, creds, report, saved))
    }
    .await;
    for v in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
        std::env::remove_var(v);
    }
    let (resolved, creds, report, saved) = result.unwrap();
    assert_eq!(resolved.active.kind, AuthKind::Environment);
    assert_eq!(resolved.active.region, "us-west-2");
    assert_eq!(
        resolved.active.endpoint_url.as_deref(),
        Some(moto.url.as_str())
    );
    assert_eq!(creds.access_key_id(), "AKIAENVIRONMENT0001");
    assert!(report.message.contains("(us-west-2)"), "{}", report.message);
    assert_eq!(saved.connection.kind, AuthKind::Environment);
}

#[tokio::test]
async fn cli_profile_is_a_connection_name_first_then_an_aws_profile() {
    let _env = env_lock().await;
    write_aws_files("http://127.0.0.1:9");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("connections.json");
    let mut c = Connections::open(&store, Keyring::new("unused")).unwrap();
    c.add(NewConnection {
        name: "static".into(),
        region: None,
        endpoint_url: Some("http://127.0.0.1:4566".into()),
        auth: AuthInput::LocalSandbox,
    })
    .unwrap();
    let k = || Keyring::new("unused");
    let own = resolve_cli_with(&cli(Some("static")), Some(&store), k())
        .await
        .unwrap();
    assert_eq!(own.active.kind, AuthKind::LocalSandbox);
    assert!(own.active.id.is_some());
    let aws = resolve_cli_with(&cli(Some("chained")), Some(&store), k())
        .await
        .unwrap();
    assert_eq!(aws.active.kind, AuthKind::AwsProfile);
    let overridden = resolve_cli_with(
        &CliConnection {
            profile: Some("chained".into()),
            endpoint_url: Some("http://127.0.0.1:5999".into()),
            region: Some("ap-south-1".into()),
            mfa_code: None,
        },
        Some(&store),
        k(),
    )
    .await
    .unwrap();
    assert_eq!(overridden.active.region, "ap-south-1");
    assert_eq!(
        overridden.active.endpoint_url.as_deref(),
        Some("http://127.0.0.1:5999")
    );
    let missing = resolve_cli_with(&cli(Some("nope")), Some(&store), k())
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert!(
        missing.to_string().contains("pipewright connections list"),
        "{missing}"
    );
}

#[tokio::test]
async fn a_connection_to_a_missing_aws_profile_says_so() {
    let _env = env_lock().await;
    write_aws_files("http://127.0.0.1:9");
    let dir = tempfile::tempdir().unwrap();
    let mut c = Connections::open(dir.path().join("c.json"), Keyring::new("unused")).unwrap();
    c.add(NewConnection {
        name: "gone".into(),
        region: Some("eu-west-1".into()),
        endpoint_url: None,
        auth: AuthInput::AwsProfile {
            profile: "deleted-profile".into(),
        },
    })
    .unwrap();
    let e = c
        .test("gone", &ConnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CredentialsUnavailable, "{e}");
    assert!(
        e.to_string().contains("no profile 'deleted-profile'"),
        "{e}"
    );
}

#[tokio::test]
async fn credentials_that_cannot_be_loaded_are_explained() {
    let _env = env_lock().await;
    write_aws_files("http://127.0.0.1:9");
    let stub = stub_server(200, r#"{"pipelines":[]}"#);
    let dir = tempfile::tempdir().unwrap();
    let mut c = Connections::open(dir.path().join("c.json"), Keyring::new("unused")).unwrap();
    for (name, auth) in [
        // No AWS_* variables, no default profile keys, instance metadata disabled.
        ("bare-env", AuthInput::Environment),
        // credential_process = /bin/false fails.
        (
            "tool",
            AuthInput::AwsProfile {
                profile: "tool".into(),
            },
        ),
    ] {
        c.add(NewConnection {
            name: name.into(),
            region: Some("eu-west-1".into()),
            endpoint_url: Some(stub.url.clone()),
            auth,
        })
        .unwrap();
        let e = c.test(name, &ConnectOptions::default()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CredentialsUnavailable, "{name}: {e}");
        assert!(e.to_string().contains(&format!("for '{name}'")), "{e}");
        assert!(e.to_string().contains("aws sso login"), "{e}");
        if name == "bare-env" {
            assert!(
                e.to_string()
                    .contains("no credentials were found in the AWS_* environment variables"),
                "{e}"
            );
        } else {
            assert!(e.to_string().contains("external process"), "{e}");
        }
    }
    assert!(stub.requests().is_empty(), "no unsigned call went out");
}

#[tokio::test]
async fn long_lived_keys_are_never_sent_over_plain_http_to_another_computer() {
    let _env = env_lock().await;
    // The static profile's keys, with an endpoint on plain http that is not this computer
    // (TEST-NET-1: nothing is ever sent there, the refusal comes first).
    write_aws_files("http://192.0.2.10:4566");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("connections.json");
    let err = resolve_cli_with(&cli(Some("static")), Some(&store), Keyring::new("unused"))
        .await
        .expect_err("plain http to another computer is refused");
    assert_eq!(err.kind(), ErrorKind::PlainHttp);
    let message = err.to_string();
    assert!(
        message.contains("over plain http to http://192.0.2.10:4566"),
        "{message}"
    );
    // The same endpoint from the environment, named as such.
    std::env::set_var("AWS_ENDPOINT_URL", "http://192.0.2.10:4566");
    let mut env = cli(None);
    env.region = Some("eu-west-1".into());
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIAFROMENVIRONMENT1");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "env-secret");
    let refused = resolve_cli_with(&env, Some(&store), Keyring::new("unused")).await;
    // Loopback over http stays allowed (moto, the sandbox).
    std::env::set_var("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    let loopback = resolve_cli_with(&env, Some(&store), Keyring::new("unused")).await;
    std::env::remove_var("AWS_ENDPOINT_URL");
    std::env::remove_var("AWS_ACCESS_KEY_ID");
    std::env::remove_var("AWS_SECRET_ACCESS_KEY");
    assert_eq!(refused.expect_err("refused").kind(), ErrorKind::PlainHttp);
    let loopback = loopback.expect("loopback over http is allowed");
    assert_eq!(
        loopback.active.endpoint_from.as_deref(),
        Some("AWS_ENDPOINT_URL")
    );
    assert!(
        loopback
            .active
            .title
            .ends_with("http://127.0.0.1:9 (from AWS_ENDPOINT_URL)"),
        "{}",
        loopback.active.title
    );
}
