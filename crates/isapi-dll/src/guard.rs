//! The one wrapper every export goes through: nothing unwinds into the host, and a null
//! pointer from the host is an error answer, not a crash.

/// Defines an exported ISAPI entry point.
///
/// `nonnull(a, b)` lists pointer arguments the host must not pass as null; `fail = X` is
/// what the host gets when one is null or the body panics. Either case is logged.
macro_rules! isapi_export {
    (
        $(#[$meta:meta])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty;
        nonnull($($checked:ident),*);
        fail = $fail:expr;
        $body:expr
    ) => {
        $(#[$meta])*
        #[no_mangle]
        pub extern "system" fn $name($($arg: $ty),*) -> $ret {
            $(
                if $checked.is_null() {
                    crate::guard::report_null(stringify!($name), stringify!($checked));
                    return $fail;
                }
            )*
            let outcome = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body($($arg),*)));
            match outcome {
                Ok(value) => value,
                Err(payload) => {
                    crate::guard::report_panic(stringify!($name), payload.as_ref());
                    $fail
                }
            }
        }
    };
}

pub(crate) use isapi_export;

pub(crate) fn report_null(function: &str, argument: &str) {
    crate::logging::init();
    tracing::error!("{function} called with a null {argument}; answering with an error");
}

pub(crate) fn report_panic(function: &str, payload: &(dyn std::any::Any + Send)) {
    crate::logging::init();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    tracing::error!("{function} panicked: {message}; answering with an error");
}
