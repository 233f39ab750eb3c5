//! CodeBuild (AWS JSON 1.1, `CodeBuild_20161006`): BatchGetBuilds (phases with the failed
//! phase's context, the log location), and the test reports of projects that have a suite:
//! BatchGetReports, DescribeTestCases (filter by status, e.g. FAILED) and
//! ListReportsForReportGroup. Builds are the action runs `builds` finds.

use serde_json::{json, Value};

use super::{unknown_operation, Call};
use crate::builds::{self, Build};
use crate::error::{ApiError, ApiResult};
use crate::store::Store;
use crate::wire::{compact, opt_str, page, with_next_token};

pub fn dispatch(st: &mut Store, op: &str, body: &Value, call: &Call) -> ApiResult<Value> {
    match op {
        "BatchGetBuilds" => batch_get_builds(st, body, call.now),
        "BatchGetReports" => batch_get_reports(st, body),
        "DescribeTestCases" => describe_test_cases(st, body),
        "ListReportsForReportGroup" => list_reports_for_report_group(st, body),
        other => Err(unknown_operation("CodeBuild", other)),
    }
}

fn strings<'a>(body: &'a Value, key: &str) -> ApiResult<Vec<&'a str>> {
    let list: Vec<&str> = body
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if list.is_empty() || list.len() > 100 {
        return Err(ApiError::new(
            "InvalidInputException",
            format!("{key} must list 1 to 100 values."),
        ));
    }
    Ok(list)
}

fn build_arn(st: &Store, id: &str) -> String {
    format!(
        "arn:aws:codebuild:{}:{}:build/{id}",
        st.config.region,
        crate::ACCOUNT_ID
    )
}

fn report_group_arn(st: &Store, project: &str, group: &str) -> String {
    format!(
        "arn:aws:codebuild:{}:{}:report-group/{project}-{group}",
        st.config.region,
        crate::ACCOUNT_ID
    )
}

fn report_arn(st: &Store, b: &Build) -> Option<String> {
    let suite = b.profile.report.as_ref()?;
    // A report exists once the build reached the phase that writes it.
    Some(format!(
        "arn:aws:codebuild:{}:{}:report/{}-{}:{}",
        st.config.region,
        crate::ACCOUNT_ID,
        b.project,
        suite.name,
        b.run_id()
    ))
}

fn batch_get_builds(st: &mut Store, body: &Value, now: f64) -> ApiResult<Value> {
    let ids = strings(body, "ids")?;
    let all = builds::all(st);
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        let key = id.rsplit_once(":build/").map_or(id, |(_, rest)| rest);
        match all.iter().find(|b| b.id == key) {
            Some(b) => found.push(build_json(st, b, now)),
            None => missing.push(id.to_string()),
        }
    }
    Ok(compact(json!({
        "builds": found,
        "buildsNotFound": if missing.is_empty() { Value::Null } else { json!(missing) },
    })))
}

