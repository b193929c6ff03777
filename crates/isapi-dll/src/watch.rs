//! Reload on change: a thread per library copy looks at the bundle (and its settings
//! file) every interval. Once a change has settled (the same on two looks, so a bundle
//! being written is not read half-way), a new pool is started on the new code and takes
//! the next requests; the old one finishes what it has and is retired. A bundle that
//! fails to load is reported once and the previous version keeps serving.
use std::path::Path;
use std::time::{Duration, SystemTime};

use isapi::sys;

use crate::extension::Extension;
use crate::settings;

/// What identifies a version of the handler on disk.
pub(crate) type Stamp = [Option<(SystemTime, u64)>; 2];

pub(crate) fn stamp(bundle: &Path) -> Stamp {
    let one = |path: &Path| {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    };
    [one(bundle), one(&settings::settings_path(bundle))]
}

/// Starts watching `extension`'s bundle, if watching is on.
pub(crate) fn spawn(extension: &'static Extension, loaded: Stamp) {
    let Some(interval) = settings::watch_interval(&extension.bundle) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("isapi-watch".into())
        .spawn(move || watch(extension, loaded, interval));
    if let Err(error) = spawned {
        tracing::warn!(
            "cannot watch {} for changes: {error}",
            extension.bundle.display()
        );
    }
}

fn watch(extension: &'static Extension, mut loaded: Stamp, interval: Duration) {
    let mut previous = loaded;
    loop {
        std::thread::sleep(interval);
        if extension.is_stopped() {
            return;
        }
        let now = stamp(&extension.bundle);
        let settled = now == previous;
        previous = now;
        if now == loaded || !settled || now[0].is_none() {
            continue;
        }
        loaded = now;
        match extension.start_pool() {
            Ok(fresh) => {
                let Some(old) = extension.replace_pool(fresh.clone()) else {
                    // Terminated meanwhile: the fresh pool must not outlive it.
                    fresh.terminate(sys::HSE_TERM_MUST_UNLOAD);
                    return;
                };
                tracing::info!(
                    "{} changed: new requests run the new version",
                    extension.bundle.display()
                );
                let retiring = std::thread::Builder::new()
                    .name("isapi-retire".into())
                    .spawn(move || old.retire(sys::HSE_TERM_MUST_UNLOAD, &fresh));
                if let Err(error) = retiring {
                    tracing::warn!("cannot retire the previous engines: {error}");
                }
            }
            Err(message) => tracing::error!(
                "{message}; the previous version keeps serving until the bundle is fixed"
            ),
        }
    }
}
