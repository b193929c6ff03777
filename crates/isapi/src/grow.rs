//! The grow-and-retry protocol of `GetServerVariable` and `GetHeader`: offer a buffer;
//! on FALSE with a larger size (or `ERROR_INSUFFICIENT_BUFFER`), grow and ask again.
use std::ffi::c_void;

use isapi_sys as sys;

use crate::error::{clear_host_error, last_host_error, Error, Io, Result};

/// Values larger than this are refused rather than grown into: a bound on what a
/// misbehaving host can make us allocate.
pub(crate) const MAX_VALUE: usize = 16 << 20;
const FIRST_BUFFER: usize = 256;

/// Calls `call(buffer, &mut size)` until the value fits. Returns the bytes the host
/// reported (terminator included); a refusal is `Error::Host` with the host's code.
pub(crate) fn read_grown(
    function: &'static str,
    mut call: impl FnMut(*mut c_void, *mut u32) -> sys::BOOL,
) -> Result<Vec<u8>> {
    let mut buffer = vec![0u8; FIRST_BUFFER];
    loop {
        let offered = buffer.len();
        let mut size = offered as u32;
        clear_host_error();
        if call(buffer.as_mut_ptr().cast(), &mut size) != 0 {
            buffer.truncate((size as usize).min(offered));
            return Ok(buffer);
        }
        let code = last_host_error(Io::Other);
        // Hosts agree on one thing: FALSE with a grown size means "retry with that".
        let wanted = if (size as usize) > offered {
            size as usize
        } else if code == sys::ERROR_INSUFFICIENT_BUFFER {
            offered * 2
        } else {
            return Err(Error::Host { function, code });
        };
        if wanted > MAX_VALUE {
            return Err(Error::Host {
                function,
                code: sys::ERROR_INSUFFICIENT_BUFFER,
            });
        }
        buffer.resize(wanted, 0);
    }
}
