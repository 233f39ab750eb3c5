//! `pipewright connections ...` and the global `--profile`, run as a user would: the built
//! binary, a temporary connections file and ~/.aws, moto's server on loopback, and (for access
//! keys) the real Secret Service of `scripts/with-session.sh`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use pipewright_test_support::moto::Moto;

/// moto's server on a free loopback port, killed on drop.
fn moto_server() -> Moto {
    Moto::start()
}

/// A temporary home for one test: connections file, keyring service, ~/.aws files.
struct Home {
    dir: tempfile::TempDir,
    keyring: String,
}

impl Home {
    fn new(aws_config: &str, aws_credentials: &str) -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("aws-config"), aws_config).unwrap();
        std::fs::write(dir.path().join("aws-credentials"), aws_credentials).unwrap();
        let unique = dir
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let keyring = format!("pipewright-cli-test-{}", unique.unwrap_or_default());
        Home { dir, keyring }
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("config").join("connections.json")
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pipewright"));
        cmd.args(args)
            .env("PIPEWRIGHT_CONNECTIONS_FILE", self.file())
            .env("PIPEWRIGHT_KEYRING_SERVICE", &self.keyring)
            .env("AWS_CONFIG_FILE", self.dir.path().join("aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("aws-credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for v in [
            "AWS_PROFILE",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
        ] {
            cmd.env_remove(v);
        }
        let mut child = cmd.spawn().expect("run pipewright");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn sandbox_and_aws_profile_connections_from_the_command_line() {
    let moto = moto_server();
    let home = Home::new(
        &format!("[profile static]\nregion = eu-west-1\nendpoint_url = {}\n", moto.url),
        "[static]\naws_access_key_id = AKIACLISTATIC000001\naws_secret_access_key = cli-static-secret-xyz\n",
    );
    let o = home.run(
        &[
            "connections",
            "add",
            "box",
            "--sandbox",
            "--endpoint-url",
            &moto.url,
        ],
        "",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("Added connection 'box'"));

    let o = home.run(&["connections", "list"], "");
    let (out, _) = text(&o);
    assert!(
        out.contains("box") && out.contains("Local sandbox (not AWS"),
        "{out}"
    );
    assert!(
        out.contains("static") && out.contains("staticKeys"),
        "{out}"
    );
    assert!(!out.contains("cli-static-secret-xyz"), "{out}");

    let o = home.run(&["connections", "list", "--format", "json"], "");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["connections"][0]["auth"]["kind"], "localSandbox");
    assert_eq!(doc["awsProfiles"][0]["name"], "static");

    // `test NAME` and the global `--profile` (an AWS profile: no Pipewright connection of that name).
    let o = home.run(&["connections", "test", "box"], "");
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(
        text(&o).0.contains("Connected to box (us-east-1)"),
        "{:?}",
        text(&o)
    );
    let o = home.run(&["--profile", "static", "connections", "test"], "");
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(
        text(&o).0.contains("Connected to static (eu-west-1)"),
        "{:?}",
        text(&o)
    );

    // Failures in plain words, with their exit status.
    let o = home.run(
        &[
            "connections",
            "test",
            "box",
            "--endpoint-url",
            "http://127.0.0.1:1",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("connection refused"), "{:?}", text(&o));
    let o = home.run(&["--profile", "nope", "connections", "test"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("no Pipewright connection or AWS profile named 'nope'"),
        "{:?}",
        text(&o)
    );
    let o = home.run(&["connections", "add", "box", "--environment"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("already exists"), "{:?}", text(&o));

    let o = home.run(&["connections", "remove", "box"], "");
    assert!(o.status.success(), "{:?}", text(&o));
    let o = home.run(&["connections", "test", "box"], "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn access_key_secret_comes_from_stdin_and_stays_in_the_keyring() {
    if std::env::var_os("PIPEWRIGHT_IN_SESSION").is_none() {
        panic!("this test needs a real Secret Service: run via make test, or `scripts/with-session.sh cargo test -p pipewright-cli`");
    }
    let moto = moto_server();
    let home = Home::new("", "");
    let secret = "cli-secret-from-stdin-4f3e2d1c";
    let token = "cli-token-from-stdin-9a8b7c";
    let o = home.run(
        &[
            "connections",
            "add",
            "prod",
            "--access-key-id",
            "AKIACLIKEYS00000001",
            "--session-token",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            &moto.url,
        ],
        &format!("{secret}\n{token}\n"),
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let o2 = home.run(&["connections", "test", "prod"], "");
    assert!(o2.status.success(), "{:?}", text(&o2));
    assert!(text(&o2).0.contains("Connected to prod (eu-west-1)"));
    let o3 = home.run(
        &[
            "connections",
            "rotate",
            "prod",
            "--access-key-id",
            "AKIACLIKEYS00000002",
        ],
        "rotated-cli-secret-77\n",
    );
    assert!(o3.status.success(), "{:?}", text(&o3));
    let o4 = home.run(&["connections", "list", "--format", "json"], "");
    let doc: serde_json::Value = serde_json::from_slice(&o4.stdout).unwrap();
    assert_eq!(
        doc["connections"][0]["auth"]["accessKeyId"],
        "AKIACLIKEYS00000002"
    );
    assert_eq!(doc["connections"][0]["auth"]["hasSessionToken"], false);
    // Keys with an MFA device need the current code (moto accepts any).
    let o6 = home.run(
        &[
            "connections",
            "add",
            "mfa",
            "--access-key-id",
            "AKIACLIKEYS00000004",
            "--mfa-serial",
            "arn:aws:iam::123456789012:mfa/dev",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            &moto.url,
        ],
        &format!("{secret}\n"),
    );
    assert!(o6.status.success(), "{:?}", text(&o6));
    let o7 = home.run(&["connections", "test", "mfa"], "");
    assert_eq!(o7.status.code(), Some(2));
    assert!(
        text(&o7).1.contains("enter the current MFA code"),
        "{:?}",
        text(&o7)
    );
    let o8 = home.run(&["connections", "test", "mfa", "--mfa-code", "123456"], "");
    assert!(o8.status.success(), "{:?}", text(&o8));
    let o9 = home.run(&["connections", "remove", "mfa"], "");
    assert!(o9.status.success(), "{:?}", text(&o9));
    // An empty secret is refused.
    let o5 = home.run(
        &[
            "connections",
            "add",
            "empty",
            "--access-key-id",
            "AKIACLIKEYS00000003",
        ],
        "\n",
    );
    assert_eq!(o5.status.code(), Some(2));
    assert!(
        text(&o5).1.contains("no secret access key was given"),
        "{:?}",
        text(&o5)
    );

    // Neither the files nor anything printed holds a secret.
    for o in [&o, &o2, &o3, &o4, &o5, &o6, &o7, &o8, &o9] {
        let (out, err) = text(o);
        for s in [secret, token, "rotated-cli-secret-77"] {
            assert!(!out.contains(s) && !err.contains(s));
        }
    }
    let saved = std::fs::read_to_string(home.file()).unwrap();
    for s in [secret, token, "rotated-cli-secret-77"] {
        assert!(!saved.contains(s), "{saved}");
    }
    let o = home.run(&["connections", "remove", "prod"], "");
    assert!(o.status.success(), "{:?}", text(&o));
}
