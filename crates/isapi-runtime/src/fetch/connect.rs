//! How a fetch reaches a server: name lookup, TCP (one address after another), and for
//! `https://` a rustls handshake, all within the connect timeout. Each connection
//! carries a [`Reuse`] mark that says whether a response has come over it, so a request
//! that fails on a connection the pool had already used can be told apart from one that
//! failed on a fresh connection (only the first is retried).
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::rt::{Read, ReadBufCursor, Write};
use hyper::Uri;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::tls;

/// Whether a connection has carried a response already (so the pool reused it for
/// whatever came next).
#[derive(Clone, Default)]
pub(super) struct Reuse(Arc<AtomicBool>);

impl Reuse {
    pub(super) fn mark_used(&self) {
        self.0.store(true, Ordering::Release);
    }
    pub(super) fn was_used(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Why a connection could not be made, in words a handler's author can act on.
#[derive(Debug)]
pub(super) struct ConnectError(pub String);

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

#[derive(Clone)]
pub(super) struct Connector {
    pub timeout: Duration,
}

impl tower_service::Service<Uri> for Connector {
    type Response = Conn;
    type Error = ConnectError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, ConnectError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ConnectError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let timeout = self.timeout;
        Box::pin(async move {
            let host = uri.host().unwrap_or_default();
            let port = uri.port_u16();
            let label = match port {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            };
            match tokio::time::timeout(timeout, connect(&uri)).await {
                Ok(result) => result,
                Err(_) => Err(ConnectError(format!(
                    "connecting to {label} timed out after {} ms",
                    timeout.as_millis()
                ))),
            }
        })
    }
}

async fn connect(uri: &Uri) -> Result<Conn, ConnectError> {
    let https = uri.scheme_str() == Some("https");
    let host = uri.host().unwrap_or_default();
    // An IPv6 literal comes bracketed in a URI, bare in an address.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let addresses = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|e| ConnectError(format!("cannot resolve {host}: {e}")))?;
    let mut last = None;
    let mut tcp = None;
    for address in addresses {
        match TcpStream::connect(address).await {
            Ok(stream) => {
                tcp = Some(stream);
                break;
            }
            Err(error) => last = Some(error),
        }
    }
    let Some(tcp) = tcp else {
        return Err(ConnectError(match last {
            Some(error) => format!("cannot connect to {host}:{port}: {error}"),
            None => format!("{host} has no address"),
        }));
    };
    // Requests are written whole: no reason to wait for more bytes to fill a segment.
    let _ = tcp.set_nodelay(true);
    let stream = if https {
        let config = tls::config().map_err(ConnectError)?;
        let name = ServerName::try_from(bare.to_owned())
            .map_err(|e| ConnectError(format!("{host} is not a valid TLS server name: {e}")))?;
        let tls = TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .map_err(|e| ConnectError(describe_handshake(host, port, &e)))?;
        Stream::Tls(Box::new(TokioIo::new(tls)))
    } else {
        Stream::Plain(TokioIo::new(tcp))
    };
    Ok(Conn {
        stream,
        reuse: Reuse::default(),
    })
}

/// A failed handshake, with the fix when the server's certificate is not trusted.
fn describe_handshake(host: &str, port: u16, error: &io::Error) -> String {
    let tls_error = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let hint = match tls_error {
        Some(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)) => {
            format!(
                " (the server's certificate was not issued by a trusted root: for a private \
                 CA, set {} to a PEM file of its certificate)",
                tls::CA_FILE_VARIABLE
            )
        }
        _ => String::new(),
    };
    format!("TLS handshake with {host}:{port} failed: {error}{hint}")
}

enum Stream {
    Plain(TokioIo<TcpStream>),
    Tls(Box<TokioIo<TlsStream<TcpStream>>>),
}

/// One connection of the pool.
pub(super) struct Conn {
    stream: Stream,
    reuse: Reuse,
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        Connected::new().extra(self.reuse.clone())
    }
}

impl Read for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(io) => Pin::new(io).poll_read(cx, buf),
            Stream::Tls(io) => Pin::new(io.as_mut()).poll_read(cx, buf),
        }
    }
}

impl Write for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().stream {
            Stream::Plain(io) => Pin::new(io).poll_write(cx, buf),
            Stream::Tls(io) => Pin::new(io.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(io) => Pin::new(io).poll_flush(cx),
            Stream::Tls(io) => Pin::new(io.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(io) => Pin::new(io).poll_shutdown(cx),
            Stream::Tls(io) => Pin::new(io.as_mut()).poll_shutdown(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().stream {
            Stream::Plain(io) => Pin::new(io).poll_write_vectored(cx, bufs),
            Stream::Tls(io) => Pin::new(io.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match &self.stream {
            Stream::Plain(io) => io.is_write_vectored(),
            Stream::Tls(io) => io.is_write_vectored(),
        }
    }
}
