//! [`Secret`]: a string that never leaves the Rust side.
//!
//! It has no `Serialize`, its `Debug` and `Display` print a fixed placeholder, and its memory is
//! zeroed when it is dropped. Only this crate can read it (`expose`), to hand it to the OS
//! keyring or to the AWS SDK's `Credentials` (which redacts and zeroizes too).

use std::fmt;
use std::io::BufRead;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

use crate::error::Error;

/// What `Debug` and `Display` print in place of a secret.
pub const REDACTED: &str = "** redacted **";

/// A secret access key or session token.
///
/// Build it from user input ([`Secret::new`], [`Secret::read_line`]); it can be deserialized
/// (the settings screen sends it once, to store it) but never serialized.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret. Surrounding whitespace (a pasted newline) is trimmed.
    pub fn new(value: impl Into<String>) -> Self {
        let value = Zeroizing::new(value.into());
        let trimmed = value.trim();
        if trimmed.len() == value.len() {
            Secret(value)
        } else {
            Secret(Zeroizing::new(trimmed.to_owned()))
        }
    }

    /// Reads one line (a secret piped on standard input) and wraps it.
    pub fn read_line(mut reader: impl BufRead) -> Result<Self, Error> {
        let mut line = Zeroizing::new(String::new());
        reader.read_line(&mut line).map_err(|e| {
            Error::Input(format!(
                "could not read the secret from standard input ({e})"
            ))
        })?;
        Ok(Secret::new(line.as_str()))
    }

    /// True when nothing was entered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret itself: only this crate reads it.
    pub(crate) fn expose(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Zeroizing::new(String::deserialize(deserializer)?);
        Ok(Secret::new(value.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assert_eq!(format!("{s}"), REDACTED);
        assert_eq!(format!("{s:?}"), REDACTED);
        assert_eq!(
            format!("{:?}", Some(s.clone())),
            format!("Some({REDACTED})")
        );
        assert_eq!(s.expose(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    #[test]
    fn trims_pasted_whitespace_and_reads_one_line() {
        assert_eq!(Secret::new("  abc\n").expose(), "abc");
        let s = Secret::read_line(&b"first-line\r\nsecond\n"[..]).unwrap();
        assert_eq!(s.expose(), "first-line");
        assert!(Secret::read_line(&b""[..]).unwrap().is_empty());
    }

    #[test]
    fn deserializes_from_a_json_string() {
        let s: Secret = serde_json::from_str("\"top-secret\"").unwrap();
        assert_eq!(s.expose(), "top-secret");
    }
}
