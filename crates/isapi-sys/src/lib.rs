//! The ISAPI binary interface: `#[repr(C)]` structs, callback types and constants,
//! named exactly as in Microsoft's `httpext.h` / `httpfilt.h` so that the SDK
//! documentation applies unchanged. No logic lives here.
//!
//! Windows types map as in shared/reference/isapi-spec.md §1.1: `DWORD` is `u32`
//! (never `c_ulong`, which is 8 bytes on LP64), `BOOL` is `i32`, handles and
//! pointers are pointer-sized. Every function type is `extern "system"`.
#![allow(non_camel_case_types, non_snake_case)]
#![no_std]

mod extension;
mod filter;
mod types;

pub use extension::*;
pub use filter::*;
pub use types::*;
