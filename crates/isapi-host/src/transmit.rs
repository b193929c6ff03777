//! `HSE_REQ_TRANSMIT_FILE` (an optional head, a range of a file the extension opened, an
//! optional tail) and `HSE_REQ_VECTOR_SEND` (a list of buffers and file ranges), each sent
//! in one operation; with `HSE_IO_SEND_HEADERS` the status and headers go out first. On
//! Unix a file handle slot carries a file descriptor, on Windows a `HANDLE`.
use std::ffi::c_void;
use std::sync::Arc;

use bytes::Bytes;
use isapi_sys as sys;

use crate::async_io::{self, Done};
use crate::head::Head;
use crate::request::Request;

/// What the extension asked for, copied out of its `HSE_TF_INFO`.
struct Transmission {
    /// The file handle slot's value (see [`read_range`]).
    file: usize,
    status: Option<Vec<u8>>,
    head: Vec<u8>,
    tail: Vec<u8>,
    offset: u64,
    length: u64,
    flags: u32,
}

/// # Safety
/// `info` is null or points to an `HSE_TF_INFO` whose buffers are valid for their lengths.
pub(crate) unsafe fn transmit_file(request: &Arc<Request>, info: *mut c_void) -> Result<(), u32> {
    if info.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: non-null per the check; the layout is the SDK's.
    let info = unsafe { &*info.cast::<sys::HSE_TF_INFO>() };
    let transmission = Transmission {
        file: info.hFile as usize,
        // SAFETY: per the contract, pszStatusCode is null or NUL-terminated.
        status: unsafe { crate::callbacks::optional_str(info.pszStatusCode.cast()) }
            .map(<[u8]>::to_vec),
        // SAFETY: per the contract, pHead is null or valid for HeadLength bytes.
        head: unsafe { bytes_of(info.pHead, info.HeadLength) },
        // SAFETY: per the contract, pTail is null or valid for TailLength bytes.
        tail: unsafe { bytes_of(info.pTail, info.TailLength) },
        offset: u64::from(info.Offset),
        length: u64::from(info.BytesToWrite),
        flags: info.dwFlags,
    };
    if info.dwFlags & sys::HSE_IO_ASYNC != 0 {
        let own = info.pfnHseIO.map(|f| (f, info.pContext));
        return async_io::start(request, own, move |request| {
            match send(request, &transmission) {
                Ok(bytes) => Done { bytes, error: 0 },
                Err(error) => Done { bytes: 0, error },
            }
        });
    }
    send(request, &transmission).map(|_| ())
}

/// # Safety
/// `ptr` is null or valid for `len` bytes.
unsafe fn bytes_of(ptr: *mut c_void, len: u32) -> Vec<u8> {
    if ptr.is_null() || len == 0 {
        return Vec::new();
    }
    // SAFETY: per the function contract.
    unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len as usize) }.to_vec()
}

/// Sends everything; returns the bytes written (head, file range and tail).
fn send(request: &Request, t: &Transmission) -> Result<u32, u32> {
    let file = read_range(t.file, t.offset, t.length)?;
    let mut sent = 0usize;
    if t.flags & sys::HSE_IO_DISCONNECT_AFTER_SEND != 0 {
        // Before the head goes out, so that it can say `Connection: close`.
        request.close_connection();
    }
    if t.flags & sys::HSE_IO_SEND_HEADERS != 0 {
        let block = if t.head.is_empty() {
            b"\r\n".to_vec()
        } else {
            t.head.clone()
        };
        let (head, rest) =
            Head::parse(t.status.as_deref(), &block).ok_or(sys::ERROR_INVALID_PARAMETER)?;
        request.send_head(head, Bytes::from(rest), true)?;
    } else if !t.head.is_empty() {
        request.write(&t.head)?;
        sent += t.head.len();
    }
    request.write(&file)?;
    sent += file.len();
    if !t.tail.is_empty() {
        request.write(&t.tail)?;
        sent += t.tail.len();
    }
    Ok(sent as u32)
}

/// `length` bytes from `offset` (0 = to the end) of the extension's file `handle` (the
/// slot's value: a descriptor in its low 32 bits on Unix (§1.1), a `HANDLE` on Windows),
/// without moving the file's offset or closing it: both belong to the extension.
#[cfg(any(unix, windows))]
fn read_range(handle: usize, offset: u64, length: u64) -> Result<Vec<u8>, u32> {
    let file = borrow_file(handle).ok_or(sys::ERROR_INVALID_HANDLE)?;
    let size = file
        .metadata()
        .map_err(|_| sys::ERROR_INVALID_HANDLE)?
        .len();
    if offset > size {
        return Err(sys::WSAEINVAL);
    }
    let end = if length == 0 {
        size
    } else {
        // An extension's offset and length may be any u64 (HSE_VECTOR_ELEMENT).
        offset.saturating_add(length).min(size)
    };
    let mut data = vec![0; (end - offset) as usize];
    read_exact_at(&file, &mut data, offset).map_err(|_| sys::ERROR_READ_FAULT)?;
    Ok(data)
}

#[cfg(not(any(unix, windows)))]
fn read_range(_handle: usize, _offset: u64, _length: u64) -> Result<Vec<u8>, u32> {
    Err(sys::ERROR_NOT_SUPPORTED)
}

/// The extension's open file, never closed here (ManuallyDrop).
#[cfg(unix)]
fn borrow_file(handle: usize) -> Option<std::mem::ManuallyDrop<std::fs::File>> {
    use std::os::unix::io::FromRawFd;
    let fd = handle as u32 as i32;
    if fd < 0 {
        return None;
    }
    // SAFETY: the descriptor is the extension's open file; the caller never closes it.
    let file = unsafe { std::fs::File::from_raw_fd(fd) };
    Some(std::mem::ManuallyDrop::new(file))
}

