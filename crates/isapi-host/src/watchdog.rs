//! IIS's connection limits on accepted sockets (see [`crate::limits::ConnectionLimits`]):
//! the idle keep-alive timeout (`connectionTimeout`), the request head's deadline
//! (`headerWaitTimeout`), the request body's minimum rate (`minBytesPerSecond`), and the
//! connection cap (`maxConnections`, past which a connection is answered 503 and closed).
//!
//! hyper's own `header_read_timeout` runs from the end of the previous response, so it
//! cannot tell an idle keep-alive connection from a slow head: the socket wrapper
//! [`Watched`] does both, knowing from the service when a request is in progress.
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use crate::limits::ConnectionLimits;
use crate::server::ResponseBody;

/// One connection's clock, shared by its socket wrapper, its requests and their bodies.
pub(crate) struct Watch {
    limits: ConnectionLimits,
    state: Mutex<State>,
    /// The socket's last write waited (the client is not reading): out of the mutex, as
    /// every write sets it.
    writes_blocked: AtomicBool,
}

struct State {
    /// Requests whose response has not ended.
    in_service: usize,
    /// When the last response ended (or the connection opened).
    idle_since: Instant,
    /// The first byte of the next request head, once it came.
    head_started: Option<Instant>,
    /// Why the connection was closed by a limit, once it was.
    closed: Option<&'static str>,
    /// The connection task's last pending read, woken to notice a close.
    reader: Option<Waker>,
}

impl Watch {
    pub(crate) fn new(limits: ConnectionLimits) -> Arc<Watch> {
        Arc::new(Watch {
            limits,
            state: Mutex::new(State {
                in_service: 0,
                idle_since: Instant::now(),
                head_started: None,
                closed: None,
                reader: None,
            }),
            writes_blocked: AtomicBool::new(false),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A request head was read whole: no read deadline until its response ends.
    pub(crate) fn request_started(&self) {
        let mut state = self.state();
        state.in_service += 1;
        state.head_started = None;
    }

    fn response_ended(&self) {
        let mut state = self.state();
        state.in_service = state.in_service.saturating_sub(1);
        if state.in_service == 0 {
            state.idle_since = Instant::now();
            state.head_started = None;
        }
    }

    /// Closes the connection for `reason`: its next read or write fails.
    pub(crate) fn close(&self, reason: &'static str) {
        let reader = {
            let mut state = self.state();
            state.closed.get_or_insert(reason);
            state.reader.take()
        };
        if let Some(reader) = reader {
            reader.wake();
        }
    }

    /// Whether the socket's writes are waiting for the client to read: bytes are still
    /// buffered on their way out.
    pub(crate) fn writes_blocked(&self) -> bool {
        self.writes_blocked.load(Ordering::Acquire)
    }

    /// Why a limit closed the connection, if one did.
    pub(crate) fn closed(&self) -> Option<&'static str> {
        self.state().closed
    }

    fn bytes_arrived(&self) {
        let mut state = self.state();
        if state.in_service == 0 && state.head_started.is_none() {
            state.head_started = Some(Instant::now());
        }
    }

    /// When a read that is waiting now must give up, and why: idle → `connectionTimeout`
    /// after the last response; a head begun → `headerWaitTimeout` after its first byte;
    /// during a request none (its body has its own rate, see [`BodyMeter`]).
    fn read_deadline(&self, waker: &Waker) -> io::Result<Option<(Instant, &'static str)>> {
        let mut state = self.state();
        if let Some(reason) = state.closed {
            return Err(closed(reason));
        }
        if !state.reader.as_ref().is_some_and(|w| w.will_wake(waker)) {
            state.reader = Some(waker.clone());
        }
        if state.in_service > 0 {
            return Ok(None);
        }
        Ok(Some(match state.head_started {
            Some(started) => (started + self.limits.header_wait_timeout, HEAD_TOO_SLOW),
            None => (state.idle_since + self.limits.connection_timeout, IDLE),
        }))
    }

    fn check_closed(&self) -> io::Result<()> {
        match self.state().closed {
            Some(reason) => Err(closed(reason)),
            None => Ok(()),
        }
    }
}

const IDLE: &str = "idle for connectionTimeout";
const HEAD_TOO_SLOW: &str = "the request head took longer than headerWaitTimeout";
const NOT_READING: &str = "the client read nothing of the response for connectionTimeout";
pub(crate) const BODY_TOO_SLOW: &str = "the request body was slower than minBytesPerSecond";
pub(crate) const BODY_TOO_LARGE: &str = "the request body grew past maxAllowedContentLength";

fn closed(reason: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, reason)
}

/// A socket under a [`Watch`]: a read that waits past its deadline fails (hyper then
/// drops the connection), so does a write the client leaves blocked for
/// `connectionTimeout` (it reads nothing: http.sys's send-rate guard), and every read and
/// write once the watch closed the connection.
pub(crate) struct Watched<S> {
    inner: S,
    watch: Arc<Watch>,
    read_timer: Pin<Box<Sleep>>,
    write_timer: Pin<Box<Sleep>>,
    /// Since when writes have been blocked, while they are.
    write_stalled: Option<Instant>,
}

impl<S> Watched<S> {
    pub(crate) fn new(inner: S, watch: Arc<Watch>) -> Watched<S> {
        let timeout = watch.limits.connection_timeout;
        Watched {
            inner,
            watch,
            read_timer: Box::pin(tokio::time::sleep(timeout)),
            write_timer: Box::pin(tokio::time::sleep(timeout)),
            write_stalled: None,
        }
    }

