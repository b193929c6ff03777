//! Windows base types as they are laid out in the ISAPI ABI.
use core::ffi::c_void;

pub type DWORD = u32;
pub type BOOL = i32;
pub type USHORT = u16;
pub type ULONGLONG = u64;
pub type ULONG_PTR = usize;
pub type HRESULT = i32;
pub type BYTE = u8;
pub type CHAR = core::ffi::c_char;
pub type WCHAR = u16;
pub type HCONN = *mut c_void;
pub type HANDLE = *mut c_void;
pub type LPVOID = *mut c_void;
pub type PVOID = *mut c_void;
pub type LPSTR = *mut CHAR;
pub type LPCSTR = *const CHAR;
pub type LPWSTR = *mut WCHAR;
pub type LPCWSTR = *const WCHAR;
pub type LPBYTE = *mut BYTE;
pub type LPDWORD = *mut DWORD;

pub const TRUE: BOOL = 1;
pub const FALSE: BOOL = 0;
pub const MAX_PATH: usize = 260;

// Win32 error codes that ISAPI callbacks report (isapi-spec.md §1.2).
pub const ERROR_SUCCESS: DWORD = 0;
pub const ERROR_ACCESS_DENIED: DWORD = 5;
pub const ERROR_INVALID_HANDLE: DWORD = 6;
pub const ERROR_NOT_ENOUGH_MEMORY: DWORD = 8;
pub const ERROR_WRITE_FAULT: DWORD = 29;
pub const ERROR_READ_FAULT: DWORD = 30;
pub const ERROR_NOT_SUPPORTED: DWORD = 50;
pub const ERROR_NETNAME_DELETED: DWORD = 64;
pub const ERROR_INVALID_PARAMETER: DWORD = 87;
pub const ERROR_INSUFFICIENT_BUFFER: DWORD = 122;
pub const ERROR_BAD_EXE_FORMAT: DWORD = 193;
pub const ERROR_NO_DATA: DWORD = 232;
pub const ERROR_MORE_DATA: DWORD = 234;
pub const ERROR_OPERATION_ABORTED: DWORD = 995;
pub const ERROR_IO_PENDING: DWORD = 997;
pub const ERROR_OLD_WIN_VERSION: DWORD = 1150;
pub const ERROR_CONNECTION_ABORTED: DWORD = 1236;
pub const ERROR_INVALID_INDEX: DWORD = 1413;
pub const WSAEINVAL: DWORD = 10022;
