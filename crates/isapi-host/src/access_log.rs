//! The request log in IIS's W3C extended format (`--w3c-log FILE`): one line per request,
//! written when its response has gone out, with the fields IIS writes by default plus
//! bytes sent and received. What an extension adds with `HSE_APPEND_LOG_PARAMETER` (and
//! leaves in the ECB's `lpszLogData`) goes into `cs-uri-query`, as IIS puts it there.
//! `cs-uri-stem` is the canonical path (see [`crate::canonical`]), `sc-substatus` the
//! sub-status of the host's refusals (`404.8` → 8, see [`crate::refusal`]).
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};

use crate::refusal::SubStatus;
use crate::variables::SERVER_SOFTWARE;

const FIELDS: &str = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken";

/// The log file, shared by every connection.
#[derive(Debug)]
pub struct AccessLog {
    file: Mutex<File>,
}

impl AccessLog {
    /// Opens (appends to) `path` and writes the directives IIS starts a log with.
    pub fn open(path: &Path) -> std::io::Result<AccessLog> {
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        let (date, time) = date_time(SystemTime::now());
        write!(
            file,
            "#Software: {SERVER_SOFTWARE}\r\n#Version: 1.0\r\n#Date: {date} {time}\r\n#Fields: {FIELDS}\r\n"
        )?;
        Ok(AccessLog {
            file: Mutex::new(file),
        })
    }

    fn write(&self, line: &str) {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(error) = file.write_all(line.as_bytes()) {
            isapi::log_limited!(warn, "cannot write the W3C log: {error}");
        }
    }
}

/// Text an extension added for the log (`HSE_APPEND_LOG_PARAMETER`, `lpszLogData`).
pub type LogNotes = Arc<Mutex<String>>;

pub(crate) fn note(notes: &LogNotes, text: &str) {
    if text.is_empty() {
        return;
    }
    let mut notes = notes.lock().unwrap_or_else(|e| e.into_inner());
    if !notes.is_empty() {
        notes.push('|');
    }
    notes.push_str(text);
}

/// Put in a response's extensions when the request's body was never read (a refusal that
/// closes the connection): `cs-bytes` counts what was received, not the length claimed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyUnread;

/// One request's entry, completed when its body ends.
pub(crate) struct Entry {
    log: Arc<AccessLog>,
    started: Instant,
    when: SystemTime,
    method: String,
    stem: String,
    query: String,
    local: SocketAddr,
    remote: SocketAddr,
    user_agent: String,
    referer: String,
    received: u64,
    pub(crate) notes: LogNotes,
}

impl Entry {
    pub(crate) fn start<B>(
        log: Arc<AccessLog>,
        request: &hyper::Request<B>,
        (remote, local): (SocketAddr, SocketAddr),
        received: u64,
        stem: String,
    ) -> Entry {
        let header = |name: hyper::header::HeaderName| {
            request
                .headers()
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default()
        };
        Entry {
            log,
            started: Instant::now(),
            when: SystemTime::now(),
            method: request.method().as_str().to_owned(),
            stem,
            query: request.uri().query().unwrap_or("").to_owned(),
            local,
            remote,
            user_agent: header(hyper::header::USER_AGENT),
            referer: header(hyper::header::REFERER),
            received,
            notes: LogNotes::default(),
        }
    }

    /// Wraps `response`'s body so that the line is written once the body is done.
    pub(crate) fn attach(
        mut self,
        response: hyper::Response<crate::server::ResponseBody>,
        user: String,
    ) -> hyper::Response<crate::server::ResponseBody> {
        use http_body_util::BodyExt;
        let status = response.status().as_u16();
        let (parts, body) = response.into_parts();
        let sub_status = parts.extensions.get::<SubStatus>().map_or(0, |sub| sub.0);
        if parts.extensions.get::<BodyUnread>().is_some() {
            self.received = 0;
        }
        let head: u64 = parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().len() + v.len() + 4) as u64)
            .sum::<u64>()
            + 19;
        hyper::Response::from_parts(
            parts,
            Logged {
                inner: body,
                sent: head,
                pending: Some((self, (status, sub_status), user)),
            }
            .boxed(),
        )
    }

    fn write(self, (status, sub_status): (u16, u16), user: &str, sent: u64) {
        let (date, time) = date_time(self.when);
        let notes = self.notes.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let query = match (self.query.is_empty(), notes.is_empty()) {
            (true, true) => String::new(),
            (false, true) => self.query.clone(),
            (true, false) => notes,
            (false, false) => format!("{}|{notes}", self.query),
        };
        let line = [
            date,
            time,
            self.local.ip().to_string(),
            field(&self.method),
            field(&self.stem),
            field(&query),
            self.local.port().to_string(),
            field(user),
            self.remote.ip().to_string(),
            field(&self.user_agent),
            field(&self.referer),
            status.to_string(),
            sub_status.to_string(),
            "0".into(),
            sent.to_string(),
            self.received.to_string(),
            self.started.elapsed().as_millis().to_string(),
        ]
        .join(" ");
        self.log.write(&format!("{line}\r\n"));
    }
}

/// W3C fields hold no spaces: IIS writes them as `+`, and an empty field as `-`.
fn field(text: &str) -> String {
    if text.is_empty() {
        return "-".into();
    }
    text.chars()
        .map(|c| if c.is_whitespace() { '+' } else { c })
        .collect()
}

/// `yyyy-mm-dd` and `hh:mm:ss` in UTC, as IIS logs them.
fn date_time(when: SystemTime) -> (String, String) {
    let secs = when
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!(
            "{:02}:{:02}:{:02}",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
    )
}

struct Logged {
    inner: crate::server::ResponseBody,
    sent: u64,
    /// The entry, the status and sub-status, and the user.
    pending: Option<(Entry, (u16, u16), String)>,
}

impl Logged {
    fn done(&mut self) {
        if let Some((entry, status, user)) = self.pending.take() {
            entry.write(status, &user, self.sent);
        }
    }
}

impl Body for Logged {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.sent += data.len() as u64;
                }
            }
            Poll::Ready(None) | Poll::Ready(Some(Err(_))) => self.done(),
            Poll::Pending => {}
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

impl Drop for Logged {
    fn drop(&mut self) {
        self.done();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        let when = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_764_028_800 + 3661);
        assert_eq!(
            date_time(when),
            ("2025-11-25".to_owned(), "01:01:01".to_owned())
        );
        assert_eq!(
            date_time(SystemTime::UNIX_EPOCH),
            ("1970-01-01".to_owned(), "00:00:00".to_owned())
        );
    }

    #[test]
    fn fields_have_no_spaces_and_empty_is_a_dash() {
        assert_eq!(field("Mozilla/5.0 (X11)"), "Mozilla/5.0+(X11)");
        assert_eq!(field(""), "-");
    }
}
