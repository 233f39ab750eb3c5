//! Running the built `pipewright` binary against an endpoint on loopback (the sandbox, a silent
//! listener), with a home of its own and test credentials, for the tests of the commands that
//! call AWS.

use std::process::Output;

/// `pipewright ARGS --endpoint-url URL --region us-east-1`, in a fresh home with no profile.
pub async fn pipewright(url: &str, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pipewright"));
    cmd.args(args)
        .args(["--endpoint-url", url, "--region", "us-east-1"])
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env(
            "PIPEWRIGHT_CONNECTIONS_FILE",
            home.path().join("connections.json"),
        )
        .env_remove("AWS_PROFILE");
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("pipewright runs"))
        .await
        .unwrap();
    drop(home);
    out
}

/// A stream of the run as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
