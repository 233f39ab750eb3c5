//! Any AWS SDK error in plain words (expired token, access denied, invalid credentials,
//! throttling, clock skew, unknown region, unresolvable or unreachable endpoint): the crate's
//! [`Error`], for "Test connection" and every other call that reaches AWS.

use std::error::Error as StdError;
use std::time::Duration;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::error::Error;

/// How long "Test connection" waits to connect, and for the whole call; [`explain`] says a
/// timeout with them.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// Regions where CodePipeline is offered (used to tell "unknown region" from "offline").
pub const KNOWN_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/// Turns any AWS SDK error into a plain-words [`Error`]: expired token, access denied, invalid
/// credentials, throttling, unknown region, unresolvable or unreachable endpoint.
pub fn explain<E, R>(
    err: SdkError<E, R>,
    connection: &str,
    region: &str,
    endpoint_url: Option<&str>,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    explain_within(err, connection, region, endpoint_url, CALL_TIMEOUT)
}

pub(crate) fn explain_within<E, R>(
    err: SdkError<E, R>,
    connection: &str,
    region: &str,
    endpoint_url: Option<&str>,
    call_timeout: Duration,
) -> Error
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let endpoint = endpoint_url
        .map(str::to_owned)
        .unwrap_or_else(|| format!("https://codepipeline.{region}.amazonaws.com"));
    match &err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            let code = e.code().unwrap_or_default().to_owned();
            let message = e.message().unwrap_or_default().to_owned();
            from_service_code(&code, &message)
        }
        SdkError::TimeoutError(_) => Error::Unreachable {
            endpoint,
            detail: format!("no answer within {}", seconds(call_timeout)),
        },
        SdkError::DispatchFailure(d) => {
            if let Some(ce) = find_source::<CredentialsError>(&err) {
                return from_credentials_error(ce, connection);
            }
            let chain = chain_text(&err);
            if is_dns_failure(&chain) {
                let host = url::Url::parse(&endpoint)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_else(|| endpoint.clone());
                if endpoint_url.is_none() && !KNOWN_REGIONS.contains(&region) {
                    return Error::UnknownRegion {
                        region: region.to_owned(),
                        detail: format!("{host} does not exist"),
                    };
                }
                return Error::EndpointNotResolvable { host };
            }
            let detail = if d.is_timeout() {
                format!(
                    "no answer within {}",
                    seconds(CONNECT_TIMEOUT.min(call_timeout))
                )
            } else if let Some(io) = find_source::<std::io::Error>(&err) {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                    std::io::ErrorKind::TimedOut => "the connection timed out".to_owned(),
                    std::io::ErrorKind::ConnectionReset => "the connection was reset".to_owned(),
                    _ => io.to_string(),
                }
            } else if chain.to_ascii_lowercase().contains("connection refused") {
                "connection refused".to_owned()
            } else {
                last_line(&chain)
            };
            Error::Unreachable { endpoint, detail }
        }
        SdkError::ConstructionFailure(_) => {
            let chain = chain_text(&err);
            if chain.to_ascii_lowercase().contains("region") {
                Error::UnknownRegion {
                    region: region.to_owned(),
                    detail: last_line(&chain),
                }
            } else {
                Error::InvalidEndpoint {
                    url: endpoint,
                    reason: last_line(&chain),
                }
            }
        }
        _ => {
            let status = err
                .raw_response()
                .and_then(|r| (r as &dyn std::any::Any).downcast_ref::<HttpResponse>())
                .map(|r| r.status().as_u16());
            Error::UnexpectedResponse {
                detail: match status {
                    Some(status) => format!("HTTP {status}, not an AWS answer"),
                    None => "not an AWS answer".to_owned(),
                },
                technical: Some(
                    aws_smithy_types::error::display::DisplayErrorContext(&err).to_string(),
                ),
            }
        }
    }
}

/// Maps an AWS error code (`__type` / `Code`) to a plain-words error.
pub fn from_service_code(code: &str, message: &str) -> Error {
    let detail = if message.is_empty() {
        code.to_owned()
    } else {
        format!("{code}: {message}")
    };
    if pipewright_aws::error::is_clock_skew(code, message) {
        return Error::ClockSkew { detail };
    }
    match code {
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" | "TokenRefreshRequired" => {
            Error::ExpiredToken { detail }
        }
        "AccessDeniedException"
        | "AccessDenied"
        | "NotAuthorized"
        | "UnauthorizedOperation"
        | "AuthorizationError"
        | "UnauthorizedException" => Error::AccessDenied { detail },
        "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "MissingAuthenticationToken"
        | "InvalidAccessKeyId"
        | "MissingAuthenticationTokenException" => Error::InvalidCredentials { detail },
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "ThrottledException"
        | "SlowDown" => Error::Throttled { detail },
        _ => Error::Service {
            code: if code.is_empty() {
                "an error".into()
            } else {
                code.to_owned()
            },
            message: if message.is_empty() {
                "(no message)".into()
            } else {
                message.to_owned()
            },
        },
    }
}

