//! JSON pointers (RFC 6901) naming nodes of a document, for errors and diagnostics.

use std::fmt::{self, Write};

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
        // One allocation: validation builds a pointer for every stage and action.
        let mut out = self.extended(key.len());
        if key.contains(['~', '/']) {
            for c in key.chars() {
                match c {
                    '~' => out.push_str("~0"),
                    '/' => out.push_str("~1"),
                    c => out.push(c),
                }
            }
        } else {
            out.push_str(key);
        }
        Self(out)
    }

    /// This pointer extended by a list index.
    pub fn index(&self, i: usize) -> Self {
        let mut out = self.extended(20);
        write!(out, "{i}").expect("writing to a String does not fail");
        Self(out)
    }

    /// This pointer and a `/`, with room for `more` bytes.
    fn extended(&self, more: usize) -> String {
        let mut out = String::with_capacity(self.0.len() + 1 + more);
        out.push_str(&self.0);
        out.push('/');
        out
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
        assert_eq!(Pointer::root().key("").key("~01é/").as_str(), "//~001é~1");
        assert_eq!(
            Pointer::root().index(usize::MAX).index(0).as_str(),
            format!("/{}/0", usize::MAX)
        );
    }
}
