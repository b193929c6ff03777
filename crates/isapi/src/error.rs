//! The one error type of the object model.
use isapi_sys as sys;

/// What can go wrong when talking to the host through an ECB.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The host handed us a null ECB or one without its callbacks.
    #[error("invalid extension control block: {0}")]
    InvalidEcb(&'static str),
    /// A host callback returned FALSE; `code` is the Win32 error it reported.
    #[error("{function} failed with error {code} ({})", describe_win32(*code))]
    Host { function: &'static str, code: u32 },
    /// An argument cannot cross the ABI (e.g. a string with an interior NUL).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// A file a request should send cannot be opened (reported as ERROR_INVALID_PARAMETER,
    /// what a server answers for a bad handle).
    #[error("cannot open {path:?}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    /// The ECB was already handed back with `HSE_REQ_DONE_WITH_SESSION`.
    #[error("the request is already finished (DoneWithSession was called)")]
    Finished,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The Win32 error code, when the host reported one.
    pub fn win32_code(&self) -> Option<u32> {
        match self {
            Error::Host { code, .. } => Some(*code),
            Error::Open { .. } => Some(sys::ERROR_INVALID_PARAMETER),
            _ => None,
        }
    }
}

/// A short name for the Win32 codes ISAPI hosts use.
pub fn describe_win32(code: u32) -> &'static str {
    match code {
        sys::ERROR_ACCESS_DENIED => "access denied",
        sys::ERROR_INVALID_HANDLE => "invalid handle",
        sys::ERROR_NOT_ENOUGH_MEMORY => "not enough memory",
        sys::ERROR_WRITE_FAULT => "write fault",
        sys::ERROR_READ_FAULT => "read fault",
        sys::ERROR_NOT_SUPPORTED => "not supported",
        sys::ERROR_NETNAME_DELETED => "connection closed",
        sys::ERROR_INVALID_PARAMETER => "invalid parameter",
        sys::ERROR_INSUFFICIENT_BUFFER => "insufficient buffer",
        sys::ERROR_NO_DATA => "no data",
        sys::ERROR_MORE_DATA => "more data",
        sys::ERROR_OPERATION_ABORTED => "operation aborted",
        sys::ERROR_CONNECTION_ABORTED => "connection aborted",
        sys::ERROR_INVALID_INDEX => "unknown server variable",
        _ => "unknown error",
    }
}

/// What a failed callback was doing: a POSIX host's `EIO` is a read fault on a read and a
/// write fault on a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Io {
    Read,
    Write,
    /// Neither: the code is the host's Win32 code (our host's 5 is ERROR_ACCESS_DENIED).
    Other,
}

/// The error a host reported for the last failed callback on this thread, for a call
/// doing `io`.
///
/// Windows hosts use `SetLastError`; Unix hosts (ours, mod_isapi, Zeus) use `errno`,
/// some with POSIX values. POSIX spellings are folded onto the Win32 codes so callers
/// compare against one set (isapi-spec.md §1.2).
pub(crate) fn last_host_error(io: Io) -> u32 {
    let raw = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
    fold(raw, io)
}

fn fold(raw: i32, io: Io) -> u32 {
    #[cfg(unix)]
    {
        match (raw, io) {
            (libc::ENOBUFS, _) => return sys::ERROR_INSUFFICIENT_BUFFER,
            (libc::EINVAL, _) => return sys::ERROR_INVALID_PARAMETER,
            (libc::EIO, Io::Read) => return sys::ERROR_READ_FAULT,
            (libc::EIO, Io::Write) => return sys::ERROR_WRITE_FAULT,
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = io;
    u32::try_from(raw).unwrap_or(0)
}

/// Clears the thread's error slot before a callback, so a stale value is never read.
pub(crate) fn clear_host_error() {
    set_last_error(0);
}

/// `SetLastError` on Windows, `errno` elsewhere: where a host looks after a failed call
/// (a filter answering SF_STATUS_REQ_ERROR says why here).
pub fn set_last_error(code: u32) {
    #[cfg(windows)]
    {
        extern "system" {
            fn SetLastError(code: u32);
        }
        // SAFETY: a plain Win32 call on the current thread.
        unsafe { SetLastError(code) };
    }
    #[cfg(target_os = "linux")]
    // SAFETY: __errno_location returns the calling thread's errno slot, always valid.
    unsafe {
        *libc::__errno_location() = code as i32;
    }
    #[cfg(not(any(windows, target_os = "linux")))]
    let _ = code;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn eio_is_the_fault_of_the_call_s_direction() {
        assert_eq!(fold(libc::EIO, Io::Read), sys::ERROR_READ_FAULT);
        assert_eq!(fold(libc::EIO, Io::Write), sys::ERROR_WRITE_FAULT);
        // Our host's Win32 5 on any other call stays ERROR_ACCESS_DENIED.
        assert_eq!(fold(5, Io::Other), sys::ERROR_ACCESS_DENIED);
        assert_eq!(
            fold(libc::ENOBUFS, Io::Read),
            sys::ERROR_INSUFFICIENT_BUFFER
        );
        assert_eq!(fold(1413, Io::Other), sys::ERROR_INVALID_INDEX);
    }
}
