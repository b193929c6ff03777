//! Response bytes staged in pooled buffers: many small `WriteClient` calls from a handler
//! become few calls into the server. Staged bytes are flushed before any other request
//! to the server (so order is kept), when a buffer fills, and when the request ends.
//! `SetFlushFlag(true)` turns staging off for the request.
//!
//! The response head (`SendResponseHeaders`) is staged too, and goes out with the first
//! flush: a handler that throws before anything reached the server still gets its short
//! 500 (the staged head and body are dropped) instead of a head with nothing after it.
//! What the server would refuse at the call is refused at the call, staged or not: a
//! second head is the server's `ERROR_INVALID_PARAMETER` at once, as IIS answers it, not a
//! failure deferred to the flush (where the handler could no longer see it).
use std::cell::RefCell;

use isapi::Ecb;

/// Bytes staged before a flush; writes at least this large go straight through.
pub(crate) const STAGE_LIMIT: usize = 32 * 1024;
/// Buffers kept for reuse per engine; larger ones are not kept.
const POOL_SIZE: usize = 16;

thread_local! {
    // Clippy's false positive where thread locals are not native (windows-gnu): the
    // initializer is already const (rust-lang/rust-clippy#17566).
    #[cfg_attr(
        all(windows, target_env = "gnu"),
        allow(clippy::missing_const_for_thread_local)
    )]
    static POOL: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// A `SendResponseHeaders` call not yet made to the server: status and headers one after
/// the other in a pooled buffer (staging the head costs no allocation per request).
struct Head {
    text: Vec<u8>,
    status_len: usize,
    keep_alive: bool,
}

/// One request's staged output.
#[derive(Default)]
pub(crate) struct Staged {
    head: Option<Head>,
    /// A staged head went to the server: the response has begun.
    pub(crate) head_sent: bool,
    buffer: Option<Vec<u8>>,
    /// `SetFlushFlag(true)`: every write goes straight to the server.
    pub(crate) unbuffered: bool,
}

impl Staged {
    /// `WriteClient`: stages `data`, flushing first when it would not fit.
    pub(crate) fn write(&mut self, ecb: &mut Ecb, data: &[u8]) -> isapi::Result<()> {
        if self.unbuffered || data.len() >= STAGE_LIMIT {
            self.flush(ecb)?;
            return ecb.write_client(data);
        }
        if self
            .buffer
            .as_ref()
            .is_some_and(|b| b.len() + data.len() > STAGE_LIMIT)
        {
            self.flush(ecb)?;
        }
        let buffer = self.buffer.get_or_insert_with(take_buffer);
        buffer.extend_from_slice(data);
        Ok(())
    }

    /// `SendResponseHeaders`: stages the head, after whatever was staged before it. What
    /// the server would refuse for certain (CR, LF or NUL inside a line: the `Ecb` refuses
    /// them before any server sees them) is refused here, at the call.
    pub(crate) fn head(
        &mut self,
        ecb: &mut Ecb,
        status: &str,
        headers: &str,
        keep_alive: bool,
    ) -> isapi::Result<()> {
        let status_line = status.trim_end_matches(['\r', '\n']);
        if isapi::check_head_value(status_line.as_bytes()).is_err()
            || isapi::check_head_block(headers.as_bytes()).is_err()
        {
            return Err(isapi::Error::InvalidArgument(
                "the status or headers contain CR, LF or NUL inside a line".into(),
            ));
        }
        if self.has_head() {
            return Err(second_head());
        }
        if self.buffer.as_ref().is_some_and(|b| !b.is_empty()) {
            self.flush(ecb)?;
        }
        let mut text = take_buffer();
        text.extend_from_slice(status.as_bytes());
        text.extend_from_slice(headers.as_bytes());
        self.head = Some(Head {
            text,
            status_len: status.len(),
            keep_alive,
        });
        // `SetFlushFlag(true)` (streaming): the head goes out now, as every write does.
        if self.unbuffered {
            self.flush(ecb)?;
        }
        Ok(())
    }

    /// Whether a head was given: staged, or already sent.
    pub(crate) fn has_head(&self) -> bool {
        self.head.is_some() || self.head_sent
    }

    /// Sends everything staged: the head, then the bytes.
    pub(crate) fn flush(&mut self, ecb: &mut Ecb) -> isapi::Result<()> {
        if let Some(head) = self.head.take() {
            let (status, headers) = head.text.split_at(head.status_len);
            // Both parts were `&str`s, split where one ended.
            let sent = match (std::str::from_utf8(status), std::str::from_utf8(headers)) {
                (Ok(status), Ok(headers)) => {
                    ecb.send_response_headers(status, headers, head.keep_alive)
                }
                _ => Err(isapi::Error::InvalidArgument(
                    "the head is not UTF-8".into(),
                )),
            };
            give_back_cleared(head.text);
            sent?;
            self.head_sent = true;
        }
        match self.buffer.as_mut() {
            Some(buffer) if !buffer.is_empty() => {
                let sent = ecb.write_client(buffer);
                buffer.clear();
                sent
            }
            _ => Ok(()),
        }
    }

    /// Drops what is staged (the response failed) and returns the buffer to the pool.
    pub(crate) fn discard(&mut self) {
        if let Some(head) = self.head.take() {
            give_back_cleared(head.text);
        }
        if let Some(buffer) = self.buffer.take() {
            give_back_cleared(buffer);
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.discard();
    }
}

/// What a server answers a second response head (IIS, and our host): the call fails with
/// `ERROR_INVALID_PARAMETER`.
pub(crate) fn second_head() -> isapi::Error {
    isapi::Error::Host {
        function: "ServerSupportFunction(HSE_REQ_SEND_RESPONSE_HEADER_EX)",
        code: isapi::sys::ERROR_INVALID_PARAMETER,
    }
}

fn take_buffer() -> Vec<u8> {
    POOL.with(|pool| pool.borrow_mut().pop())
        .unwrap_or_else(|| Vec::with_capacity(STAGE_LIMIT))
}

fn give_back_cleared(mut buffer: Vec<u8>) {
    buffer.clear();
    give_back(buffer);
}

fn give_back(buffer: Vec<u8>) {
    // Only buffers of the usual size are kept: the pool's memory stays bounded.
    if buffer.capacity() <= STAGE_LIMIT * 2 {
        POOL.with(|pool| {
            let mut pool = pool.borrow_mut();
            if pool.len() < POOL_SIZE {
                pool.push(buffer);
            }
        });
    }
}
