//! IIS's limits, with IIS's names, defaults and answers.
//!
//! - Request filtering (`system.webServer/security/requestFiltering/requestLimits`, also
//!   inside `<location>`): `maxUrl` → 404.14, `maxQueryString` → 404.15,
//!   `maxAllowedContentLength` → 413 (as soon as `Content-Length` says so; a chunked body
//!   is cut when it grows past it), `<headerLimits>` → 404.10. Checked before filters and
//!   handlers see the request.
//! - Connections (IIS keeps them in applicationHost.config; we read the same elements from
//!   the site's web.config: `system.applicationHost/sites/siteDefaults/limits` and
//!   `system.applicationHost/webLimits`): `connectionTimeout`, `headerWaitTimeout`,
//!   `minBytesPerSecond`, `maxConnections`. Enforced by [`crate::watchdog`].
use std::time::Duration;

use hyper::header::HOST;

use crate::refusal::Refusal;

/// IIS's `requestLimits` defaults.
pub const DEFAULT_MAX_URL: u64 = 4096;
pub const DEFAULT_MAX_QUERY_STRING: u64 = 2048;
pub const DEFAULT_MAX_ALLOWED_CONTENT_LENGTH: u64 = 30_000_000;

/// The request limits of one URL: the site's, overridden attribute by attribute by each
/// `<location>` that contains the URL (as IIS merges a section down the path).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLimits {
    pub max_url: u64,
    pub max_query_string: u64,
    pub max_allowed_content_length: u64,
    /// `<headerLimits><add header= sizeLimit=/>`: header name (any case) and its largest
    /// value in bytes.
    pub header_limits: Vec<(String, u64)>,
}

impl Default for RequestLimits {
    fn default() -> Self {
        RequestLimits {
            max_url: DEFAULT_MAX_URL,
            max_query_string: DEFAULT_MAX_QUERY_STRING,
            max_allowed_content_length: DEFAULT_MAX_ALLOWED_CONTENT_LENGTH,
            header_limits: Vec::new(),
        }
    }
}

/// What one `<requestLimits>` element sets; unset attributes are inherited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestLimitsPatch {
    /// The `<location>` folder (`/upload`), `None` for the site.
    pub scope: Option<String>,
    pub max_url: Option<u64>,
    pub max_query_string: Option<u64>,
    pub max_allowed_content_length: Option<u64>,
    /// `<headerLimits>` entries in order; `None` name = `<clear/>`, `Some((name, None))` =
    /// `<remove>`.
    pub header_limits: Vec<(Option<String>, Option<u64>)>,
}

/// Every `<requestLimits>` of the config, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocationLimits {
    pub patches: Vec<RequestLimitsPatch>,
    /// Made once the whole file is read ([`LocationLimits::resolve`]): the site's limits,
    /// and each `<location>` folder's, deepest first, so a request only looks them up.
    site: RequestLimits,
    folders: Vec<(String, RequestLimits)>,
}

impl LocationLimits {
    /// The limits for a canonical URL path: those of the deepest `<location>` folder
    /// holding it (the patches that apply to a path are exactly those that apply to that
    /// folder), else the site's.
    pub fn for_path(&self, path: &str) -> &RequestLimits {
        self.folders
            .iter()
            .find(|(folder, _)| crate::canonical::inside(path, folder))
            .map_or(&self.site, |(_, limits)| limits)
    }

    /// Merges the patches for the site and for every `<location>` folder; called when the
    /// config has been read, before any request.
    pub(crate) fn resolve(&mut self) {
        self.site = self.merged(None);
        let mut folders: Vec<String> = self
            .patches
            .iter()
            .filter_map(|p| p.scope.clone())
            .collect();
        folders.sort_by_key(|folder| std::cmp::Reverse(folder.len()));
        self.folders = folders
            .into_iter()
            .map(|folder| {
                let limits = self.merged(Some(&folder));
                (folder, limits)
            })
            .collect();
    }

