//! IAM Identity Center as the sandbox plays it: OIDC clients, device authorizations that wait
//! until someone approves them (the admin endpoint `POST /sandbox/sso/approve`, or
//! [`crate::RunningSandbox::approve_device`]), access and refresh tokens that expire by the
//! sandbox clock, and the accounts and roles of the portal. The rules of the flow live here;
//! `services::sso_oidc` and `services::sso` translate them to the wire.

use std::collections::HashMap;

/// Why CreateToken (or a portal call) is refused: the OAuth error and its exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    AuthorizationPending,
    SlowDown,
    ExpiredToken,
    AccessDenied,
    InvalidClient,
    InvalidGrant,
    UnsupportedGrantType,
    InvalidRequest,
    /// The portal: the access token is unknown, expired or signed out.
    Unauthorized,
    /// The portal: no such account or role.
    NotFound,
}

impl Refusal {
    /// (exception shape, OAuth `error`, HTTP status, description)
    pub fn wire(self) -> (&'static str, &'static str, u16, &'static str) {
        match self {
            Refusal::AuthorizationPending => ("AuthorizationPendingException", "authorization_pending", 400, "Authorization is still pending: the user has not approved this device yet."),
            Refusal::SlowDown => ("SlowDownException", "slow_down", 400, "Polling faster than the interval StartDeviceAuthorization gave; wait longer between calls."),
            Refusal::ExpiredToken => ("ExpiredTokenException", "expired_token", 400, "The device code or refresh token expired; start the sign-in again."),
            Refusal::AccessDenied => ("AccessDeniedException", "access_denied", 400, "The user denied this device authorization."),
            Refusal::InvalidClient => ("InvalidClientException", "invalid_client", 401, "The client id or secret is not valid, or the client registration expired; register the client again."),
            Refusal::InvalidGrant => ("InvalidGrantException", "invalid_grant", 400, "The device code or refresh token is not valid for this client."),
            Refusal::UnsupportedGrantType => ("UnsupportedGrantTypeException", "unsupported_grant_type", 400, "Use grantType urn:ietf:params:oauth:grant-type:device_code or refresh_token."),
            Refusal::InvalidRequest => ("InvalidRequestException", "invalid_request", 400, "The request is missing a required parameter."),
            Refusal::Unauthorized => ("UnauthorizedException", "", 401, "Session token not found or invalid"),
            Refusal::NotFound => ("ResourceNotFoundException", "", 404, "No access"),
        }
    }
}

pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

#[derive(Debug, Clone)]
pub struct Client {
    pub secret: String,
    pub name: String,
    pub issued: f64,
    pub expires: f64,
}

#[derive(Debug, Clone)]
pub struct Device {
    pub client_id: String,
    pub user_code: String,
    pub expires: f64,
    /// None while waiting; Some(true) approved, Some(false) denied.
    pub decision: Option<bool>,
    pub last_poll: Option<f64>,
    /// A token was issued for it (a device code is good for one token).
    pub used: bool,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub client_id: String,
    pub issued: f64,
    pub expires: f64,
}

/// Token lifetimes and polling interval (admin endpoint or scenario `sso:`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SsoTimes {
    pub access_token_seconds: u64,
    pub refresh_token_seconds: u64,
    pub device_code_seconds: u64,
    pub interval_seconds: u64,
}

impl Default for SsoTimes {
    fn default() -> Self {
        SsoTimes {
            access_token_seconds: 8 * 3600,
            refresh_token_seconds: 90 * 86400,
            device_code_seconds: 600,
            interval_seconds: 1,
        }
    }
}

/// The sign-in state.
#[derive(Debug, Default)]
pub struct SsoState {
    pub times: SsoTimes,
    pub clients: HashMap<String, Client>,
    pub devices: HashMap<String, Device>,
    pub access: HashMap<String, Token>,
    pub refresh: HashMap<String, Token>,
    /// Sessions issued before this moment are expired (admin: expire every session now).
    pub expired_before: f64,
    /// Approve device authorizations as they start (tests that do not exercise approval).
    pub auto_approve: bool,
}

