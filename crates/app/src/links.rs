//! Links the app opens in the default browser: only web links (CodeBuild logs, console pages),
//! never files or scripts.

use crate::error::{AppError, Result};

/// `url` when it is a web link (`http`/`https`), trimmed.
pub fn check_link(url: &str) -> Result<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && url.len() > "https://".len()
    {
        Ok(url)
    } else {
        Err(AppError::Invalid(format!(
            "`{url}` is not a web link; only http and https links open in the browser"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_open() {
        assert!(check_link("https://console.aws.amazon.com/codebuild/home").is_ok());
        assert!(check_link(" http://127.0.0.1:8080/log ").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "",
        ] {
            let err = check_link(bad).expect_err(bad);
            assert_eq!(err.kind(), crate::ErrorKind::Invalid);
        }
    }
}