fn build_json(st: &Store, b: &Build, now: f64) -> Value {
    let region = &st.config.region;
    let phases: Vec<Value> = b
        .phases(now)
        .into_iter()
        .map(|p| {
            compact(json!({
                "phaseType": p.name,
                "phaseStatus": if p.status.is_empty() { Value::Null } else { json!(p.status) },
                "startTime": p.start,
                "endTime": p.end,
                "durationInSeconds": p.end.map(|e| (e - p.start).round() as i64),
                "contexts": p.context.map(|(code, message)| json!([{ "statusCode": code, "message": message }])),
            }))
        })
        .collect();
    let group = format!("/aws/codebuild/{}", b.project);
    let stream = b.run_id().to_string();
    let revision = b.ex.source_revisions.first().map(|r| r.id.clone());
    let finished = b.end().is_some();
    let report = report_arn(st, b).filter(|_| finished || b.current_phase(now) == "POST_BUILD");
    compact(json!({
        "id": b.id,
        "arn": build_arn(st, &b.id),
        "buildNumber": b.number,
        "startTime": b.attempt.start,
        "endTime": b.end(),
        "currentPhase": b.current_phase(now),
        "buildStatus": b.status(),
        "sourceVersion": format!("arn:aws:s3:::pipewright-sandbox-artifacts/{}/SourceArti/{}", b.ex.pipeline, &b.run_id()[..8]),
        "resolvedSourceVersion": revision,
        "projectName": b.project,
        "phases": phases,
        "source": { "type": "CODEPIPELINE", "buildspec": "buildspec.yml" },
        "artifacts": { "location": format!("arn:aws:s3:::pipewright-sandbox-artifacts/{}/BuildArtif/{}", b.ex.pipeline, &b.run_id()[..8]) },
        "environment": {
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
            "environmentVariables": [],
            "privilegedMode": false,
            "imagePullCredentialsType": "CODEBUILD",
        },
        "serviceRole": format!("arn:aws:iam::{}:role/service-role/codebuild-{}-service-role", crate::ACCOUNT_ID, b.project),
        "logs": {
            "groupName": group,
            "streamName": stream,
            "deepLink": format!("https://console.aws.amazon.com/cloudwatch/home?region={region}#logsV2:log-groups/log-group/{}/log-events/{stream}", group.replace('/', "$252F")),
            "cloudWatchLogsArn": format!("arn:aws:logs:{region}:{}:log-group:{group}:log-stream:{stream}", crate::ACCOUNT_ID),
            "cloudWatchLogs": { "status": "ENABLED", "groupName": group, "streamName": stream },
            "s3Logs": { "status": "DISABLED", "encryptionDisabled": false },
        },
        "timeoutInMinutes": 60,
        "queuedTimeoutInMinutes": 480,
        "buildComplete": finished,
        "initiator": format!("codepipeline/{}", b.ex.pipeline),
        "encryptionKey": format!("arn:aws:kms:{region}:{}:alias/aws/s3", crate::ACCOUNT_ID),
        "reportArns": report.map(|r| vec![r]),
    }))
}

/// (report ARN, build) for every report.
fn reports(st: &Store) -> Vec<(String, Build<'_>)> {
    builds::all(st)
        .into_iter()
        .filter(|b| b.end().is_some())
        .filter_map(|b| Some((report_arn(st, &b)?, b)))
        .collect()
}

/// The test cases of a report: (suite, name, status, duration ms, message).
fn cases(b: &Build) -> Vec<(String, String, &'static str, u64, Option<String>)> {
    let Some(suite) = &b.profile.report else {
        return Vec::new();
    };
    suite
        .tests
        .iter()
        .map(|(file, name, ms)| {
            let failure = b
                .fails()
                .then(|| suite.failing.iter().find(|(n, _)| n == name))
                .flatten();
            match failure {
                Some((_, message)) => (
                    file.clone(),
                    name.clone(),
                    "FAILED",
                    *ms,
                    Some(message.clone()),
                ),
                None => (file.clone(), name.clone(), "SUCCEEDED", *ms, None),
            }
        })
        .collect()
}

fn batch_get_reports(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let arns = strings(body, "reportArns")?;
    let all = reports(st);
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for arn in arns {
        let Some((_, b)) = all.iter().find(|(a, _)| a == arn) else {
            missing.push(arn.to_string());
            continue;
        };
        let cases = cases(b);
        let failed = cases.iter().filter(|c| c.2 == "FAILED").count();
        let suite = b.profile.report.as_ref().map_or("", |s| s.name.as_str());
        let created = b.end().unwrap_or(b.attempt.start);
        found.push(json!({
            "arn": arn,
            "type": "TEST",
            "name": format!("{}-{suite}", b.project),
            "reportGroupArn": report_group_arn(st, &b.project, suite),
            "executionId": build_arn(st, &b.id),
            "status": if failed > 0 { "FAILED" } else { "SUCCEEDED" },
            "created": created,
            "expired": created + 30.0 * 86400.0,
            "exportConfig": { "exportConfigType": "NO_EXPORT" },
            "truncated": false,
            "testSummary": {
                "total": cases.len(),
                "statusCounts": { "SUCCEEDED": cases.len() - failed, "FAILED": failed, "SKIPPED": 0, "ERROR": 0, "UNKNOWN": 0 },
                "durationInNanoSeconds": cases.iter().map(|c| c.3 * 1_000_000).sum::<u64>(),
            },
        }));
    }
    Ok(compact(json!({
        "reports": found,
        "reportsNotFound": if missing.is_empty() { Value::Null } else { json!(missing) },
    })))
}

