//! The watch crate's one error type.

use std::net::SocketAddr;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum WatchError {
    #[error(
        "the cctray feed listens on loopback only; {0} is not a loopback address (use 127.0.0.1)"
    )]
    NotLoopback(SocketAddr),

    #[error("could not listen on {0}: {1}; pick another port")]
    Bind(SocketAddr, std::io::Error),

    #[error("quiet hours `{0}` are not valid: write them as HH:MM-HH:MM, e.g. 22:00-07:30")]
    QuietHours(String),

    #[error("could not show a desktop notification: {0}. Is a notification daemon running in this session?")]
    Notification(String),

    #[error(transparent)]
    Aws(#[from] pipewright_aws::AwsError),
}
