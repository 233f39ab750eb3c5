//! Who the sandbox answers. It runs inside the desktop app on loopback, where any web page the
//! user opens can reach it: by DNS rebinding (a page's own name that resolves to 127.0.0.1) or
//! by a cross-site request from the browser. So every request must
//!
//! - be addressed to the sandbox itself: `Host` (and an absolute request URI, if any) is
//!   `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`, with the port it listens on;
//! - not come from another site's page: an `Origin` header, when present, is one of those
//!   (`http://127.0.0.1:PORT`, ...), and `Sec-Fetch-Site`, when present, is `same-origin` or
//!   `none` (a navigation the user typed or opened from outside the browser);
//!
//! and the endpoints that change the sandbox from outside the AWS API (`POST /sandbox/...`:
//! reset, scenario, clock, faults) need the per-run admin token in [`ADMIN_TOKEN_HEADER`]. The
//! read-only pages (`GET /sandbox/health`, `GET /sandbox/actions/<id>`, which the app opens in
//! the browser from an action's `externalExecutionUrl`) need no token.
//!
//! The AWS SDKs and the AWS CLI send `Host: 127.0.0.1:PORT` and no `Origin`, so they pass.

use hyper::http::{HeaderMap, Uri};

/// The header that carries the admin token to `POST /sandbox/...` endpoints.
pub const ADMIN_TOKEN_HEADER: &str = "x-pipewright-sandbox-token";

/// Why a request is refused; its message says what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("this sandbox serves only requests addressed to 127.0.0.1:{port}, localhost:{port} or [::1]:{port}, not to '{host}'; use the endpoint URL it printed")]
    ForeignHost { host: String, port: u16 },
    #[error("this sandbox refuses requests from web pages of other sites (origin '{origin}'); call it from the app, an AWS SDK or the AWS CLI")]
    CrossSite { origin: String },
    #[error("this sandbox endpoint needs the sandbox's admin token in the {ADMIN_TOKEN_HEADER} header; pipewright-sandbox prints it at start (RunningSandbox::admin_token in Rust)")]
    AdminToken,
}

/// The sandbox's own address and its admin token.
#[derive(Debug, Clone)]
pub struct Guard {
    port: u16,
    admin_token: String,
}

impl Guard {
    pub fn new(port: u16, admin_token: String) -> Self {
        Guard { port, admin_token }
    }

    pub fn admin_token(&self) -> &str {
        &self.admin_token
    }

    /// Refuse a request not addressed to the sandbox, or sent by another site's page.
    pub fn check(&self, uri: &Uri, headers: &HeaderMap) -> Result<(), Refusal> {
        let host = header(headers, "host");
        let foreign = |host: &str| Refusal::ForeignHost {
            host: host.to_string(),
            port: self.port,
        };
        match host {
            Some(h) if self.is_own_authority(h) => {}
            Some(h) => return Err(foreign(h)),
            None => return Err(foreign("")),
        }
        if let Some(authority) = uri.authority() {
            if !self.is_own_authority(authority.as_str()) {
                return Err(foreign(authority.as_str()));
            }
        }
        if let Some(origin) = header(headers, "origin") {
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|a| self.is_own_authority(a));
            if !own {
                return Err(Refusal::CrossSite {
                    origin: origin.to_string(),
                });
            }
        }
        if let Some(site) = header(headers, "sec-fetch-site") {
            if !matches!(site, "same-origin" | "none") {
                return Err(Refusal::CrossSite {
                    origin: format!("Sec-Fetch-Site: {site}"),
                });
            }
        }
        Ok(())
    }

    /// Refuse an admin request without the run's token.
    pub fn check_admin(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let given = header(headers, ADMIN_TOKEN_HEADER).unwrap_or("");
        if constant_time_eq(given.as_bytes(), self.admin_token.as_bytes()) {
            Ok(())
        } else {
            Err(Refusal::AdminToken)
        }
    }

    /// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (no port: 80).
    fn is_own_authority(&self, authority: &str) -> bool {
        let (host, port) = match authority.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((host, rest)) => (host, rest),
                None => return false,
            },
            None => match authority.rfind(':') {
                Some(i) => (&authority[..i], &authority[i..]),
                None => (authority, ""),
            },
        };
        let port = match port {
            "" => 80,
            p => match p.strip_prefix(':').and_then(|p| p.parse::<u16>().ok()) {
                Some(p) => p,
                None => return false,
            },
        };
        let loopback =
            host == "127.0.0.1" || host == "::1" || host.eq_ignore_ascii_case("localhost");
        loopback && port == self.port
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"))
}

/// Compare without stopping at the first difference (the token is a secret).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn guard() -> Guard {
        Guard::new(4567, "secret".into())
    }

    fn check(pairs: &[(&'static str, &str)]) -> Result<(), Refusal> {
        guard().check(&Uri::from_static("/"), &headers(pairs))
    }

    #[test]
    fn loopback_names_with_the_sandbox_port_are_its_own() {
        for host in [
            "127.0.0.1:4567",
            "localhost:4567",
            "LocalHost:4567",
            "[::1]:4567",
        ] {
            assert_eq!(check(&[("host", host)]), Ok(()), "{host}");
        }
    }

    #[test]
    fn other_names_ports_and_a_missing_host_are_foreign() {
        for host in [
            "evil.example:4567",
            "127.0.0.1:4568",
            "127.0.0.1",
            "localhost.evil.example:4567",
            "[::1]",
            "[::1:4567",
            "127.0.0.2:4567",
        ] {
            assert!(
                matches!(check(&[("host", host)]), Err(Refusal::ForeignHost { .. })),
                "{host}"
            );
        }
        assert!(matches!(check(&[]), Err(Refusal::ForeignHost { .. })));
        let absolute = Uri::from_static("http://evil.example:4567/");
        assert!(matches!(
            guard().check(&absolute, &headers(&[("host", "127.0.0.1:4567")])),
            Err(Refusal::ForeignHost { .. })
        ));
    }

    #[test]
    fn only_the_sandbox_own_origin_and_same_origin_fetches_pass() {
        let own = [("host", "127.0.0.1:4567")];
        assert_eq!(
            check(&[own[0], ("origin", "http://localhost:4567")]),
            Ok(())
        );
        assert_eq!(check(&[own[0], ("sec-fetch-site", "none")]), Ok(()));
        assert_eq!(check(&[own[0], ("sec-fetch-site", "same-origin")]), Ok(()));
        for origin in [
            "https://evil.example",
            "null",
            "http://127.0.0.1:3000",
            "https://127.0.0.1:4567",
        ] {
            assert!(
                matches!(
                    check(&[own[0], ("origin", origin)]),
                    Err(Refusal::CrossSite { .. })
                ),
                "{origin}"
            );
        }
        for site in ["cross-site", "same-site"] {
            assert!(matches!(
                check(&[own[0], ("sec-fetch-site", site)]),
                Err(Refusal::CrossSite { .. })
            ));
        }
    }

    #[test]
    fn admin_requests_need_the_exact_token() {
        let g = guard();
        assert_eq!(
            g.check_admin(&headers(&[(ADMIN_TOKEN_HEADER, "secret")])),
            Ok(())
        );
        for given in [
            &[][..],
            &[(ADMIN_TOKEN_HEADER, "secreT")],
            &[(ADMIN_TOKEN_HEADER, "secret2")],
        ] {
            assert_eq!(g.check_admin(&headers(given)), Err(Refusal::AdminToken));
        }
        assert!(Refusal::AdminToken.to_string().contains(ADMIN_TOKEN_HEADER));
    }
}
