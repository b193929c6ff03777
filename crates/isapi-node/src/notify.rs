//! How the host's threads reach JS: one threadsafe function per loaded handler, called
//! with `(kind, id, notification, connection)`. Weak: it does not keep Node's event loop alive by itself.
use napi::bindgen_prelude::FnArgs;
use napi::threadsafe_function::ThreadsafeFunction;
use napi::Status;

pub(crate) type NotifyArgs = FnArgs<(u32, u32, u32, u32)>;
pub(crate) type Notify = ThreadsafeFunction<NotifyArgs, (), NotifyArgs, Status, false, true>;

/// A request for the extension: `id` is its ECB's id; the rest is 0.
pub(crate) const KIND_REQUEST: u32 = 1;
/// A filter notification: `id` is the call's id, then the notification type and the
/// connection's number.
pub(crate) const KIND_FILTER: u32 = 2;
