//! Mutes, production marks and alert memory belong to a pipeline's ARN, not to its name: an AWS
//! profile re-pointed at another account (same connection, same region, same pipeline name) does
//! not carry the old account's mutes and marks over, and the old account's are still there when
//! the profile points back. Two moto servers on loopback are the two accounts (moto serves one
//! account per server); the account is learned through STS GetCallerIdentity when the control
//! room connects and when a watcher starts. Its own test binary: it sets the AWS environment
//! variables for the process.

use pipewright_appcore::connections::ConnectionsState;
use pipewright_appcore::control_room::{ControlRoom, ControlSettings, SETTINGS_FILE};
use pipewright_connections::{AuthInput, ConnectOptions, Keyring, NewConnection};
use pipewright_test_support::moto::Moto;

const ACCOUNT_A: &str = "111111111111";
const ACCOUNT_B: &str = "222222222222";

/// Points the AWS profile `ops` at `moto` (static keys; the endpoint in the profile).
fn point_profile(home: &std::path::Path, moto: &Moto) {
    std::fs::write(
        home.join("config"),
        format!(
            "[profile ops]\nregion = us-east-1\nendpoint_url = {}\n",
            moto.url
        ),
    )
    .expect("config");
    std::fs::write(
        home.join("credentials"),
        "[ops]\naws_access_key_id = AKIAOPSTESTING000001\naws_secret_access_key = testing\n",
    )
    .expect("credentials");
}

/// A new session of the app on `config` (a new connections cache: the profile is read again).
async fn session(config: &std::path::Path) -> (ConnectionsState, ControlRoom) {
    let conns = ConnectionsState::open(config, Keyring::new("pipewright-test-unused"));
    let room = ControlRoom::new(config);
    room.connect(&conns).await.expect("connect");
    (conns, room)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_re_pointed_at_another_account_does_not_share_mutes_or_marks() {
    // No real ~/.aws, no instance metadata.
    let home = tempfile::tempdir().expect("a home");
    std::env::set_var("HOME", home.path());
    std::env::set_var("AWS_CONFIG_FILE", home.path().join("config"));
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        home.path().join("credentials"),
    );
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    for var in [
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CODEPIPELINE",
        "AWS_ENDPOINT_URL_STS",
    ] {
        std::env::remove_var(var);
    }
    let moto_a = Moto::start_in_account(ACCOUNT_A);
    let moto_b = Moto::start_in_account(ACCOUNT_B);
    let config = tempfile::tempdir().expect("the app's config folder");
    let settings_file = config.path().join(SETTINGS_FILE);

    // Account A: `web` muted and marked production, as the settings screen saves them.
    point_profile(home.path(), &moto_a);
    let (conns, room) = session(config.path()).await;
    let id = {
        let mut c = conns.lock().await.expect("the connections");
        let saved = c
            .add(NewConnection {
                name: "ops".into(),
                region: Some("us-east-1".into()),
                endpoint_url: None,
                auth: AuthInput::AwsProfile {
                    profile: "ops".into(),
                },
            })
            .expect("the profile connection is saved");
        c.activate(&saved.id, &ConnectOptions::default())
            .await
            .expect("activate");
        saved.id
    };
    room.connect(&conns).await.expect("connect to ops");
    let scope = room.scope().expect("a scope");
    assert_eq!(
        scope.account.as_ref().map(|a| a.id.as_str()),
        Some(ACCOUNT_A)
    );
    room.save_settings_view(ControlSettings {
        production: ["web".to_string()].into(),
        ..room.settings_view()
    })
    .expect("mark production");
    room.set_muted("web", true).expect("mute");
    let file = std::fs::read_to_string(&settings_file).expect("the settings file");
    let arn = format!("{id}|arn:aws:codepipeline:us-east-1:{ACCOUNT_A}:web");
    assert!(file.contains(&arn), "{file}");
    assert!(room.policy().is_production_pipeline("web"));
    // The watcher's notifier matches the mute (the watcher learned the account too).
    room.reconcile(&conns, None).await.expect("watch");
    let muted = pipewright_watch::notify::muted_key("ops", "web");
    assert!(room.notifier().settings().muted.contains(&muted));
    drop((room, conns));

    // The profile now points at account B: same connection, region and name, another pipeline.
    point_profile(home.path(), &moto_b);
    let (conns, room) = session(config.path()).await;
    let scope = room.scope().expect("a scope");
    assert_eq!(scope.connection, id);
    assert_eq!(
        scope.account.as_ref().map(|a| a.id.as_str()),
        Some(ACCOUNT_B)
    );
    let view = room.settings_view();
    assert!(view.muted.is_empty(), "{view:?}");
    assert!(view.production.is_empty(), "{view:?}");
    assert!(!room.policy().is_production_pipeline("web"));
    room.reconcile(&conns, None).await.expect("watch");
    assert!(!room.notifier().settings().muted.contains(&muted));
    // Saving B's settings keeps A's entries.
    room.set_muted("api", true).expect("mute on B");
    let file = std::fs::read_to_string(&settings_file).expect("the settings file");
    assert!(file.contains(&arn), "{file}");
    assert!(
        file.contains(&format!(
            "{id}|arn:aws:codepipeline:us-east-1:{ACCOUNT_B}:api"
        )),
        "{file}"
    );
    drop((room, conns));

    // Back on account A: its mute and mark are there.
    point_profile(home.path(), &moto_a);
    let (_conns, room) = session(config.path()).await;
    let view = room.settings_view();
    assert_eq!(view.muted, ["web".to_string()].into());
    assert_eq!(view.production, ["web".to_string()].into());
    assert!(room.policy().is_production_pipeline("web"));
}
