//! Asynchronous I/O as ISAPI defines it (isapi-spec.md §2.5): the extension registers a
//! completion routine with `HSE_REQ_IO_COMPLETION`, starts an operation (async
//! `WriteClient`, `HSE_REQ_ASYNC_READ_CLIENT`, `HSE_REQ_TRANSMIT_FILE`), and the routine is
//! called once with the byte count and a Win32 error — always on another thread, never
//! inside the call that started it. One operation may be outstanding per request.
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use isapi_sys as sys;

use crate::request::Request;

#[derive(Clone, Copy)]
struct Routine {
    function: sys::PFN_HSE_IO_COMPLETION,
    context: usize,
}

pub(crate) struct AsyncIo {
    routine: Mutex<Option<Routine>>,
    busy: AtomicBool,
    runtime: tokio::runtime::Handle,
}

/// What an operation reports to its completion routine.
pub(crate) struct Done {
    pub bytes: u32,
    pub error: u32,
}

impl AsyncIo {
    pub(crate) fn new(runtime: tokio::runtime::Handle) -> AsyncIo {
        AsyncIo {
            routine: Mutex::new(None),
            busy: AtomicBool::new(false),
            runtime,
        }
    }

    /// `HSE_REQ_IO_COMPLETION`: a later call replaces the routine; `None` disables it.
    pub(crate) fn register(
        &self,
        function: Option<sys::PFN_HSE_IO_COMPLETION>,
        context: *mut c_void,
    ) {
        *self.routine.lock().unwrap_or_else(|e| e.into_inner()) =
            function.map(|function| Routine {
                function,
                context: context as usize,
            });
    }

    fn routine(&self) -> Option<Routine> {
        *self.routine.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Starts `operation` for `request` and reports it to `routine` (the registered one when
/// `None`, as TransmitFile may name its own). Fails at once, without a completion, when
/// no routine is known or another operation is outstanding.
pub(crate) fn start(
    request: &Arc<Request>,
    own_routine: Option<(sys::PFN_HSE_IO_COMPLETION, *mut c_void)>,
    operation: impl FnOnce(&Request) -> Done + Send + 'static,
) -> Result<(), u32> {
    let io = &request.async_io;
    let routine = match own_routine {
        Some((function, context)) => Routine {
            function,
            context: context as usize,
        },
        None => io.routine().ok_or(sys::ERROR_INVALID_PARAMETER)?,
    };
    if io.busy.swap(true, Ordering::AcqRel) {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    request.retain();
    let request = request.clone();
    let runtime = io.runtime.clone();
    runtime.spawn_blocking(move || {
        let done = operation(&request);
        // Cleared first: the routine may start the next operation.
        request.async_io.busy.store(false, Ordering::Release);
        // SAFETY: the routine was registered by the extension for this request, whose ECB
        // stays alive (we hold a reference) until release below.
        unsafe {
            (routine.function)(
                request.ecb_ptr(),
                routine.context as *mut c_void,
                done.bytes,
                done.error,
            )
        };
        request.release();
    });
    Ok(())
}
