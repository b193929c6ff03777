//! The structs of the ServerSupportFunction requests that take pointers (TRANSMIT_FILE,
//! VECTOR_SEND, EXEC_URL), built from plain Rust values and owning everything they point
//! to. A value must stay where the server can see it until the call returns, or with
//! `HSE_IO_ASYNC` until the completion arrives; moving the value is fine (only heap
//! blocks are pointed at).
use std::ffi::CString;

use crate::ecb::header_block;
use crate::{sys, Error, Result};

/// `TransmitFile(path, options)`: what to send around the file range.
#[derive(Clone, Debug, Default)]
pub struct TransmitSpec {
    /// With a status line, the server sends it and `headers` first.
    pub status: Option<String>,
    /// A header block (`Name: value\r\n`…), without the blank line.
    pub headers: String,
    /// Bytes sent before the file (after the headers).
    pub head: Vec<u8>,
    /// Bytes sent after the file.
    pub tail: Vec<u8>,
    pub offset: u32,
    /// 0: to the end of the file.
    pub length: u32,
    pub disconnect: bool,
}

/// An `HSE_TF_INFO` with its file and buffers.
pub struct Transmission {
    _file: std::fs::File,
    _status: CString,
    _head: Vec<u8>,
    _tail: Vec<u8>,
    pub info: sys::HSE_TF_INFO,
}

// SAFETY: the raw pointers in `info` point into the heap blocks and file this value owns.
unsafe impl Send for Transmission {}

impl Transmission {
    /// Opens `path` and lays out the request.
    pub fn open(path: &str, spec: TransmitSpec) -> Result<Transmission> {
        let file = std::fs::File::open(path).map_err(|e| Error::Open {
            path: path.to_owned(),
            source: e,
        })?;
        let mut flags = 0;
        let mut head = Vec::new();
        let status = match spec.status {
            Some(status) => {
                flags |= sys::HSE_IO_SEND_HEADERS;
                head.extend_from_slice(header_block(&spec.headers).as_bytes());
                status
            }
            None => String::new(),
        };
        head.extend_from_slice(&spec.head);
        if spec.disconnect {
            flags |= sys::HSE_IO_DISCONNECT_AFTER_SEND;
        }
        let status = c_string(status)?;
        let mut transmission = Transmission {
            info: sys::HSE_TF_INFO {
                pfnHseIO: None,
                pContext: std::ptr::null_mut(),
                hFile: raw_handle(&file),
                pszStatusCode: if flags & sys::HSE_IO_SEND_HEADERS != 0 {
                    status.as_ptr()
                } else {
                    std::ptr::null()
                },
                BytesToWrite: spec.length,
                Offset: spec.offset,
                pHead: std::ptr::null_mut(),
                HeadLength: head.len() as u32,
                pTail: std::ptr::null_mut(),
                TailLength: spec.tail.len() as u32,
                dwFlags: flags,
            },
            _file: file,
            _status: status,
            _head: head,
            _tail: spec.tail,
        };
        if !transmission._head.is_empty() {
            transmission.info.pHead = transmission._head.as_mut_ptr().cast();
        }
        if !transmission._tail.is_empty() {
            transmission.info.pTail = transmission._tail.as_mut_ptr().cast();
        }
        Ok(transmission)
    }

    pub fn sends_headers(&self) -> bool {
        self.info.dwFlags & sys::HSE_IO_SEND_HEADERS != 0
    }
}

/// One part of a `VectorSend`.
#[derive(Clone, Debug)]
pub enum VectorPart {
    Bytes(Vec<u8>),
    /// A file range; length 0 means to the end.
    File {
        path: String,
        offset: u64,
        length: u64,
    },
}