#[cfg(windows)]
fn borrow_file(handle: usize) -> Option<std::mem::ManuallyDrop<std::fs::File>> {
    use std::os::windows::io::{FromRawHandle, RawHandle};
    // NULL and INVALID_HANDLE_VALUE name no file.
    if handle == 0 || handle == usize::MAX {
        return None;
    }
    // SAFETY: the handle is the extension's open file; the caller never closes it.
    let file = unsafe { std::fs::File::from_raw_handle(handle as RawHandle) };
    Some(std::mem::ManuallyDrop::new(file))
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, data: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, data, offset)
}

/// Windows' positioned read moves the file pointer: it is put back afterwards.
#[cfg(windows)]
fn read_exact_at(mut file: &std::fs::File, data: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    use std::os::windows::fs::FileExt;
    let position = file.stream_position()?;
    let mut read = 0;
    let result = loop {
        if read == data.len() {
            break Ok(());
        }
        match file.seek_read(&mut data[read..], offset + read as u64) {
            Ok(0) => break Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => break Err(e),
        }
    };
    file.seek(SeekFrom::Start(position))?;
    result
}

/// What `HSE_REQ_VECTOR_SEND` asked for: the pieces copied out (buffers) or read (files).
struct Vector {
    status: Option<Vec<u8>>,
    headers: Option<Vec<u8>>,
    pieces: Vec<Vec<u8>>,
    flags: u32,
}

/// # Safety
/// `vector` is null or points to an `HSE_RESPONSE_VECTOR` whose strings, element array
/// and buffers are valid.
pub(crate) unsafe fn vector_send(request: &Arc<Request>, vector: *mut c_void) -> Result<(), u32> {
    if vector.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: non-null per the check; the layout is the SDK's.
    let vector = unsafe { &*vector.cast::<sys::HSE_RESPONSE_VECTOR>() };
    let send_headers = vector.dwFlags & sys::HSE_IO_SEND_HEADERS != 0;
    // SAFETY: NUL-terminated strings per the function contract.
    let (status, headers) = unsafe {
        (
            crate::callbacks::optional_str(vector.pszStatus.cast()).map(<[u8]>::to_vec),
            crate::callbacks::optional_str(vector.pszHeaders.cast()).map(<[u8]>::to_vec),
        )
    };
    // The SDK: with SEND_HEADERS both strings are required; without, both must be NULL.
    let (both, neither) = (
        status.is_some() && headers.is_some(),
        status.is_none() && headers.is_none(),
    );
    if (send_headers && !both) || (!send_headers && !neither) {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    let count = vector.nElementCount as usize;
    if count > 0 && vector.lpElementArray.is_null() {
        return Err(sys::ERROR_INVALID_PARAMETER);
    }
    let elements: &[sys::HSE_VECTOR_ELEMENT] = if count == 0 {
        &[]
    } else {
        // SAFETY: the array holds nElementCount elements.
        unsafe { std::slice::from_raw_parts(vector.lpElementArray, count) }
    };
    let mut pieces = Vec::with_capacity(count);
    for element in elements {
        pieces.push(match element.ElementType {
            sys::HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER => {
                if element.pvContext.is_null() || element.cbSize == 0 {
                    return Err(sys::ERROR_INVALID_PARAMETER);
                }
                // SAFETY: the buffer holds cbSize bytes.
                unsafe {
                    std::slice::from_raw_parts(
                        element.pvContext.cast::<u8>(),
                        element.cbSize as usize,
                    )
                }
                .to_vec()
            }
            sys::HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE => {
                read_range(element.pvContext as usize, element.cbOffset, element.cbSize)?
            }
            _ => return Err(sys::ERROR_INVALID_PARAMETER),
        });
    }
    let vector = Vector {
        status,
        headers,
        pieces,
        flags: vector.dwFlags,
    };
    if vector.flags & sys::HSE_IO_ASYNC != 0 {
        return async_io::start(request, None, move |request| {
            match send_vector(request, &vector) {
                Ok(bytes) => Done { bytes, error: 0 },
                Err(error) => Done { bytes: 0, error },
            }
        });
    }
    send_vector(request, &vector).map(|_| ())
}

fn send_vector(request: &Request, vector: &Vector) -> Result<u32, u32> {
    if vector.flags & sys::HSE_IO_DISCONNECT_AFTER_SEND != 0 {
        request.close_connection();
    }
    if let (Some(status), Some(headers)) = (&vector.status, &vector.headers) {
        let block = if headers.is_empty() {
            b"\r\n".to_vec()
        } else {
            headers.clone()
        };
        let (head, rest) = Head::parse(Some(status), &block).ok_or(sys::ERROR_INVALID_PARAMETER)?;
        request.send_head(head, Bytes::from(rest), true)?;
    }
    let mut sent = 0usize;
    for piece in &vector.pieces {
        request.write(piece)?;
        sent += piece.len();
    }
    Ok(sent as u32)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::io::AsRawFd;

    #[test]
    fn a_range_past_u64_ends_at_the_end_of_the_file() {
        let path = std::env::temp_dir().join(format!("transmit-range-{}", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        let file = std::fs::File::open(&path).unwrap();
        assert_eq!(
            read_range(file.as_raw_fd() as usize, 4, u64::MAX),
            Ok(b"456789".to_vec())
        );
        assert_eq!(
            read_range(file.as_raw_fd() as usize, 11, 1),
            Err(sys::WSAEINVAL)
        );
        drop(file);
        let _ = std::fs::remove_file(path);
    }
}
