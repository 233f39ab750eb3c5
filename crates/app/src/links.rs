//! Links the app opens in the default browser: only web links (CodeBuild logs, console pages),
//! never files or scripts.

use crate::error::{AppError, ErrorKind, Result};

/// The error for a link the system's opener did not open: one sentence for the user, and the
/// opener's own words (an exit status such as `ExitStatus(unix_wait_status(1024))`, a missing
/// `xdg-open`) as the details behind "Copy details".
pub fn open_failed(error: impl std::fmt::Display) -> AppError {
    AppError::other(
        ErrorKind::Unavailable,
        "the link did not open in a browser; copy the link and paste it into your browser instead",
    )
    .with_details(error.to_string())
}

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

    /// What `xdg-open` does when no browser takes the link: a process that exits with 4.
    #[test]
    fn a_failed_open_is_one_sentence_with_the_exit_status_in_the_details() {
        let status = std::process::Command::new("sh")
            .args(["-c", "exit 4"])
            .status()
            .expect("sh runs");
        assert!(!status.success());
        // tauri-plugin-opener words a failed opener with the status's Debug form.
        let opener_error = format!("{status:?}");
        let e = open_failed(&opener_error);
        let payload = e.payload();
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert_eq!(
            payload.message,
            "The link did not open in a browser; copy the link and paste it into your browser instead"
        );
        for raw in ["ExitStatus", "unix_wait_status", "(", "{"] {
            assert!(
                !payload.message.contains(raw),
                "{raw} in {}",
                payload.message
            );
        }
        assert_eq!(payload.details.as_deref(), Some(opener_error.as_str()));
        assert!(
            opener_error.contains("unix_wait_status(1024)"),
            "{opener_error}"
        );
    }

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