/// An `HSE_RESPONSE_VECTOR` with its buffers, files and element array.
pub struct Vector {
    _buffers: Vec<Vec<u8>>,
    _files: Vec<std::fs::File>,
    _elements: Vec<sys::HSE_VECTOR_ELEMENT>,
    _status: Option<CString>,
    _headers: Option<CString>,
    pub vector: sys::HSE_RESPONSE_VECTOR,
}

// SAFETY: as for `Transmission`: every pointer is into memory this value owns.
unsafe impl Send for Vector {}

impl Vector {
    /// Lays out `parts`; with `status`, the server sends it and `headers` first.
    pub fn new(
        parts: Vec<VectorPart>,
        status: Option<String>,
        headers: &str,
        disconnect: bool,
    ) -> Result<Vector> {
        let mut buffers = Vec::new();
        let mut files = Vec::new();
        let mut elements = Vec::new();
        for part in parts {
            match part {
                VectorPart::Bytes(bytes) if bytes.is_empty() => {}
                VectorPart::Bytes(bytes) => {
                    elements.push(sys::HSE_VECTOR_ELEMENT {
                        ElementType: sys::HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER,
                        pvContext: bytes.as_ptr().cast_mut().cast(),
                        cbOffset: 0,
                        cbSize: bytes.len() as u64,
                    });
                    buffers.push(bytes);
                }
                VectorPart::File {
                    path,
                    offset,
                    length,
                } => {
                    let file = std::fs::File::open(&path).map_err(|e| Error::Open {
                        path: path.to_owned(),
                        source: e,
                    })?;
                    elements.push(sys::HSE_VECTOR_ELEMENT {
                        ElementType: sys::HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE,
                        pvContext: raw_handle(&file),
                        cbOffset: offset,
                        cbSize: length,
                    });
                    files.push(file);
                }
            }
        }
        let mut flags = 0;
        let headers = match &status {
            Some(_) => {
                flags |= sys::HSE_IO_SEND_HEADERS;
                Some(c_string(header_block(headers))?)
            }
            None => None,
        };
        let status = status.map(c_string).transpose()?;
        if disconnect {
            flags |= sys::HSE_IO_DISCONNECT_AFTER_SEND;
        }
        let raw = |s: &Option<CString>| {
            s.as_ref()
                .map_or(std::ptr::null_mut(), |s| s.as_ptr().cast_mut())
        };
        let mut vector = Vector {
            vector: sys::HSE_RESPONSE_VECTOR {
                dwFlags: flags,
                pszStatus: raw(&status),
                pszHeaders: raw(&headers),
                nElementCount: elements.len() as u32,
                lpElementArray: std::ptr::null_mut(),
            },
            _buffers: buffers,
            _files: files,
            _elements: elements,
            _status: status,
            _headers: headers,
        };
        if !vector._elements.is_empty() {
            vector.vector.lpElementArray = vector._elements.as_mut_ptr();
        }
        Ok(vector)
    }

    pub fn sends_headers(&self) -> bool {
        self.vector.dwFlags & sys::HSE_IO_SEND_HEADERS != 0
    }
}

/// `ExecURL(url?, { method?, headers?, entity?, flags? })`'s arguments.
#[derive(Clone, Debug, Default)]
pub struct ExecSpec {
    /// `None`: the current request's URL.
    pub url: Option<String>,
    pub method: Option<String>,
    /// A header block for the child request.
    pub headers: Option<String>,
    pub entity: Option<Vec<u8>>,
    pub flags: u32,
}

/// An `HSE_EXEC_URL_INFO` with its strings and entity.
pub struct ExecRequest {
    _url: Option<CString>,
    _method: Option<CString>,
    _headers: Option<CString>,
    _entity: Option<Box<(sys::HSE_EXEC_URL_ENTITY_INFO, Vec<u8>)>>,
    pub info: sys::HSE_EXEC_URL_INFO,
}

// SAFETY: as for `Transmission`.
unsafe impl Send for ExecRequest {}