    /// A write's outcome, with a blocked write timed from when writes first blocked.
    fn wrote<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            if self.write_stalled.take().is_some() {
                self.watch.writes_blocked.store(false, Ordering::Release);
            }
            return polled;
        }
        let since = *self.write_stalled.get_or_insert_with(|| {
            self.watch.writes_blocked.store(true, Ordering::Release);
            Instant::now()
        });
        let deadline = since + self.watch.limits.connection_timeout;
        if self.write_timer.deadline() != deadline {
            self.write_timer.as_mut().reset(deadline);
        }
        match self.write_timer.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.watch.close(NOT_READING);
                Poll::Ready(Err(closed(NOT_READING)))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.watch.check_closed()?;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.watch.bytes_arrived();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => {
                let Some((deadline, reason)) = this.watch.read_deadline(cx.waker())? else {
                    return Poll::Pending;
                };
                if this.read_timer.deadline() != deadline {
                    this.read_timer.as_mut().reset(deadline);
                }
                match this.read_timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.watch.close(reason);
                        Poll::Ready(Err(closed(reason)))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.watch.check_closed()?;
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        self.wrote(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.watch.check_closed()?;
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, data);
        self.wrote(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.wrote(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A response body that tells the watch when it ended (or was dropped unfinished): the
/// connection is idle from then on.
pub(crate) fn track(body: ResponseBody, watch: Arc<Watch>) -> ResponseBody {
    Tracked {
        inner: body,
        watch: Some(watch),
    }
    .boxed()
}

struct Tracked {
    inner: ResponseBody,
    watch: Option<Arc<Watch>>,
}

impl Tracked {
    fn ended(&mut self) {
        if let Some(watch) = self.watch.take() {
            watch.response_ended();
        }
    }
}

impl Body for Tracked {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            self.ended();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.ended();
    }
}

/// Why reading a request body stopped early.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The client broke the body (closed, bad chunking).
    Client(hyper::Error),
    /// Past `maxAllowedContentLength`.
    TooLarge,
    /// Slower than `minBytesPerSecond`: the connection was closed.
    TooSlow,
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::Client(error) => write!(f, "{error}"),
            BodyError::TooLarge => f.write_str("longer than maxAllowedContentLength"),
            BodyError::TooSlow => f.write_str("slower than minBytesPerSecond"),
        }
    }
}

/// Reads a request body's frames, counting it against `maxAllowedContentLength` and (on
/// watched connections) timing the waits for the client against `minBytesPerSecond`:
/// the body may have waited at most `connectionTimeout` plus one second per
/// `minBytesPerSecond` bytes received. Time the handler takes between reads is not
/// counted: only the client's slowness is.
pub(crate) struct BodyMeter {
    max_length: u64,
    watch: Option<Arc<Watch>>,
    received: u64,
    waited: Duration,
}

impl BodyMeter {
    pub(crate) fn new(max_length: u64, watch: Option<Arc<Watch>>) -> BodyMeter {
        BodyMeter {
            max_length,
            watch,
            received: 0,
            waited: Duration::ZERO,
        }
    }

    /// The next data of `body`; `None` at its end.
    pub(crate) async fn next(&mut self, body: &mut Incoming) -> Option<Result<Bytes, BodyError>> {
        loop {
            let began = Instant::now();
            let frame = match self.allowance() {
                None => body.frame().await,
                Some(allowance) => match tokio::time::timeout(allowance, body.frame()).await {
                    Ok(frame) => frame,
                    Err(_) => {
                        if let Some(watch) = &self.watch {
                            watch.close(BODY_TOO_SLOW);
                        }
                        return Some(Err(BodyError::TooSlow));
                    }
                },
            };
            self.waited = self.waited.saturating_add(began.elapsed());
            match frame? {
                Err(error) => return Some(Err(BodyError::Client(error))),
                Ok(frame) => {
                    // Trailers carry no data: read on.
                    if let Ok(data) = frame.into_data() {
                        self.received = self.received.saturating_add(data.len() as u64);
                        if self.received > self.max_length {
                            return Some(Err(BodyError::TooLarge));
                        }
                        return Some(Ok(data));
                    }
                }
            }
        }
    }

