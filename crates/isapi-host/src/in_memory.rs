//! Connections without sockets: each [`InMemoryHost::connect`] is an in-memory byte
//! stream served by the same code as an accepted TCP connection (filters, keep-alive,
//! raw data and all). For tools and measurements that want the host without the kernel's
//! network stack: the Node addon's `loadHandler`, the benchmark's counting driver.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::DuplexStream;

use crate::server::{self, Shared};

/// Bytes buffered each way in a connection.
const BUFFER: usize = 64 * 1024;

/// A host serving in-memory connections. Needs a tokio runtime.
pub struct InMemoryHost {
    shared: Arc<Shared>,
    connector: Connector,
}

impl InMemoryHost {
    pub(crate) fn new(shared: Arc<Shared>) -> InMemoryHost {
        InMemoryHost {
            shared,
            connector: Connector::new(SocketAddr::from(([127, 0, 0, 1], 80))),
        }
    }

    /// A new connection: write an HTTP/1.1 request into the returned stream, read the
    /// response from it. Dropping it closes the connection (END_OF_NET_SESSION for filters).
    pub fn connect(&self) -> DuplexStream {
        self.connector.connect(&self.shared)
    }

    /// Waits (up to `grace`) for requests in flight, then terminates and unloads every
    /// module. Connections still open are the caller's to drop.
    pub async fn shutdown(self, grace: Duration) {
        server::terminate(self.shared, grace).await;
    }
}

/// Makes in-memory connections that look, to the host, as if they came to `local`.
pub(crate) struct Connector {
    local: SocketAddr,
    /// Each connection gets its own client port, so `REMOTE_PORT` and filter sessions
    /// tell connections apart as they do on a socket.
    next_port: AtomicU16,
}

impl Connector {
    pub(crate) fn new(local: SocketAddr) -> Connector {
        Connector {
            local,
            next_port: AtomicU16::new(FIRST_CLIENT_PORT),
        }
    }

    pub(crate) fn connect(&self, shared: &Arc<Shared>) -> DuplexStream {
        let (client, server) = tokio::io::duplex(BUFFER);
        let port = self
            .next_port
            .fetch_add(1, Ordering::Relaxed)
            .max(FIRST_CLIENT_PORT);
        let remote = SocketAddr::from(([127, 0, 0, 1], port));
        tokio::spawn(server::serve_connection(
            shared.clone(),
            server,
            remote,
            self.local,
        ));
        client
    }
}

/// The first of the ephemeral ports (IANA), where made-up client ports start.
const FIRST_CLIENT_PORT: u16 = 49152;
