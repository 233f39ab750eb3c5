//! The standard SSO token cache against the sandbox: after a device-flow sign-in, a token cache
//! file (`~/.aws/sso/cache/<sha1 of the session name>.json`) and an `sso-session` profile are
//! what the AWS CLI leaves behind; aws-config's own SSO credentials provider reads them and gets
//! role credentials from the sandbox's portal (`AWS_ENDPOINT_URL_SSO`), which then work against
//! the sandbox's CodePipeline. An ended session makes the provider fail. Its own test binary: it
//! sets HOME and the endpoint variables for the process.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::provider::ProvideCredentials;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use common::*;
use pipewright_sandbox::SandboxConfig;

/// SHA-1 (FIPS 180-1), for the cache file's name.
fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64) * 8;
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend(bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

fn iso(secs: u64) -> String {
    DateTime::from_secs(secs as i64)
        .fmt(Format::DateTime)
        .unwrap()
}

#[tokio::test]
async fn aws_configs_sso_provider_reads_the_token_cache_and_gets_credentials_from_the_sandbox() {
    assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    let (sandbox, _client) = start(SandboxConfig::with_samples()).await;
    let url = sandbox.endpoint_url().to_string();
    let clients = aws(&url).await;

    // The sign-in: the device flow, approved.
    let oidc = clients.ssooidc();
    let client = oidc
        .register_client()
        .client_name("pipewright")
        .client_type("public")
        .send()
        .await
        .unwrap();
    let (id, secret) = (client.client_id().unwrap(), client.client_secret().unwrap());
    let device = oidc
        .start_device_authorization()
        .client_id(id)
        .client_secret(secret)
        .start_url("https://example.awsapps.com/start")
        .send()
        .await
        .unwrap();
    assert!(sandbox.approve_device(device.user_code().unwrap(), true));
    let token = oidc
        .create_token()
        .client_id(id)
        .client_secret(secret)
        .grant_type("urn:ietf:params:oauth:grant-type:device_code")
        .device_code(device.device_code().unwrap())
        .send()
        .await
        .unwrap();

    // What a sign-in leaves on disk, in a home of this test's own.
    let home = std::env::temp_dir().join(format!("pipewright-sso-cache-{}", std::process::id()));
    let cache = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let entry = serde_json::json!({
        "startUrl": "https://example.awsapps.com/start",
        "region": "us-east-1",
        "accessToken": token.access_token(),
        "expiresAt": iso(now + token.expires_in() as u64),
        "clientId": id,
        "clientSecret": secret,
        "registrationExpiresAt": iso(client.client_secret_expires_at() as u64),
        "refreshToken": token.refresh_token(),
    });
    std::fs::write(
        cache.join(format!("{}.json", sha1_hex(b"sandbox"))),
        entry.to_string(),
    )
    .unwrap();
    let config = home.join(".aws/config");
    std::fs::write(
        &config,
        "[profile sandbox-sso]\nsso_session = sandbox\nsso_account_id = 000000000000\nsso_role_name = PipelineOperator\nregion = us-east-1\n\n[sso-session sandbox]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
    )
    .unwrap();
    std::env::set_var("HOME", &home);
    std::env::set_var("AWS_CONFIG_FILE", &config);
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"));
    std::env::set_var("AWS_ENDPOINT_URL_SSO", &url);
    std::env::set_var("AWS_ENDPOINT_URL_SSO_OIDC", &url);

    let loaded = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .profile_name("sandbox-sso")
        .load()
        .await;
    let provider = loaded.credentials_provider().unwrap();
    let creds = provider
        .provide_credentials()
        .await
        .expect("role credentials from the sandbox portal");
    assert!(
        creds.access_key_id().starts_with("ASIA"),
        "{}",
        creds.access_key_id()
    );
    let expiry = creds
        .expiry()
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(
        expiry <= Duration::from_secs(3600) && expiry > Duration::from_secs(3000),
        "{expiry:?}"
    );

    // They work against the sandbox's CodePipeline, as any credentials do.
    let pipeline = pipewright_aws::Aws::new(&loaded.to_builder().endpoint_url(&url).build())
        .codepipeline()
        .sdk_client()
        .clone();
    let names = pipeline
        .list_pipelines()
        .send()
        .await
        .unwrap()
        .pipelines
        .unwrap();
    assert!(names
        .iter()
        .any(|p| p.name.as_deref() == Some("web-app-prod")));

    // The session ends: the provider cannot get credentials any more.
    sandbox.expire_sso_sessions();
    let fresh = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .profile_name("sandbox-sso")
        .load()
        .await;
    let err = fresh
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("Unauthorized"), "{err:?}");
    let _ = std::fs::remove_dir_all(&home);
    sandbox.shutdown().await;
}