fn from_credentials_error(e: &CredentialsError, connection: &str) -> Error {
    let chain = chain_text(e);
    let lower = chain.to_ascii_lowercase();
    if lower.contains("expired") {
        return Error::ExpiredToken {
            detail: last_line(&chain),
        };
    }
    let detail = if lower.contains("no credentials found in chain")
        || lower.contains("no providers in chain provided credentials")
    {
        "no credentials were found in the AWS_* environment variables, the AWS profile files, \
         or a container or instance role"
            .to_owned()
    } else {
        last_line(&chain)
    };
    Error::CredentialsUnavailable {
        connection: connection.to_owned(),
        detail,
    }
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn is_dns_failure(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    [
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "no address associated",
        "nodename nor servname",
        "temporary failure in name resolution",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// The error and its sources, one per line.
fn chain_text(e: &(dyn StdError + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push('\n');
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

fn last_line(chain: &str) -> String {
    chain
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(chain)
        .trim()
        .to_owned()
}

fn find_source<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(s) = cur {
        if let Some(t) = s.downcast_ref::<T>() {
            return Some(t);
        }
        cur = s.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesError;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    #[test]
    fn an_unreadable_answer_says_its_status_and_keeps_the_rest_for_details() {
        let mut page = HttpResponse::new(StatusCode::try_from(500).unwrap(), SdkBody::empty());
        *page.body_mut() = SdkBody::from("Internal Server Error");
        let err = SdkError::<ListPipelinesError, HttpResponse>::response_error(
            "malformed JSON error body: unexpected token 'I'. Expected one of '{', '['",
            page,
        );
        let e = explain(err, "dev", "eu-west-1", Some("http://127.0.0.1:9"));
        assert_eq!(e.kind(), ErrorKind::UnexpectedResponse, "{e}");
        let text = e.to_string();
        assert!(text.contains("(HTTP 500, not an AWS answer)"), "{text}");
        assert!(!text.contains('{') && !text.contains("malformed"), "{text}");
        assert!(e.technical().unwrap().contains("malformed JSON"), "{e:?}");
    }

    #[test]
    fn service_codes_map_to_plain_words() {
        let cases = [
            ("ExpiredTokenException", ErrorKind::ExpiredToken),
            ("AccessDeniedException", ErrorKind::AccessDenied),
            ("UnrecognizedClientException", ErrorKind::InvalidCredentials),
            ("InvalidSignatureException", ErrorKind::InvalidCredentials),
            ("ThrottlingException", ErrorKind::Throttled),
            ("ValidationException", ErrorKind::Service),
        ];
        for (code, kind) in cases {
            let e = from_service_code(code, "msg");
            assert_eq!(e.kind(), kind, "{code}");
            assert!(e.to_string().contains(code), "{e}");
        }
    }

    #[test]
    fn a_clock_that_is_off_is_clock_skew_not_a_sign_in() {
        // What SigV4 answers when the request's time is off by more than five minutes.
        for (code, message) in [
            (
                "InvalidSignatureException",
                "Signature expired: 20261206T070000Z is now earlier than 20261206T075512Z (20261206T080012Z - 5 min.)",
            ),
            (
                "InvalidSignatureException",
                "Signature not yet current: 20261206T090000Z is still later than 20261206T080512Z (20261206T080012Z + 5 min.)",
            ),
            ("RequestTimeTooSkewed", "The difference between the request time and the current time is too large."),
        ] {
            let e = from_service_code(code, message);
            assert_eq!(e.kind(), ErrorKind::ClockSkew, "{code}: {message}");
            let text = e.to_string();
            assert!(text.contains("clock"), "{text}");
            assert!(!text.contains("sso login"), "{text}");
        }
        // A signature that is simply wrong stays a credentials problem.
        assert_eq!(
            from_service_code(
                "InvalidSignatureException",
                "The request signature we calculated does not match"
            )
            .kind(),
            ErrorKind::InvalidCredentials
        );
    }

    fn dispatch(message: &str) -> SdkError<ListPipelinesError, HttpResponse> {
        SdkError::dispatch_failure(ConnectorError::io(Box::new(std::io::Error::other(
            message.to_owned(),
        ))))
    }

    const DNS: &str = "dns error: failed to lookup address information: Name or service not known";

    #[test]
    fn dns_failure_without_custom_endpoint_in_a_made_up_region_is_unknown_region() {
        // Built from the error the HTTP client gives; a real lookup would leave this machine.
        let e = explain(dispatch(DNS), "prod", "xx-nowhere-1", None);
        assert_eq!(e.kind(), ErrorKind::UnknownRegion, "{e}");
        assert!(e.to_string().contains("'xx-nowhere-1'"), "{e}");
        assert!(
            e.to_string()
                .contains("codepipeline.xx-nowhere-1.amazonaws.com"),
            "{e}"
        );
    }

    #[test]
    fn dns_failure_of_a_known_region_or_custom_endpoint_is_not_resolvable() {
        let e = explain(dispatch(DNS), "prod", "eu-west-1", None);
        assert_eq!(e.kind(), ErrorKind::EndpointNotResolvable, "{e}");
        assert!(
            e.to_string()
                .contains("codepipeline.eu-west-1.amazonaws.com"),
            "{e}"
        );
        let e = explain(
            dispatch(DNS),
            "dev",
            "eu-west-1",
            Some("http://moto.internal:5000"),
        );
        assert_eq!(e.kind(), ErrorKind::EndpointNotResolvable, "{e}");
        assert!(e.to_string().contains("'moto.internal'"), "{e}");
    }

    #[test]
    fn timeouts_are_unreachable() {
        let e = explain(
            SdkError::<ListPipelinesError, HttpResponse>::timeout_error("slow"),
            "prod",
            "eu-west-1",
            None,
        );
        assert_eq!(e.kind(), ErrorKind::Unreachable, "{e}");
        assert!(e.to_string().contains("no answer within"), "{e}");
    }

    #[test]
    fn dns_failures_are_recognised() {
        assert!(is_dns_failure(
            "dispatch failure\nio error\ndns error: failed to lookup address information: Name or service not known"
        ));
        assert!(!is_dns_failure(
            "dispatch failure\nConnection refused (os error 111)"
        ));
    }
}
