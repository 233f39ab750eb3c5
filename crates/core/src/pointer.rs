//! JSON pointers (RFC 6901) naming nodes of a document, for errors and diagnostics.

use std::fmt;

/// A JSON pointer such as `/pipeline/stages/0/actions/1/runOrder`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document (`""`).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// This pointer extended by an object key (escaped as RFC 6901 says).
    pub fn key(&self, key: &str) -> Self {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{}", self.0, escaped))
    }

    /// This pointer extended by a list index.
    pub fn index(&self, i: usize) -> Self {
        Self(format!("{}/{}", self.0, i))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.0)
        }
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keys() {
        let p = Pointer::root().key("pipeline").key("a/b~c").index(3);
        assert_eq!(p.as_str(), "/pipeline/a~1b~0c/3");
        assert_eq!(Pointer::root().to_string(), "/");
    }
}
