//! A TCP proxy in front of PostgreSQL that a test can cut and restore, to see how the
//! app behaves while its database is down without stopping the shared server.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Forwards connections to `upstream` while up; while down, refuses new ones and has
/// closed every open one.
pub struct ToggleProxy {
    /// Address the app should connect to.
    pub addr: SocketAddr,
    state: Arc<watch::Sender<bool>>,
}

impl ToggleProxy {
    /// Starts forwarding to `upstream` (host:port).
    pub async fn start(upstream: String) -> ToggleProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let (state, _) = watch::channel(true);
        let state = Arc::new(state);
        let accept_state = state.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !*accept_state.borrow() {
                    drop(inbound);
                    continue;
                }
                let mut down = accept_state.subscribe();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = down.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        ToggleProxy { addr, state }
    }

    /// The database "goes down": open connections drop, new ones are refused.
    pub fn cut(&self) {
        self.state.send_replace(false);
    }

    /// The database "comes back".
    pub fn restore(&self) {
        self.state.send_replace(true);
    }
}