fn page_token(body: &Value) -> ApiResult<usize> {
    match opt_str(body, "nextToken") {
        None => Ok(0),
        Some(t) => t.strip_prefix("sandbox-page-").and_then(|n| n.parse().ok()).ok_or_else(|| {
            ApiError::new(
                "InvalidInputException",
                "The next token is not valid. Pass the nextToken of the previous response unchanged.",
            )
        }),
    }
}

fn size(body: &Value, default: usize) -> ApiResult<usize> {
    match body.get("maxResults").and_then(Value::as_i64) {
        None => Ok(default),
        Some(n) if (1..=100).contains(&n) => Ok(n as usize),
        Some(n) => Err(ApiError::new(
            "InvalidInputException",
            format!("maxResults must be from 1 to 100, not {n}."),
        )),
    }
}

fn describe_test_cases(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let arn = crate::wire::req_str(body, "reportArn")?;
    let all = reports(st);
    let (_, b) = all.iter().find(|(a, _)| a == arn).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!("Report {arn} does not exist."),
        )
    })?;
    let status = body.pointer("/filter/status").and_then(Value::as_str);
    let keyword = body.pointer("/filter/keyword").and_then(Value::as_str);
    let created = b.end().unwrap_or(b.attempt.start);
    let list: Vec<Value> = cases(b)
        .into_iter()
        .filter(|c| status.is_none_or(|s| s == c.2))
        .filter(|c| keyword.is_none_or(|k| c.1.contains(k) || c.0.contains(k)))
        .map(|(file, name, status, ms, message)| {
            compact(json!({
                "reportArn": arn,
                "testRawDataPath": format!("/codebuild/output/src/src/reports/pytest.xml"),
                "prefix": file.trim_end_matches(".py").replace('/', "."),
                "name": name,
                "status": status,
                "durationInNanoSeconds": ms * 1_000_000,
                "message": message,
                "expired": created + 30.0 * 86400.0,
                "testSuiteName": "pytest",
            }))
        })
        .collect();
    let (items, next) = page(list, page_token(body)?, size(body, 100)?);
    Ok(with_next_token(json!({ "testCases": items }), next))
}

fn list_reports_for_report_group(st: &mut Store, body: &Value) -> ApiResult<Value> {
    let group = crate::wire::req_str(body, "reportGroupArn")?;
    let mut list: Vec<(f64, String)> = reports(st)
        .into_iter()
        .filter(|(_, b)| {
            b.profile
                .report
                .as_ref()
                .is_some_and(|s| report_group_arn(st, &b.project, &s.name) == group)
        })
        .map(|(arn, b)| (b.attempt.start, arn))
        .collect();
    if list.is_empty()
        && !st.world.projects.iter().any(|(p, prof)| {
            prof.report
                .as_ref()
                .is_some_and(|s| report_group_arn(st, p, &s.name) == group)
        })
    {
        return Err(ApiError::new(
            "ResourceNotFoundException",
            format!("Report group {group} does not exist."),
        ));
    }
    list.sort_by(|a, b| b.0.total_cmp(&a.0));
    if opt_str(body, "sortOrder") == Some("ASCENDING") {
        list.reverse();
    }
    let arns: Vec<String> = list.into_iter().map(|(_, a)| a).collect();
    let (items, next) = page(arns, page_token(body)?, size(body, 100)?);
    Ok(with_next_token(json!({ "reports": items }), next))
}
