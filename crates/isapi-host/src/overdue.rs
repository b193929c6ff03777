//! `HostOptions::pending_timeout`: a request whose extension has sent no head for that
//! long is answered 504 and its connection closed.
//!
//! One watcher per host looks over the requests in flight a few times per timeout, rather
//! than a timer per request: arming a timer from a worker thread wakes the thread parked on
//! the timer driver, one wake-up (and context switch) per request on the hot path.
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::request;
use crate::server::Shared;

/// Starts `shared`'s watcher, once. It ends when the host is gone.
pub(crate) fn watch(shared: &Arc<Shared>) {
    shared.overdue_watcher.get_or_init(|| {
        let period = (shared.options.pending_timeout / 4)
            .clamp(Duration::from_millis(10), Duration::from_secs(1));
        tokio::spawn(look_over(Arc::downgrade(shared), period));
    });
}

async fn look_over(host: Weak<Shared>, period: Duration) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(shared) = host.upgrade() else {
            return;
        };
        let timeout = shared.options.pending_timeout;
        for request in request::live_of(&shared) {
            if request.started.elapsed() >= timeout && request.expire() {
                isapi::log_limited!(
                    error,
                    "{} {}: no response within {timeout:?}; answered 504",
                    crate::log_text::escaped(&request.info.method),
                    crate::log_text::escaped(&request.info.raw_target),
                );
            }
        }
    }
}
