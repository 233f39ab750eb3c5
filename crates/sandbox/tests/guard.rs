//! Who the sandbox answers, tried over loopback with raw requests as a hostile web page would
//! send them: only requests addressed to its own `Host`, none from another site's page, and
//! its admin endpoints only with the run's token. The SDK client keeps working throughout.

mod common;

use common::*;
use pipewright_sandbox::{Sandbox, ADMIN_TOKEN_HEADER};
use serde_json::json;

async fn pipeline_names(client: &aws_sdk_codepipeline::Client) -> Vec<String> {
    client
        .list_pipelines()
        .send()
        .await
        .expect("the SDK client is served")
        .pipelines
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.name)
        .collect()
}

#[tokio::test]
async fn a_request_for_another_host_is_refused_before_it_does_anything() {
    let (sandbox, client) = start(quick()).await;
    create(&client, pipeline("app", vec![source(), build_stage()])).await;
    let port = sandbox.local_addr().port();
    // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends its own
    // name as Host. A wrong port or a missing Host is not the sandbox's either.
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
        String::new(),
    ] {
        let headers: Vec<(&str, &str)> = if host.is_empty() {
            Vec::new()
        } else {
            vec![("Host", host.as_str())]
        };
        let target = "CodePipeline_20150709.DeletePipeline";
        let reply = http::send(
            sandbox.local_addr(),
            "POST",
            "/",
            &[&headers[..], &[("X-Amz-Target", target)]].concat(),
            r#"{"name": "app"}"#,
        )
        .await;
        assert_eq!(reply.status, 403, "Host {host:?}: {reply:?}");
        let body = reply.json();
        assert_eq!(body["__type"], "AccessDeniedException", "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    }
    assert_eq!(pipeline_names(&client).await, ["app"]);

    // Its own names are served, in any case for localhost.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply =
            http::operation(&sandbox, "ListPipelines", &json!({}), &[("Host", &host)]).await;
        assert_eq!(reply.status, 200, "Host {host}: {reply:?}");
        assert_eq!(reply.json()["pipelines"][0]["name"], "app");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_cross_site_request_from_a_browser_is_refused_even_with_the_token() {
    let (sandbox, client) = start(quick()).await;
    create(&client, pipeline("app", vec![source(), build_stage()])).await;
    let host = http::own_host(&sandbox);
    let token = sandbox.admin_token().to_string();
    let addr = sandbox.local_addr();
    // A form or fetch() from another site: the browser sends its Origin, or (for no-cors
    // requests) Sec-Fetch-Site: cross-site. Neither may empty the sandbox.
    let port = addr.port();
    let own_other_port = format!("http://127.0.0.1:{}", port.wrapping_add(1));
    for (name, value) in [
        ("Origin", "https://evil.example"),
        ("Origin", "null"),
        ("Origin", own_other_port.as_str()),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Site", "same-site"),
    ] {
        let headers = [
            ("Host", host.as_str()),
            (ADMIN_TOKEN_HEADER, token.as_str()),
            (name, value),
            ("Content-Type", "text/plain"),
        ];
        let reply = http::send(addr, "POST", "/sandbox/reset", &headers, "").await;
        assert_eq!(reply.status, 403, "{name}: {value}: {reply:?}");
        assert!(reply.body.contains("other sites"), "{reply:?}");
        let api = http::operation(
            &sandbox,
            "DeletePipeline",
            &json!({ "name": "app" }),
            &[(name, value)],
        )
        .await;
        assert_eq!(api.status, 403, "{name}: {value}: {api:?}");
    }
    assert_eq!(pipeline_names(&client).await, ["app"]);

    // The sandbox's own origin, and a navigation the user started (Sec-Fetch-Site: none), pass.
    let own = format!("http://{host}");
    let reply = http::send(
        addr,
        "POST",
        "/sandbox/reset",
        &[
            ("Host", host.as_str()),
            (ADMIN_TOKEN_HEADER, token.as_str()),
            ("Origin", own.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        "",
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(pipeline_names(&client).await.is_empty());
    let health = http::send(
        addr,
        "GET",
        "/sandbox/health",
        &[("Host", host.as_str()), ("Sec-Fetch-Site", "none")],
        "",
    )
    .await;
    assert_eq!(health.status, 200, "{health:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn admin_endpoints_need_this_run_token() {
    let (sandbox, client) = start(quick()).await;
    create(&client, pipeline("app", vec![source(), build_stage()])).await;
    let other = Sandbox::start(quick()).await.unwrap();
    assert_ne!(sandbox.admin_token(), other.admin_token());
    assert!(sandbox.admin_token().len() >= 32);
    let host = http::own_host(&sandbox);
    let addr = sandbox.local_addr();
    let scenario = r#"{"actions": [{"fail": "planted"}]}"#;
    for token in [None, Some(""), Some(other.admin_token())] {
        for (path, body) in [
            ("/sandbox/reset", ""),
            ("/sandbox/faults?throttleEvery=1", ""),
            ("/sandbox/clock/advance?ms=86400000", ""),
            ("/sandbox/scenario", scenario),
        ] {
            let mut headers = vec![("Host", host.as_str())];
            if let Some(token) = token {
                headers.push((ADMIN_TOKEN_HEADER, token));
            }
            let reply = http::send(addr, "POST", path, &headers, body).await;
            assert_eq!(reply.status, 403, "{path} with {token:?}: {reply:?}");
            assert!(reply.body.contains(ADMIN_TOKEN_HEADER), "{reply:?}");
        }
    }
    // Nothing changed: the pipeline is there, calls are not throttled, actions do not fail.
    assert_eq!(pipeline_names(&client).await, ["app"]);
    let id = start_execution(&client, "app").await;
    wait_status(
        &client,
        "app",
        &id,
        aws_sdk_codepipeline::types::PipelineExecutionStatus::Succeeded,
    )
    .await;

    // The read-only pages need no token.
    let health = http::send(
        addr,
        "GET",
        "/sandbox/health",
        &[("Host", host.as_str())],
        "",
    )
    .await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));

    // With this run's token the same request is served.
    let reply = http::admin(&sandbox, "POST", "/sandbox/reset", "").await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(pipeline_names(&client).await.is_empty());
    other.shutdown().await;
    sandbox.shutdown().await;
}
