//! A TCP proxy on a loopback port that can be cut (every connection dropped, the port closed)
//! and started again on the same port: the endpoint "goes away" and comes back while the server
//! behind it keeps its state.

use std::net::SocketAddr;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

pub struct Proxy {
    pub port: u16,
    pub url: String,
    task: Option<JoinHandle<()>>,
}

impl Proxy {
    /// Forward `127.0.0.1:<port>` (0: any free port) to `target`.
    pub async fn start(port: u16, target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind proxy port");
        let port = listener.local_addr().expect("proxy addr").port();
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    break;
                };
                conns.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Proxy {
            port,
            url: format!("http://127.0.0.1:{port}"),
            task: Some(task),
        }
    }

    /// Drop every connection and close the port.
    pub async fn cut(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
            let _ = t.await;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}