/// What a granted CreateToken returns.
#[derive(Debug, Clone)]
pub struct Granted {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

/// The portal's accounts: (id, name, email, roles).
pub fn accounts() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
)> {
    vec![
        (
            crate::ACCOUNT_ID,
            "pipewright-sandbox",
            "sandbox@example.com",
            &["PipelineOperator", "ReadOnly"],
        ),
        (
            "111111111111",
            "production",
            "production@example.com",
            &["ReleaseManager", "ReadOnly"],
        ),
    ]
}

fn secret(kind: &str) -> String {
    format!(
        "{kind}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl SsoState {
    pub fn register_client(&mut self, name: &str, now: f64) -> (String, Client) {
        let id = format!("sandbox-client-{}", uuid::Uuid::new_v4().simple());
        let client = Client {
            secret: secret("cs-"),
            name: name.to_string(),
            issued: now,
            expires: now + 90.0 * 86400.0,
        };
        self.clients.insert(id.clone(), client.clone());
        (id, client)
    }

    fn client(&self, id: &str, secret: &str, now: f64) -> Result<&Client, Refusal> {
        self.clients
            .get(id)
            .filter(|c| c.secret == secret && c.expires > now)
            .ok_or(Refusal::InvalidClient)
    }

    /// A new device authorization: (device code, user code).
    pub fn start_device(
        &mut self,
        client_id: &str,
        client_secret: &str,
        now: f64,
    ) -> Result<(String, String), Refusal> {
        self.client(client_id, client_secret, now)?;
        let device_code = secret("dc-");
        let letters = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
        let user_code = format!("{}-{}", &letters[..4], &letters[4..8]);
        self.devices.insert(
            device_code.clone(),
            Device {
                client_id: client_id.to_string(),
                user_code: user_code.clone(),
                expires: now + self.times.device_code_seconds as f64,
                decision: self.auto_approve.then_some(true),
                last_poll: None,
                used: false,
            },
        );
        Ok((device_code, user_code))
    }

    /// Approve (or deny) the waiting device authorization with this user code; false if none.
    pub fn decide(&mut self, user_code: &str, approve: bool, now: f64) -> bool {
        let code = user_code.trim().to_uppercase();
        match self
            .devices
            .values_mut()
            .find(|d| d.user_code == code && d.decision.is_none() && d.expires > now)
        {
            Some(d) => {
                d.decision = Some(approve);
                true
            }
            None => false,
        }
    }

    fn issue(&mut self, client_id: &str, now: f64) -> Granted {
        let access = secret("aoa-");
        let refresh = secret("aor-");
        let t = |secs: u64| Token {
            client_id: client_id.to_string(),
            issued: now,
            expires: now + secs as f64,
        };
        self.access
            .insert(access.clone(), t(self.times.access_token_seconds));
        self.refresh
            .insert(refresh.clone(), t(self.times.refresh_token_seconds));
        Granted {
            access_token: access,
            refresh_token: refresh,
            expires_in: self.times.access_token_seconds,
        }
    }

    /// CreateToken with the device code or refresh token grant.
    pub fn create_token(
        &mut self,
        client_id: &str,
        client_secret: &str,
        grant_type: &str,
        device_code: Option<&str>,
        refresh_token: Option<&str>,
        now: f64,
    ) -> Result<Granted, Refusal> {
        self.client(client_id, client_secret, now)?;
        match grant_type {
            DEVICE_GRANT => {
                let code = device_code.ok_or(Refusal::InvalidRequest)?;
                let interval = self.times.interval_seconds as f64;
                let d = self
                    .devices
                    .get_mut(code)
                    .filter(|d| d.client_id == client_id && !d.used)
                    .ok_or(Refusal::InvalidGrant)?;
                if d.expires <= now {
                    return Err(Refusal::ExpiredToken);
                }
                let polled_too_soon = d.last_poll.is_some_and(|t| now - t < interval * 0.5);
                d.last_poll = Some(now);
                match d.decision {
                    Some(false) => Err(Refusal::AccessDenied),
                    None if polled_too_soon => Err(Refusal::SlowDown),
                    None => Err(Refusal::AuthorizationPending),
                    Some(true) => {
                        d.used = true;
                        Ok(self.issue(client_id, now))
                    }
                }
            }
            "refresh_token" => {
                let token = refresh_token.ok_or(Refusal::InvalidRequest)?;
                let t = self
                    .refresh
                    .get(token)
                    .filter(|t| t.client_id == client_id)
                    .ok_or(Refusal::InvalidGrant)?;
                if t.expires <= now || t.issued < self.expired_before {
                    return Err(Refusal::ExpiredToken);
                }
                Ok(self.issue(client_id, now))
            }
            _ => Err(Refusal::UnsupportedGrantType),
        }
    }

    /// Whether a portal access token is good now.
    pub fn check_access(&self, token: Option<&str>, now: f64) -> Result<(), Refusal> {
        let t = token
            .and_then(|t| self.access.get(t))
            .ok_or(Refusal::Unauthorized)?;
        if t.expires <= now || t.issued < self.expired_before {
            return Err(Refusal::Unauthorized);
        }
        Ok(())
    }

    /// Sign out: forget the access token.
    pub fn logout(&mut self, token: &str) {
        self.access.remove(token);
    }

    /// Expire every session issued so far (access and refresh tokens).
    pub fn expire_all(&mut self, now: f64) {
        self.expired_before = now + 0.001;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_flow_waits_for_approval_then_tokens_expire() {
        let mut s = SsoState::default();
        let (id, c) = s.register_client("pipewright", 0.0);
        let (code, user) = s.start_device(&id, &c.secret, 0.0).unwrap();
        let poll = |s: &mut SsoState, t: f64| {
            s.create_token(&id, &c.secret, DEVICE_GRANT, Some(&code), None, t)
        };
        assert_eq!(
            poll(&mut s, 1.0).unwrap_err(),
            Refusal::AuthorizationPending
        );
        assert_eq!(poll(&mut s, 1.1).unwrap_err(), Refusal::SlowDown);
        assert!(s.decide(&user.to_lowercase(), true, 2.0));
        let granted = poll(&mut s, 3.0).unwrap();
        assert_eq!(
            poll(&mut s, 4.0).unwrap_err(),
            Refusal::InvalidGrant,
            "used once"
        );
        assert!(s.check_access(Some(&granted.access_token), 10.0).is_ok());
        let late = 3.0 + granted.expires_in as f64;
        assert_eq!(
            s.check_access(Some(&granted.access_token), late),
            Err(Refusal::Unauthorized)
        );
        let again = s
            .create_token(
                &id,
                &c.secret,
                "refresh_token",
                None,
                Some(&granted.refresh_token),
                late,
            )
            .unwrap();
        s.expire_all(late);
        assert_eq!(
            s.check_access(Some(&again.access_token), late + 1.0),
            Err(Refusal::Unauthorized)
        );
        assert_eq!(
            s.create_token(
                &id,
                &c.secret,
                "refresh_token",
                None,
                Some(&again.refresh_token),
                late + 1.0
            )
            .unwrap_err(),
            Refusal::ExpiredToken
        );
        assert_eq!(
            s.create_token(&id, "wrong", DEVICE_GRANT, Some(&code), None, 1.0)
                .unwrap_err(),
            Refusal::InvalidClient
        );
    }

    #[test]
    fn a_denied_or_expired_device_code_says_so() {
        let mut s = SsoState::default();
        let (id, c) = s.register_client("p", 0.0);
        let (code, user) = s.start_device(&id, &c.secret, 0.0).unwrap();
        s.decide(&user, false, 1.0);
        assert_eq!(
            s.create_token(&id, &c.secret, DEVICE_GRANT, Some(&code), None, 2.0)
                .unwrap_err(),
            Refusal::AccessDenied
        );
        let (code, _) = s.start_device(&id, &c.secret, 0.0).unwrap();
        assert_eq!(
            s.create_token(&id, &c.secret, DEVICE_GRANT, Some(&code), None, 601.0)
                .unwrap_err(),
            Refusal::ExpiredToken
        );
    }
}
