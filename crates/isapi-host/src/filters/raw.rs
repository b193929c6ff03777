//! READ_RAW_DATA and SEND_RAW_DATA: a pump between the socket and hyper. Filters see
//! the bytes as they come off and go onto the wire, and what they leave is what hyper
//! reads and the client receives. Set up only when a loaded filter asked for raw data.
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};

use super::session::Outcome;
use super::{lock, SharedSession};

/// Bytes read from the socket at a time, unless a filter set the next read size.
const READ_SIZE: usize = 16 * 1024;
/// A filter holding back more than this with READ_NEXT is cut off.
const MAX_HELD: usize = 1 << 20;

/// Connects `socket` to a new in-memory stream that hyper serves; raw-data filters run
/// on what passes between them. Returns hyper's end.
pub(crate) fn attach<S>(socket: S, session: SharedSession) -> DuplexStream
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (hyper_side, pump_side) = tokio::io::duplex(64 * 1024);
    let (socket_read, socket_write) = tokio::io::split(socket);
    let (pump_read, pump_write) = tokio::io::split(pump_side);
    let inbound = tokio::spawn(inbound(socket_read, pump_write, session.clone()));
    tokio::spawn(async move {
        outbound(pump_read, socket_write, session.clone()).await;
        let _ = inbound.await;
        // The last reference may raise END_OF_NET_SESSION: filter code, off the executor.
        let _ = tokio::task::spawn_blocking(move || drop(session)).await;
    });
    hyper_side
}

/// Client → filters → hyper.
async fn inbound(
    mut socket: impl AsyncRead + Unpin,
    mut hyper: tokio::io::WriteHalf<DuplexStream>,
    session: SharedSession,
) {
    let mut held: Vec<u8> = Vec::new();
    loop {
        let size = lock(&session)
            .state()
            .next_read_size
            .take()
            .unwrap_or(READ_SIZE);
        let mut buffer = vec![0u8; size.clamp(1, MAX_HELD)];
        let read = match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        buffer.truncate(read);
        held.extend_from_slice(&buffer);
        let filters = session.clone();
        let data = std::mem::take(&mut held);
        let raised = tokio::task::spawn_blocking(move || {
            let mut data = data;
            let outcome = lock(&filters).read_raw_data(&mut data);
            (outcome, data)
        })
        .await;
        let Ok((outcome, data)) = raised else { break };
        match outcome {
            Outcome::Continue => {
                if hyper.write_all(&data).await.is_err() {
                    break;
                }
            }
            // The filter wants more before these bytes go on: read again, call it with all.
            Outcome::ReadNext if data.len() < MAX_HELD => held = data,
            Outcome::ReadNext => {
                isapi::log_limited!(
                    warn,
                    "a raw-data filter held back more than {MAX_HELD} bytes; closing"
                );
                break;
            }
            // A filter answered or failed at the raw level: nothing more is read.
            Outcome::Finished { .. } | Outcome::Error(_) => break,
        }
    }
    let _ = hyper.shutdown().await;
}

/// hyper → filters → client.
async fn outbound(
    mut hyper: tokio::io::ReadHalf<DuplexStream>,
    mut socket: impl AsyncWrite + Unpin,
    session: SharedSession,
) {
    let mut buffer = vec![0u8; READ_SIZE];
    loop {
        let read = match hyper.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let filters = Arc::clone(&session);
        let data = buffer[..read].to_vec();
        let raised = tokio::task::spawn_blocking(move || {
            let mut data = data;
            let outcome = lock(&filters).send_raw_data(&mut data);
            (outcome, data)
        })
        .await;
        let Ok((outcome, data)) = raised else { break };
        if socket.write_all(&data).await.is_err() {
            break;
        }
        match outcome {
            Outcome::Continue | Outcome::ReadNext => {}
            Outcome::Finished {
                keep_connection: true,
            } => {}
            Outcome::Finished { .. } | Outcome::Error(_) => break,
        }
    }
    let _ = socket.shutdown().await;
}
