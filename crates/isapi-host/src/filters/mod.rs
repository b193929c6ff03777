//! ISAPI filters: libraries listed in `<isapiFilters>`, loaded at start, called for the
//! notifications they asked for, in priority order, per connection (isapi-spec.md §2.8).
//!
//! Where each notification is raised:
//! - READ_RAW_DATA / SEND_RAW_DATA: [`raw`], between the socket and hyper, only on
//!   connections of a site with a filter that wants raw data;
//! - PREPROC_HEADERS, URL_MAP, AUTHENTICATION, AUTH_COMPLETE, ACCESS_DENIED,
//!   SEND_RESPONSE, END_OF_REQUEST and LOG: [`request`], around the handler;
//! - URL_MAP again for every `MapURLToPath` of an extension: [`map_url`];
//! - END_OF_NET_SESSION: when the connection's [`FilterSession`] is dropped.
mod callbacks;
mod chain;
pub(crate) mod raw;
pub(crate) mod request;
mod session;

use std::path::Path;
use std::sync::{Arc, Mutex};

use isapi_sys as sys;

pub(crate) use chain::FilterChain;
pub(crate) use session::FilterSession;

/// A connection's filter session, shared by its requests and its raw-data pump.
pub(crate) type SharedSession = Arc<Mutex<FilterSession>>;

pub(crate) fn lock(session: &Mutex<FilterSession>) -> std::sync::MutexGuard<'_, FilterSession> {
    session.lock().unwrap_or_else(|e| e.into_inner())
}

/// Maps a canonical URL path ([`crate::canonical`]) to a physical path under `root`,
/// letting URL_MAP filters change the result. Blocking: call off the executor.
pub(crate) fn map_url(
    session: Option<&SharedSession>,
    root: &Path,
    canonical: &str,
) -> Result<String, u32> {
    let mut path = crate::canonical::physical_path(root, canonical);
    if let Some(session) = session {
        let outcome = lock(session).url_map(canonical, &mut path, mapping_details(root), None);
        if let session::Outcome::Error(code) = outcome {
            return Err(if code == 0 {
                sys::ERROR_INVALID_PARAMETER
            } else {
                code
            });
        }
    }
    Ok(path)
}

/// `dwFlags`, `cchMatchingPath` and `cchMatchingURL` of a URL under `root`: the whole
/// site is one virtual directory with read and script access.
pub(crate) fn mapping_details(root: &Path) -> (u32, u32, u32) {
    let root = root.display().to_string();
    (
        sys::HSE_URL_FLAGS_READ | sys::HSE_URL_FLAGS_SCRIPT,
        root.trim_end_matches(std::path::MAIN_SEPARATOR).len() as u32,
        0,
    )
}