    /// The site's patches, then those of the folders holding `folder` (shallower first).
    fn merged(&self, folder: Option<&str>) -> RequestLimits {
        let mut limits = RequestLimits::default();
        let mut applicable: Vec<&RequestLimitsPatch> = self
            .patches
            .iter()
            .filter(|p| match (p.scope.as_deref(), folder) {
                (None, _) => true,
                (Some(scope), Some(folder)) => crate::canonical::inside(folder, scope),
                (Some(_), None) => false,
            })
            .collect();
        // The site first, then deeper folders; document order within each.
        applicable.sort_by_key(|p| p.scope.as_ref().map_or(0, String::len));
        for patch in applicable {
            limits.max_url = patch.max_url.unwrap_or(limits.max_url);
            limits.max_query_string = patch.max_query_string.unwrap_or(limits.max_query_string);
            limits.max_allowed_content_length = patch
                .max_allowed_content_length
                .unwrap_or(limits.max_allowed_content_length);
            for (name, size) in &patch.header_limits {
                match (name, size) {
                    (None, _) => limits.header_limits.clear(),
                    (Some(name), size) => {
                        limits
                            .header_limits
                            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                        if let Some(size) = size {
                            limits.header_limits.push((name.clone(), *size));
                        }
                    }
                }
            }
        }
        limits
    }

    /// The patch of `scope`, made on first use.
    pub(crate) fn patch(&mut self, scope: Option<&str>) -> &mut RequestLimitsPatch {
        let index = match self
            .patches
            .iter()
            .position(|p| p.scope.as_deref() == scope)
        {
            Some(index) => index,
            None => {
                self.patches.push(RequestLimitsPatch {
                    scope: scope.map(str::to_owned),
                    ..RequestLimitsPatch::default()
                });
                self.patches.len() - 1
            }
        };
        &mut self.patches[index]
    }
}

/// IIS's connection limits (applicationHost.config's `limits` and `webLimits`), and
/// http.sys's request head size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectionLimits {
    /// `connectionTimeout`: an idle keep-alive connection closes after this; a request
    /// body gets this long for its first bytes before `min_bytes_per_second` counts.
    pub connection_timeout: Duration,
    /// `headerWaitTimeout`: a request head must arrive whole within this of its first byte.
    pub header_wait_timeout: Duration,
    /// `minBytesPerSecond`: a request body slower than this on average (after the grace
    /// above) is aborted. 0 = no minimum.
    pub min_bytes_per_second: u64,
    /// `maxConnections`: connections past it are answered 503 and closed.
    pub max_connections: u64,
    /// http.sys's `MaxRequestBytes`: the request line and headers together; larger → 431.
    pub max_request_bytes: usize,
}

/// IIS's `connectionTimeout` default (2 minutes).
pub const DEFAULT_CONNECTION_TIMEOUT: Duration = Duration::from_secs(120);
/// IIS's `headerWaitTimeout` is 0 by default, which leaves http.sys's HeaderWait: 2 minutes.
pub const DEFAULT_HEADER_WAIT_TIMEOUT: Duration = Duration::from_secs(120);
pub const DEFAULT_MIN_BYTES_PER_SECOND: u64 = 240;
/// IIS's `maxConnections` default: no limit (4294967295).
pub const DEFAULT_MAX_CONNECTIONS: u64 = u32::MAX as u64;
/// http.sys's `MaxRequestBytes` default.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 16 * 1024;

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            connection_timeout: DEFAULT_CONNECTION_TIMEOUT,
            header_wait_timeout: DEFAULT_HEADER_WAIT_TIMEOUT,
            min_bytes_per_second: DEFAULT_MIN_BYTES_PER_SECOND,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
        }
    }
}

/// What `web.config` said about connection limits; each unset one keeps the host's value
/// (a flag, or IIS's default).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ConnectionLimitsConfig {
    pub connection_timeout: Option<Duration>,
    pub header_wait_timeout: Option<Duration>,
    pub min_bytes_per_second: Option<u64>,
    pub max_connections: Option<u64>,
}