impl ExecRequest {
    pub fn new(spec: ExecSpec) -> Result<ExecRequest> {
        let url = spec.url.map(c_string).transpose()?;
        let method = spec.method.map(c_string).transpose()?;
        let headers = spec.headers.map(c_string).transpose()?;
        let mut entity = spec.entity.map(|bytes| {
            Box::new((
                sys::HSE_EXEC_URL_ENTITY_INFO {
                    cbAvailable: bytes.len() as u32,
                    lpbData: std::ptr::null_mut(),
                },
                bytes,
            ))
        });
        if let Some(entity) = entity.as_mut() {
            entity.0.lpbData = entity.1.as_mut_ptr().cast();
        }
        let raw = |s: &Option<CString>| {
            s.as_ref()
                .map_or(std::ptr::null_mut(), |s| s.as_ptr().cast_mut())
        };
        Ok(ExecRequest {
            info: sys::HSE_EXEC_URL_INFO {
                pszUrl: raw(&url),
                pszMethod: raw(&method),
                pszChildHeaders: raw(&headers),
                pUserInfo: std::ptr::null_mut(),
                pEntity: entity.as_mut().map_or(std::ptr::null_mut(), |e| {
                    &mut e.0 as *mut sys::HSE_EXEC_URL_ENTITY_INFO
                }),
                dwExecUrlFlags: spec.flags,
            },
            _url: url,
            _method: method,
            _headers: headers,
            _entity: entity,
        })
    }
}

fn c_string(text: String) -> Result<CString> {
    CString::new(text).map_err(|_| Error::InvalidArgument("a string argument contains NUL".into()))
}

#[cfg(unix)]
fn raw_handle(file: &std::fs::File) -> sys::HANDLE {
    use std::os::unix::io::AsRawFd;
    // Our Unix ABI: the descriptor in the pointer-sized slot (isapi-spec.md §1.1).
    file.as_raw_fd() as isize as sys::HANDLE
}

#[cfg(windows)]
fn raw_handle(file: &std::fs::File) -> sys::HANDLE {
    use std::os::windows::io::AsRawHandle;
    file.as_raw_handle()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transmission_points_at_its_own_buffers() {
        let path = std::env::temp_dir().join(format!("isapi-requests-{}", std::process::id()));
        std::fs::write(&path, b"file").unwrap();
        let transmission = Transmission::open(
            path.to_str().unwrap(),
            TransmitSpec {
                status: Some("200 OK".into()),
                headers: "Content-Type: text/plain\r\n".into(),
                head: b"<".to_vec(),
                tail: b">".to_vec(),
                ..TransmitSpec::default()
            },
        )
        .unwrap();
        let moved = transmission;
        assert!(moved.sends_headers());
        // SAFETY: pHead points at `moved`'s head buffer, HeadLength long.
        let head = unsafe {
            std::slice::from_raw_parts(
                moved.info.pHead.cast::<u8>(),
                moved.info.HeadLength as usize,
            )
        };
        assert_eq!(head, b"Content-Type: text/plain\r\n\r\n<");
        assert_eq!(moved.info.TailLength, 1);
        std::fs::remove_file(path).unwrap();
        assert!(Transmission::open("/no/such/file", TransmitSpec::default()).is_err());
    }

    #[test]
    fn vectors_skip_empty_buffers_and_exec_requests_refuse_nul() {
        let vector = Vector::new(
            vec![
                VectorPart::Bytes(Vec::new()),
                VectorPart::Bytes(b"x".to_vec()),
            ],
            None,
            "",
            true,
        )
        .unwrap();
        assert_eq!(vector.vector.nElementCount, 1);
        assert!(!vector.sends_headers());
        assert_ne!(vector.vector.dwFlags & sys::HSE_IO_DISCONNECT_AFTER_SEND, 0);
        let bad = ExecSpec {
            url: Some("/a\0b".into()),
            ..ExecSpec::default()
        };
        assert!(ExecRequest::new(bad).is_err());
    }
}
