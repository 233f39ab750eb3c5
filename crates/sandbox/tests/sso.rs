//! IAM Identity Center sign-in against the sandbox with the real SDK clients: the OIDC device
//! authorization flow (RegisterClient, StartDeviceAuthorization, CreateToken pending until the
//! device is approved through the admin endpoint), the portal (ListAccounts, ListAccountRoles,
//! GetRoleCredentials) with the token, and sessions that expire by the sandbox clock, are
//! refreshed, or are expired on purpose.

mod common;

use std::time::Duration;

use common::*;
use pipewright_sandbox::SandboxConfig;

#[tokio::test]
async fn the_device_flow_waits_for_approval_and_the_session_expires() {
    let (sandbox, _client) = start(SandboxConfig::default()).await;
    let clients = aws(sandbox.endpoint_url()).await;
    let oidc = clients.ssooidc();
    let portal = clients.sso();

    let client = oidc
        .register_client()
        .client_name("pipewright")
        .client_type("public")
        .scopes("sso:account:access")
        .send()
        .await
        .unwrap();
    let (id, secret) = (client.client_id().unwrap(), client.client_secret().unwrap());
    assert!(client.client_secret_expires_at() > client.client_id_issued_at());
    let device = oidc
        .start_device_authorization()
        .client_id(id)
        .client_secret(secret)
        .start_url("https://example.awsapps.com/start")
        .send()
        .await
        .unwrap();
    let user_code = device.user_code().unwrap().to_string();
    let page_url = device.verification_uri_complete().unwrap();
    assert!(
        page_url.starts_with(&format!(
            "{}/sandbox/device?user_code=",
            sandbox.endpoint_url()
        )),
        "{page_url}"
    );
    let path = page_url.strip_prefix(sandbox.endpoint_url()).unwrap();
    let host = common::http::own_host(&sandbox);
    let page = common::http::send(
        sandbox.local_addr(),
        "GET",
        path,
        &[("Host", host.as_str())],
        "",
    )
    .await;
    assert!(page.body.contains(&user_code), "{}", page.body);

    let token = |oidc: aws_sdk_ssooidc::Client, code: String| async move {
        oidc.create_token()
            .client_id(id)
            .client_secret(secret)
            .grant_type("urn:ietf:params:oauth:grant-type:device_code")
            .device_code(code)
            .send()
            .await
    };
    let code = device.device_code().unwrap().to_string();
    let pending = token(oidc.clone(), code.clone())
        .await
        .unwrap_err()
        .into_service_error();
    assert!(pending.is_authorization_pending_exception(), "{pending:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;

    let reply = common::http::admin(
        &sandbox,
        "POST",
        &format!("/sandbox/sso/approve?userCode={user_code}"),
        "",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let granted = token(oidc.clone(), code).await.unwrap();
    let access = granted.access_token().unwrap().to_string();
    assert_eq!(granted.expires_in(), 8 * 3600);
    assert_eq!(granted.token_type(), Some("Bearer"));

    // The portal with the token; the role credentials work against the sandbox.
    let accounts = portal
        .list_accounts()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    let ids: Vec<&str> = accounts
        .account_list()
        .iter()
        .filter_map(|a| a.account_id())
        .collect();
    assert_eq!(ids, ["000000000000", "111111111111"]);
    let roles = portal
        .list_account_roles()
        .access_token(&access)
        .account_id("000000000000")
        .send()
        .await
        .unwrap();
    assert_eq!(roles.role_list()[0].role_name(), Some("PipelineOperator"));
    let creds = portal
        .get_role_credentials()
        .access_token(&access)
        .account_id("000000000000")
        .role_name("PipelineOperator")
        .send()
        .await
        .unwrap()
        .role_credentials
        .unwrap();
    assert!(creds.access_key_id().unwrap().starts_with("ASIA"));
    let no_role = portal
        .get_role_credentials()
        .access_token(&access)
        .account_id("000000000000")
        .role_name("Admin")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(no_role.is_resource_not_found_exception(), "{no_role:?}");

    // Eight hours later the access token is expired; the refresh token gives a new one.
    sandbox.advance_clock(Duration::from_secs(8 * 3600 + 1));
    let expired = portal
        .list_accounts()
        .access_token(&access)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(expired.is_unauthorized_exception(), "{expired:?}");
    let refreshed = oidc
        .create_token()
        .client_id(id)
        .client_secret(secret)
        .grant_type("refresh_token")
        .refresh_token(granted.refresh_token().unwrap())
        .send()
        .await
        .unwrap();
    let access = refreshed.access_token().unwrap().to_string();
    portal
        .list_accounts()
        .access_token(&access)
        .send()
        .await
        .expect("a fresh session");

    // An expired session: both tokens refused, as when the IAM Identity Center session ends.
    let reply = common::http::admin(&sandbox, "POST", "/sandbox/sso/expire", "").await;
    assert_eq!(reply.status, 200);
    let expired = portal
        .list_accounts()
        .access_token(&access)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(expired.is_unauthorized_exception(), "{expired:?}");
    let stale = oidc
        .create_token()
        .client_id(id)
        .client_secret(secret)
        .grant_type("refresh_token")
        .refresh_token(refreshed.refresh_token().unwrap())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(stale.is_expired_token_exception(), "{stale:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn short_lived_tokens_and_a_denied_device() {
    let (sandbox, _client) = start(SandboxConfig::default()).await;
    sandbox.set_sso_times(pipewright_sandbox::sso::SsoTimes {
        access_token_seconds: 60,
        ..Default::default()
    });
    let clients = aws(sandbox.endpoint_url()).await;
    let oidc = clients.ssooidc();
    let client = oidc
        .register_client()
        .client_name("p")
        .client_type("public")
        .send()
        .await
        .unwrap();
    let (id, secret) = (client.client_id().unwrap(), client.client_secret().unwrap());
    let start = |oidc: aws_sdk_ssooidc::Client| async move {
        oidc.start_device_authorization()
            .client_id(id)
            .client_secret(secret)
            .start_url("https://example.awsapps.com/start")
            .send()
            .await
            .unwrap()
    };
    let device = start(oidc.clone()).await;
    assert!(sandbox.approve_device(device.user_code().unwrap(), true));
    let granted = oidc
        .create_token()
        .client_id(id)
        .client_secret(secret)
        .grant_type("urn:ietf:params:oauth:grant-type:device_code")
        .device_code(device.device_code().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(granted.expires_in(), 60);

    let device = start(oidc.clone()).await;
    assert!(sandbox.approve_device(device.user_code().unwrap(), false));
    let denied = oidc
        .create_token()
        .client_id(id)
        .client_secret(secret)
        .grant_type("urn:ietf:params:oauth:grant-type:device_code")
        .device_code(device.device_code().unwrap())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(denied.is_access_denied_exception(), "{denied:?}");
    sandbox.shutdown().await;
}
