//! ISAPI filters: libraries listed in `<isapiFilters>`, loaded at start, called for the
//! notifications they asked for, in priority order, per connection (isapi-spec.md §2.8).
//!
//! This first slice raises `SF_NOTIFY_PREPROC_HEADERS` (before routing; changes re-route),
//! `SF_NOTIFY_SEND_RESPONSE` (before the head goes out), `SF_NOTIFY_END_OF_REQUEST` and
//! `SF_NOTIFY_END_OF_NET_SESSION`. The other notifications are not raised yet.
mod callbacks;
mod chain;
mod session;

pub(crate) use chain::FilterChain;
pub(crate) use session::{FilterSession, Outcome, RequestHead};