impl ConnectionLimitsConfig {
    /// `base` (flags or defaults) with what the config sets.
    pub fn over(&self, base: ConnectionLimits) -> ConnectionLimits {
        ConnectionLimits {
            connection_timeout: self.connection_timeout.unwrap_or(base.connection_timeout),
            header_wait_timeout: self.header_wait_timeout.unwrap_or(base.header_wait_timeout),
            min_bytes_per_second: self
                .min_bytes_per_second
                .unwrap_or(base.min_bytes_per_second),
            max_connections: self.max_connections.unwrap_or(base.max_connections),
            max_request_bytes: base.max_request_bytes,
        }
    }

    /// Reads the attributes of `<limits>` (`connectionTimeout`, `maxConnections`) or
    /// `<webLimits>` (`connectionTimeout`, `headerWaitTimeout`, `minBytesPerSecond`).
    pub(crate) fn read(&mut self, attrs: &[(String, String)]) -> Result<(), String> {
        for (key, value) in attrs {
            match key.as_str() {
                "connectionTimeout" => self.connection_timeout = Some(timespan(key, value)?),
                "headerWaitTimeout" => {
                    // 0 is IIS's "http.sys's default".
                    let wait = timespan(key, value)?;
                    self.header_wait_timeout = (!wait.is_zero()).then_some(wait);
                }
                "minBytesPerSecond" => self.min_bytes_per_second = Some(number(key, value)?),
                "maxConnections" => self.max_connections = Some(number(key, value)?),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Reads `<requestLimits>`'s attributes into `patch`.
pub(crate) fn read_request_limits(
    patch: &mut RequestLimitsPatch,
    attrs: &[(String, String)],
) -> Result<(), String> {
    for (key, value) in attrs {
        match key.as_str() {
            "maxUrl" => patch.max_url = Some(number(key, value)?),
            "maxQueryString" => patch.max_query_string = Some(number(key, value)?),
            "maxAllowedContentLength" => {
                patch.max_allowed_content_length = Some(number(key, value)?)
            }
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn number(key: &str, value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{key} {value:?} is not a number"))
}

/// An IIS timespan: `[d.]hh:mm:ss[.fraction]`.
pub fn timespan(key: &str, value: &str) -> Result<Duration, String> {
    let bad = || format!("{key} {value:?} is not a timespan like 00:02:00");
    let text = value.trim();
    let (days, clock) = match text.split_once(':') {
        Some((first, _)) if first.contains('.') => {
            let (days, _) = first.split_once('.').ok_or_else(bad)?;
            (
                days.parse::<u64>().map_err(|_| bad())?,
                &text[days.len() + 1..],
            )
        }
        _ => (0, text),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let [hours, minutes, seconds] = parts[..] else {
        return Err(bad());
    };
    let whole = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (hours, minutes) = (
        whole(hours).ok_or_else(bad)?,
        whole(minutes).ok_or_else(bad)?,
    );
    let (secs, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let secs = whole(secs).ok_or_else(bad)?;
    let nanos = if fraction.is_empty() {
        0
    } else {
        let digits: String = fraction
            .chars()
            .chain(std::iter::repeat('0'))
            .take(9)
            .collect();
        whole(&digits).ok_or_else(bad)? as u32
    };
    let total = days
        .checked_mul(86_400)
        .and_then(|d| d.checked_add(hours.checked_mul(3600)?))
        .and_then(|t| t.checked_add(minutes.checked_mul(60)?))
        .and_then(|t| t.checked_add(secs))
        .ok_or_else(bad)?;
    Ok(Duration::new(total, nanos))
}

/// Checks a request's head against `limits` (those of `path`, its decoded URL path).
/// `content_length` is the declared body length, if any.
pub(crate) fn check<B>(
    limits: &RequestLimits,
    request: &hyper::Request<B>,
    path: &str,
    content_length: Option<u64>,
) -> Result<(), Refusal> {
    let mut hosts = request.headers().get_all(HOST).iter();
    let refused = match hosts.next() {
        Some(host) => hosts.next().is_some() || !valid_host(host.as_bytes()),
        // HTTP/1.1 requires one (RFC 9112 §3.2; http.sys answers 400); 1.0 predates it.
        None => request.version() != hyper::Version::HTTP_10,
    };
    if refused {
        return Err(Refusal::BadHost);
    }
    if path.len() as u64 > limits.max_url {
        return Err(Refusal::UrlTooLong);
    }
    let query = request.uri().query().map_or(0, str::len);
    if query as u64 > limits.max_query_string {
        return Err(Refusal::QueryTooLong);
    }
    for (name, size) in &limits.header_limits {
        let too_long = request
            .headers()
            .get_all(name.as_str())
            .iter()
            .any(|v| v.len() as u64 > *size);
        if too_long {
            return Err(Refusal::HeaderTooLong);
        }
    }
    if content_length.is_some_and(|length| length > limits.max_allowed_content_length) {
        return Err(Refusal::BodyTooLarge);
    }
    Ok(())
}

/// `host[:port]` (a name, an IPv4 address or a bracketed IPv6 one), or empty (allowed
/// when the request target is not absolute, RFC 9112 §3.2).
fn valid_host(value: &[u8]) -> bool {
    if value.is_empty() {
        return true;
    }
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        if inside.parse::<std::net::Ipv6Addr>().is_err() {
            return false;
        }
        match after {
            "" => return true,
            _ => match after.strip_prefix(':') {
                Some(port) => ("x", port),
                None => return false,
            },
        }
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, port),
            None => (text, "0"),
        }
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    let port_ok = !port.is_empty() && port.len() <= 5 && port.parse::<u16>().is_ok();
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timespans_read_as_iis_writes_them() {
        let t = |s| timespan("t", s);
        assert_eq!(t("00:02:00"), Ok(Duration::from_secs(120)));
        assert_eq!(t("1.00:00:01"), Ok(Duration::from_secs(86_401)));
        assert_eq!(t("00:00:00.250"), Ok(Duration::from_millis(250)));
        for bad in [
            "",
            "120",
            "1:2",
            "a:b:c",
            "00:00:-1",
            "99999999999999999:00:00",
        ] {
            assert!(t(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn locations_override_attribute_by_attribute() {
        let mut filtering = LocationLimits::default();
        filtering.patch(None).max_url = Some(100);
        filtering.patch(None).header_limits = vec![(Some("X-A".into()), Some(5))];
        let upload = filtering.patch(Some("/upload"));
        upload.max_allowed_content_length = Some(10);
        upload.header_limits = vec![(None, None), (Some("x-b".into()), Some(7))];
        filtering.resolve();
        let site = filtering.for_path("/x");
        assert_eq!(site.max_url, 100);
        assert_eq!(site.max_allowed_content_length, 30_000_000);
        let deep = filtering.for_path("/upload/a");
        assert_eq!((deep.max_url, deep.max_allowed_content_length), (100, 10));
        assert_eq!(deep.header_limits, vec![("x-b".to_owned(), 7)]);
        assert_eq!(
            filtering.for_path("/uploads").max_allowed_content_length,
            30_000_000
        );
    }

    #[test]
    fn hosts_are_names_or_addresses_with_an_optional_port() {
        for good in [
            "",
            "a",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:80",
            "x_y.example-1.com",
        ] {
            assert!(valid_host(good.as_bytes()), "{good:?}");
        }
        for bad in [
            "a b", "a/b", "u@h", "h:", "h:99999", "[::1", "[zz]", "h:1:2", "\u{e9}",
        ] {
            assert!(!valid_host(bad.as_bytes()), "{bad:?}");
        }
    }
}