    /// How long the next wait for the client may last, when there is a minimum rate.
    fn allowance(&self) -> Option<Duration> {
        let limits = self.watch.as_ref()?.limits;
        let rate = limits.min_bytes_per_second;
        if rate == 0 {
            return None;
        }
        let earned = Duration::from_secs_f64(self.received as f64 / rate as f64);
        let allowed = limits.connection_timeout.saturating_add(earned);
        Some(allowed.saturating_sub(self.waited))
    }

    /// Closes the connection (a body cut by a limit cannot be skipped over).
    pub(crate) fn close_too_large(&self) {
        if let Some(watch) = &self.watch {
            watch.close(BODY_TOO_LARGE);
        }
    }
}

/// The connections open on a listener, against `maxConnections`.
#[derive(Default)]
pub(crate) struct Slots {
    live: AtomicU64,
    refusing: AtomicUsize,
}

/// One open connection's place; given back when dropped.
pub(crate) struct Slot(Arc<Slots>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.live.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Refusals being written at once; past this a connection over the cap is just closed.
const MAX_REFUSING: usize = 64;
/// How long a refusal may take to write and see the client close.
const REFUSAL_TIME: Duration = Duration::from_secs(2);

impl Slots {
    /// A place for a new connection, if fewer than `max` are open.
    pub(crate) fn take(self: &Arc<Slots>, max: u64) -> Option<Slot> {
        self.live
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |live| {
                (live < max).then_some(live + 1)
            })
            .ok()
            .map(|_| Slot(self.clone()))
    }

    /// Answers a connection over the cap with a 503 and closes it, without serving it.
    /// The request it may have sent is read and dropped, so that closing does not reset
    /// the connection before the client reads the answer.
    pub(crate) fn refuse(self: &Arc<Slots>, mut stream: tokio::net::TcpStream) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        if self.refusing.fetch_add(1, Ordering::AcqRel) >= MAX_REFUSING {
            self.refusing.fetch_sub(1, Ordering::AcqRel);
            return;
        }
        let slots = self.clone();
        tokio::spawn(async move {
            let _ = tokio::time::timeout(REFUSAL_TIME, async {
                stream.write_all(REFUSAL).await?;
                stream.shutdown().await?;
                let mut sink = [0u8; 4096];
                while stream.read(&mut sink).await? > 0 {}
                io::Result::Ok(())
            })
            .await;
            slots.refusing.fetch_sub(1, Ordering::AcqRel);
        });
    }
}

/// A socket that, when the connection is done with it, is closed gracefully: its write
/// side first, then what the client still sends (a body the host refused, the rest of a
/// head too large) is read and dropped for a little while. Closed at once with unread
/// data, the kernel would reset the connection and the client could lose the answer
/// (413, 431) before reading it.
pub(crate) struct Lingering(Option<tokio::net::TcpStream>);

/// How long, and how much, a closing connection is read for.
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 256 * 1024;

impl Lingering {
    pub(crate) fn new(stream: tokio::net::TcpStream) -> Lingering {
        Lingering(Some(stream))
    }

    fn stream(&mut self) -> &mut tokio::net::TcpStream {
        self.0.as_mut().expect("only taken on drop")
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (Some(mut stream), Ok(runtime)) =
            (self.0.take(), tokio::runtime::Handle::try_current())
        else {
            return;
        };
        runtime.spawn(async move {
            let _ = tokio::time::timeout(LINGER_TIME, async {
                stream.shutdown().await?;
                let mut sink = [0u8; 4096];
                let mut total = 0;
                while total < LINGER_BYTES {
                    match stream.read(&mut sink).await? {
                        0 => break,
                        n => total += n,
                    }
                }
                io::Result::Ok(())
            })
            .await;
        });
    }
}

impl AsyncRead for Lingering {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(self.stream()).poll_read(cx, buf)
    }
}

impl AsyncWrite for Lingering {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(self.stream()).poll_write(cx, data)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(self.stream()).poll_write_vectored(cx, data)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.as_ref().is_some_and(|s| s.is_write_vectored())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(self.stream()).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(self.stream()).poll_shutdown(cx)
    }
}

const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 24\r\nConnection: close\r\n\r\n503 Service Unavailable\n";
