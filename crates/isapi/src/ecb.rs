//! [`Ecb`]: one request, as the host handed it to `HttpExtensionProc`.
use std::borrow::Cow;
use std::ffi::{c_void, CStr, CString};
use std::ptr::{self, NonNull};

use isapi_sys as sys;

use crate::error::{clear_host_error, last_host_error, Error, Io, Result};
use crate::head_value::{check_head_block, check_head_value};

/// A request in flight: the host's `EXTENSION_CONTROL_BLOCK` and its callbacks.
///
/// The ECB stays valid until [`Ecb::done_with_session`] (which consumes the value) or,
/// for synchronous use, until `HttpExtensionProc` returns. Hosts allow the callbacks
/// from any thread while a request is pending, so an `Ecb` is `Send`.
pub struct Ecb {
    raw: NonNull<sys::EXTENSION_CONTROL_BLOCK>,
    get_server_variable: sys::PFN_GETSERVERVARIABLE,
    write_client: sys::PFN_WRITECLIENT,
    read_client: sys::PFN_READCLIENT,
    server_support_function: sys::PFN_SERVERSUPPORTFUNCTION,
    /// Bytes of the preloaded body (`lpbData`) already handed out by [`Ecb::read_body`].
    preload_consumed: usize,
    /// Body bytes handed out so far, preload included.
    body_delivered: u64,
}

// SAFETY: the ISAPI contract lets an extension use a pending request's ECB and callbacks
// from any thread (isapi-spec.md §2.5); `Ecb` owns no thread-affine state.
unsafe impl Send for Ecb {}

/// What `HSE_REQ_MAP_URL_TO_PATH_EX` reports for a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlMapping {
    pub path: String,
    /// `HSE_URL_FLAGS_*` access permissions of the virtual directory.
    pub flags: u32,
    /// Characters of `path` that belong to the virtual directory's physical root.
    pub matching_path: u32,
    /// Characters of the URL that matched the virtual directory.
    pub matching_url: u32,
}

/// `cbTotalBytes` value meaning "length unknown (chunked) or 4 GB and more".
pub const UNKNOWN_LENGTH: u32 = u32::MAX;

impl Ecb {
    /// Wraps the pointer `HttpExtensionProc` received.
    ///
    /// # Safety
    /// `raw` must be null or point to an ECB that stays valid, with its strings and
    /// callbacks, until the returned value is finished with `done_with_session` or
    /// dropped before `HttpExtensionProc` returns.
    pub unsafe fn from_raw(raw: *mut sys::EXTENSION_CONTROL_BLOCK) -> Result<Ecb> {
        let raw = NonNull::new(raw).ok_or(Error::InvalidEcb("null pointer"))?;
        // SAFETY: non-null and valid per this function's contract.
        let ecb = unsafe { raw.as_ref() };
        if (ecb.cbSize as usize) < std::mem::size_of::<sys::EXTENSION_CONTROL_BLOCK>() {
            return Err(Error::InvalidEcb(
                "cbSize smaller than EXTENSION_CONTROL_BLOCK",
            ));
        }
        let missing = Error::InvalidEcb("missing callback");
        Ok(Ecb {
            raw,
            get_server_variable: ecb
                .GetServerVariable
                .ok_or(Error::InvalidEcb("missing GetServerVariable"))?,
            write_client: ecb
                .WriteClient
                .ok_or(Error::InvalidEcb("missing WriteClient"))?,
            read_client: ecb
                .ReadClient
                .ok_or(Error::InvalidEcb("missing ReadClient"))?,
            server_support_function: ecb.ServerSupportFunction.ok_or(missing)?,
            preload_consumed: 0,
            body_delivered: 0,
        })
    }

    fn raw(&self) -> &sys::EXTENSION_CONTROL_BLOCK {
        // SAFETY: valid until done_with_session, which consumes self (from_raw contract).
        unsafe { self.raw.as_ref() }
    }

    fn raw_mut(&mut self) -> &mut sys::EXTENSION_CONTROL_BLOCK {
        // SAFETY: as in `raw`; the out-fields (status, log data) are the extension's to write.
        unsafe { self.raw.as_mut() }
    }

    fn conn(&self) -> sys::HCONN {
        self.raw().ConnID
    }

    pub fn method(&self) -> Cow<'_, str> {
        host_string(self.raw().lpszMethod)
    }
    pub fn query_string(&self) -> Cow<'_, str> {
        host_string(self.raw().lpszQueryString)
    }
    pub fn path_info(&self) -> Cow<'_, str> {
        host_string(self.raw().lpszPathInfo)
    }
    pub fn path_translated(&self) -> Cow<'_, str> {
        host_string(self.raw().lpszPathTranslated)
    }
    pub fn content_type(&self) -> Cow<'_, str> {
        host_string(self.raw().lpszContentType)
    }
    /// `cbTotalBytes`: the body length, or [`UNKNOWN_LENGTH`].
    pub fn total_bytes(&self) -> u32 {
        self.raw().cbTotalBytes
    }
    /// `cbAvailable`: how many body bytes the host preloaded.
    pub fn available_bytes(&self) -> u32 {
        self.raw().cbAvailable
    }
    /// The host's opaque request handle, as a number.
    pub fn conn_id(&self) -> usize {
        self.conn() as usize
    }
    /// The server's ISAPI version (major in the high word).
    pub fn version(&self) -> u32 {
        self.raw().dwVersion
    }
    pub fn http_status_code(&self) -> u32 {
        self.raw().dwHttpStatusCode
    }
    /// Sets the status the host logs for this request.
    pub fn set_http_status_code(&mut self, status: u32) {
        self.raw_mut().dwHttpStatusCode = status;
    }

    /// The preloaded body bytes (`lpbData`, `cbAvailable` long).
    pub fn available_data(&self) -> &[u8] {
        let ecb = self.raw();
        if ecb.lpbData.is_null() || ecb.cbAvailable == 0 {
            return &[];
        }
        // SAFETY: the host guarantees cbAvailable readable bytes at lpbData for the
        // request's lifetime, which `&self` does not outlive.
        unsafe { std::slice::from_raw_parts(ecb.lpbData, ecb.cbAvailable as usize) }
    }

    /// Marks the preloaded bytes as read, so [`Ecb::read_body`] continues after them.
    pub fn consume_preload(&mut self) {
        let len = self.available_data().len();
        if self.preload_consumed < len {
            self.body_delivered += (len - self.preload_consumed) as u64;
            self.preload_consumed = len;
        }
    }

    pub fn log_data(&self) -> String {
        let field = &self.raw().lpszLogData;
        let bytes: Vec<u8> = field
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Sets `lpszLogData`, cut to fit its 80-byte buffer on a character boundary.
    pub fn set_log_data(&mut self, text: &str) {
        write_c_string(&mut self.raw_mut().lpszLogData, text);
    }

    /// Reads a server variable with the grow-and-retry protocol; `Ok(None)` when the
    /// host does not know the variable or it has no value for this request.
    ///
    /// The value is returned without its terminating NUL; `UNICODE_*` variables are
    /// UTF-16LE bytes.
    pub fn server_variable(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let c_name = CString::new(name).map_err(|_| {
            Error::InvalidArgument(format!("server variable name {name:?} contains NUL"))
        })?;
        let value = crate::grow::read_grown("GetServerVariable", |buffer, size| {
            // SAFETY: the name is NUL-terminated, the buffer has `*size` writable bytes,
            // and the callback belongs to this live ECB.
            unsafe {
                (self.get_server_variable)(self.conn(), c_name.as_ptr().cast_mut(), buffer, size)
            }
        });
        match value {
            Ok(mut buffer) => {
                let terminator = if name.starts_with("UNICODE_") { 2 } else { 1 };
                strip_terminator(&mut buffer, terminator);
                Ok(Some(buffer))
            }
            Err(error) => match error.win32_code() {
                Some(
                    sys::ERROR_INVALID_INDEX | sys::ERROR_NO_DATA | sys::ERROR_INVALID_PARAMETER,
                ) => Ok(None),
                _ => Err(error),
            },
        }
    }

    /// Sends bytes to the client synchronously; all of `data` is written or an error returned.
    pub fn write_client(&mut self, data: &[u8]) -> Result<()> {
        let mut rest = data;
        while !rest.is_empty() {
            let chunk = &rest[..rest.len().min(u32::MAX as usize)];
            let mut size = chunk.len() as u32;
            clear_host_error();
            // SAFETY: `chunk` is readable for `size` bytes; the host only reads it.
            let ok = unsafe {
                (self.write_client)(
                    self.conn(),
                    chunk.as_ptr().cast_mut().cast(),
                    &mut size,
                    sys::HSE_IO_SYNC,
                )
            };
            if ok == 0 {
                return Err(Error::Host {
                    function: "WriteClient",
                    code: last_host_error(Io::Write),
                });
            }
            // A synchronous write sends everything; a host reporting 0 or nonsense did too.
            let sent = if size == 0 || size as usize > chunk.len() {
                chunk.len()
            } else {
                size as usize
            };
            rest = &rest[sent..];
        }
        Ok(())
    }

    /// One raw `ReadClient` call: body bytes after the preload. `Ok(0)` = end of body.
    pub fn read_client(&mut self, buffer: &mut [u8]) -> Result<usize> {
        if buffer.is_empty() {
            return Ok(0);
        }
        let mut size = buffer.len().min(u32::MAX as usize) as u32;
        clear_host_error();
        // SAFETY: `buffer` is writable for `size` bytes.
        let ok = unsafe { (self.read_client)(self.conn(), buffer.as_mut_ptr().cast(), &mut size) };
        if ok == 0 {
            return Err(Error::Host {
                function: "ReadClient",
                code: last_host_error(Io::Read),
            });
        }
        Ok((size as usize).min(buffer.len()))
    }

    /// Reads the request body in order: unread preloaded bytes first, then the connection.
    /// Each byte is delivered once; `Ok(0)` means the body is complete.
    pub fn read_body(&mut self, buffer: &mut [u8]) -> Result<usize> {
        let preload_left = self.available_data().len() - self.preload_consumed;
        if preload_left > 0 {
            let n = preload_left.min(buffer.len());
            let start = self.preload_consumed;
            buffer[..n].copy_from_slice(&self.available_data()[start..start + n]);
            self.preload_consumed += n;
            self.body_delivered += n as u64;
            return Ok(n);
        }
        let total = self.total_bytes();
        if total != UNKNOWN_LENGTH && self.body_delivered >= u64::from(total) {
            return Ok(0);
        }
        let n = self.read_client(buffer)?;
        self.body_delivered += n as u64;
        Ok(n)
    }

    /// Sends the status line and headers (`HSE_REQ_SEND_RESPONSE_HEADER_EX`, falling back
    /// to the ISAPI 1.0 `HSE_REQ_SEND_RESPONSE_HEADER` on hosts that refuse it).
    ///
    /// `headers` are `Name: value` lines; the terminating blank line is added if missing.
    pub fn send_response_headers(
        &mut self,
        status: &str,
        headers: &str,
        keep_alive: bool,
    ) -> Result<()> {
        const FUNCTION: &str = "ServerSupportFunction(HSE_REQ_SEND_RESPONSE_HEADER_EX)";
        // A trailing line end is the host's to take; one inside would start a header.
        refuse_unsafe(
            FUNCTION,
            check_head_value(status.trim_end_matches(['\r', '\n']).as_bytes()),
        )?;
        refuse_unsafe(FUNCTION, check_head_block(headers.as_bytes()))?;
        // Both strings, NUL-terminated, in one allocation (this runs for most requests).
        let mut texts = Vec::with_capacity(status.len() + headers.len() + 6);
        texts.extend_from_slice(status.as_bytes());
        texts.push(0);
        let header_at = texts.len();
        push_header_block(&mut texts, headers);
        texts.push(0);
        let status = &texts[..header_at];
        let headers = &texts[header_at..];
        let mut info = sys::HSE_SEND_HEADER_EX_INFO {
            pszStatus: status.as_ptr().cast(),
            pszHeader: headers.as_ptr().cast(),
            cchStatus: (status.len() - 1) as u32,
            cchHeader: (headers.len() - 1) as u32,
            fKeepConn: i32::from(keep_alive),
        };
        let ex = self.support(
            FUNCTION,
            sys::HSE_REQ_SEND_RESPONSE_HEADER_EX,
            (&mut info as *mut sys::HSE_SEND_HEADER_EX_INFO).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        );
        match ex {
            Err(Error::Host {
                code: sys::ERROR_NOT_SUPPORTED | sys::ERROR_INVALID_PARAMETER,
                ..
            }) => self.support(
                "ServerSupportFunction(HSE_REQ_SEND_RESPONSE_HEADER)",
                sys::HSE_REQ_SEND_RESPONSE_HEADER,
                status.as_ptr().cast_mut().cast(),
                ptr::null_mut(),
                headers.as_ptr().cast_mut().cast(),
            ),
            other => other,
        }
    }

    /// Answers `302 Found` with `Location: url` (`HSE_REQ_SEND_URL_REDIRECT_RESP`).
    pub fn redirect(&mut self, url: &str) -> Result<()> {
        const FUNCTION: &str = "ServerSupportFunction(HSE_REQ_SEND_URL_REDIRECT_RESP)";
        // The URL becomes a `Location:` line: CR, LF or NUL never reach any host.
        refuse_unsafe(FUNCTION, check_head_value(url.as_bytes()))?;
        let url =
            CString::new(url).map_err(|_| Error::InvalidArgument("URL contains NUL".into()))?;
        let mut size = url.as_bytes_with_nul().len() as u32;
        self.support(
            FUNCTION,
            sys::HSE_REQ_SEND_URL_REDIRECT_RESP,
            url.as_ptr().cast_mut().cast(),
            (&mut size as *mut u32).cast(),
            ptr::null_mut(),
        )
    }

    /// Whether the host will keep the connection open after this response.
    pub fn is_keep_conn(&mut self) -> Result<bool> {
        let mut keep: sys::BOOL = 0;
        self.support(
            "ServerSupportFunction(HSE_REQ_IS_KEEP_CONN)",
            sys::HSE_REQ_IS_KEEP_CONN,
            (&mut keep as *mut sys::BOOL).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )?;
        Ok(keep != 0)
    }

    /// Ends a pending request (`HSE_REQ_DONE_WITH_SESSION`); the ECB is gone afterwards.
    pub fn done_with_session(mut self, status: u32) -> Result<()> {
        let mut status = status;
        self.support(
            "ServerSupportFunction(HSE_REQ_DONE_WITH_SESSION)",
            sys::HSE_REQ_DONE_WITH_SESSION,
            (&mut status as *mut u32).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_SET_FLUSH_FLAG`: send every write at once instead of buffering (IIS 7+).
    pub fn set_flush_flag(&mut self, flush: bool) -> Result<()> {
        // The flag travels by value in the buffer pointer.
        self.support(
            "ServerSupportFunction(HSE_REQ_SET_FLUSH_FLAG)",
            sys::HSE_REQ_SET_FLUSH_FLAG,
            usize::from(flush) as *mut c_void,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_MAP_URL_TO_PATH`: the physical path of a URL, growing the buffer as asked.
    pub fn map_url_to_path(&mut self, url: &str) -> Result<String> {
        let c_url =
            CString::new(url).map_err(|_| Error::InvalidArgument("URL contains NUL".into()))?;
        let mut buffer = c_url.into_bytes_with_nul();
        buffer.resize(buffer.len().max(sys::MAX_PATH), 0);
        loop {
            let offered = buffer.len();
            let mut size = offered as u32;
            let result = self.support(
                "ServerSupportFunction(HSE_REQ_MAP_URL_TO_PATH)",
                sys::HSE_REQ_MAP_URL_TO_PATH,
                buffer.as_mut_ptr().cast(),
                (&mut size as *mut u32).cast(),
                ptr::null_mut(),
            );
            match result {
                Ok(()) => return Ok(c_buffer_text(&buffer)),
                Err(Error::Host {
                    code: sys::ERROR_INSUFFICIENT_BUFFER,
                    ..
                }) if (size as usize) > offered && (size as usize) <= crate::grow::MAX_VALUE => {
                    // The URL must be in the buffer again for the retry.
                    let url_len = url.len();
                    buffer = vec![0; size as usize];
                    buffer[..url_len].copy_from_slice(url.as_bytes());
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// `HSE_REQ_MAP_URL_TO_PATH_EX`: the physical path plus access flags and how much of
    /// the path and URL matched the virtual directory.
    pub fn map_url_to_path_ex(&mut self, url: &str) -> Result<UrlMapping> {
        let c_url =
            CString::new(url).map_err(|_| Error::InvalidArgument("URL contains NUL".into()))?;
        let mut size = c_url.as_bytes().len() as u32;
        let mut info = sys::HSE_URL_MAPEX_INFO {
            lpszPath: [0; sys::MAX_PATH],
            dwFlags: 0,
            cchMatchingPath: 0,
            cchMatchingURL: 0,
            dwReserved1: 0,
            dwReserved2: 0,
        };
        self.support(
            "ServerSupportFunction(HSE_REQ_MAP_URL_TO_PATH_EX)",
            sys::HSE_REQ_MAP_URL_TO_PATH_EX,
            c_url.as_ptr().cast_mut().cast(),
            (&mut size as *mut u32).cast(),
            (&mut info as *mut sys::HSE_URL_MAPEX_INFO).cast(),
        )?;
        let path: Vec<u8> = info
            .lpszPath
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        Ok(UrlMapping {
            path: String::from_utf8_lossy(&path).into_owned(),
            flags: info.dwFlags,
            matching_path: info.cchMatchingPath,
            matching_url: info.cchMatchingURL,
        })
    }

    /// `HSE_REQ_NORMALIZE_URL`: the URL decoded and with `.`/`..` resolved, by the server.
    pub fn normalize_url(&mut self, url: &str) -> Result<String> {
        let mut buffer = CString::new(url)
            .map_err(|_| Error::InvalidArgument("URL contains NUL".into()))?
            .into_bytes_with_nul();
        self.support(
            "ServerSupportFunction(HSE_REQ_NORMALIZE_URL)",
            sys::HSE_REQ_NORMALIZE_URL,
            buffer.as_mut_ptr().cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )?;
        Ok(c_buffer_text(&buffer))
    }

    /// `HSE_REQ_SEND_URL`: as IIS 4+ does, the same as a redirect.
    pub fn send_url(&mut self, url: &str) -> Result<()> {
        const FUNCTION: &str = "ServerSupportFunction(HSE_REQ_SEND_URL)";
        // The URL becomes a `Location:` line: CR, LF or NUL never reach any host.
        refuse_unsafe(FUNCTION, check_head_value(url.as_bytes()))?;
        let url =
            CString::new(url).map_err(|_| Error::InvalidArgument("URL contains NUL".into()))?;
        let mut size = url.as_bytes_with_nul().len() as u32;
        self.support(
            FUNCTION,
            sys::HSE_REQ_SEND_URL,
            url.as_ptr().cast_mut().cast(),
            (&mut size as *mut u32).cast(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_SEND_CUSTOM_ERROR`: the server's own error page for `status`
    /// (e.g. "500 Server Error") and sub-error, synchronously. Only before any header.
    pub fn send_custom_error(&mut self, status: &str, sub_error: u16) -> Result<()> {
        let status = CString::new(status)
            .map_err(|_| Error::InvalidArgument("status contains NUL".into()))?;
        let mut info = sys::HSE_CUSTOM_ERROR_INFO {
            pszStatus: status.as_ptr().cast_mut(),
            uHttpSubError: sub_error,
            fAsync: sys::FALSE,
        };
        self.support(
            "ServerSupportFunction(HSE_REQ_SEND_CUSTOM_ERROR)",
            sys::HSE_REQ_SEND_CUSTOM_ERROR,
            (&mut info as *mut sys::HSE_CUSTOM_ERROR_INFO).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_APPEND_LOG_PARAMETER`: text for the query field of the server's log line.
    pub fn append_log_parameter(&mut self, text: &str) -> Result<()> {
        let text =
            CString::new(text).map_err(|_| Error::InvalidArgument("text contains NUL".into()))?;
        self.support(
            "ServerSupportFunction(HSE_APPEND_LOG_PARAMETER)",
            sys::HSE_APPEND_LOG_PARAMETER,
            text.as_ptr().cast_mut().cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_REPORT_UNHEALTHY`: ask the server to recycle this process.
    pub fn report_unhealthy(&mut self, reason: Option<&str>) -> Result<()> {
        let reason = reason
            .map(CString::new)
            .transpose()
            .map_err(|_| Error::InvalidArgument("reason contains NUL".into()))?;
        self.support(
            "ServerSupportFunction(HSE_REQ_REPORT_UNHEALTHY)",
            sys::HSE_REQ_REPORT_UNHEALTHY,
            reason
                .as_ref()
                .map_or(ptr::null_mut(), |r| r.as_ptr().cast_mut().cast()),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// Requests without arguments: `HSE_REQ_CLOSE_CONNECTION`, `HSE_REQ_ABORTIVE_CLOSE`.
    pub fn simple_request(&mut self, code: u32, function: &'static str) -> Result<()> {
        self.support(
            function,
            code,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_IS_CONNECTED`: whether the client is still there.
    pub fn is_connected(&mut self) -> Result<bool> {
        Ok(self.dword_out(
            sys::HSE_REQ_IS_CONNECTED,
            "ServerSupportFunction(HSE_REQ_IS_CONNECTED)",
        )? != 0)
    }

    /// `HSE_REQ_IS_IN_PROCESS`: one of the `HSE_APP_FLAG_*` values.
    pub fn is_in_process(&mut self) -> Result<u32> {
        self.dword_out(
            sys::HSE_REQ_IS_IN_PROCESS,
            "ServerSupportFunction(HSE_REQ_IS_IN_PROCESS)",
        )
    }

    /// `HSE_REQ_GET_IMPERSONATION_TOKEN`: the request's token handle (Windows servers).
    pub fn impersonation_token(&mut self) -> Result<usize> {
        let mut token: *mut c_void = ptr::null_mut();
        self.support(
            "ServerSupportFunction(HSE_REQ_GET_IMPERSONATION_TOKEN)",
            sys::HSE_REQ_GET_IMPERSONATION_TOKEN,
            (&mut token as *mut *mut c_void).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )?;
        Ok(token as usize)
    }

    /// `HSE_REQ_GET_ANONYMOUS_TOKEN`: the anonymous user's token for a metabase path.
    pub fn anonymous_token(&mut self, metabase_path: &str) -> Result<usize> {
        let path = CString::new(metabase_path)
            .map_err(|_| Error::InvalidArgument("path contains NUL".into()))?;
        let mut token: *mut c_void = ptr::null_mut();
        self.support(
            "ServerSupportFunction(HSE_REQ_GET_ANONYMOUS_TOKEN)",
            sys::HSE_REQ_GET_ANONYMOUS_TOKEN,
            path.as_ptr().cast_mut().cast(),
            ptr::null_mut(),
            (&mut token as *mut *mut c_void).cast(),
        )?;
        Ok(token as usize)
    }

    /// Any `ServerSupportFunction` code with a plain byte buffer, for codes the object model
    /// has no method for. `buffer` is passed as `lpvBuffer` with its length in `lpdwSize`;
    /// what the server writes back (up to the size it reports) is returned.
    pub fn server_support_function_bytes(
        &mut self,
        code: u32,
        buffer: &mut Vec<u8>,
        data_type: Option<u32>,
    ) -> Result<()> {
        let mut size = buffer.len() as u32;
        let mut data_type = data_type;
        let data_type_ptr = data_type
            .as_mut()
            .map_or(ptr::null_mut(), |t| (t as *mut u32).cast());
        let buffer_ptr = if buffer.is_empty() {
            ptr::null_mut()
        } else {
            buffer.as_mut_ptr().cast()
        };
        self.support(
            "ServerSupportFunction",
            code,
            buffer_ptr,
            (&mut size as *mut u32).cast(),
            data_type_ptr,
        )?;
        buffer.truncate((size as usize).min(buffer.len()));
        Ok(())
    }

    /// `ServerSupportFunction` with a number passed by value as `lpvBuffer` (how
    /// `HSE_REQ_SET_FLUSH_FLAG` takes its flag).
    pub fn server_support_function_value(&mut self, code: u32, value: usize) -> Result<()> {
        self.support(
            "ServerSupportFunction",
            code,
            value as *mut c_void,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_IO_COMPLETION`: the routine the server calls when an asynchronous
    /// operation of this request ends.
    ///
    /// # Safety
    /// `routine` must stay callable and `context` valid until the last completion of this
    /// request has been delivered.
    pub unsafe fn register_io_completion(
        &mut self,
        routine: sys::PFN_HSE_IO_COMPLETION,
        context: *mut c_void,
    ) -> Result<()> {
        self.support(
            "ServerSupportFunction(HSE_REQ_IO_COMPLETION)",
            sys::HSE_REQ_IO_COMPLETION,
            routine as *mut c_void,
            ptr::null_mut(),
            context,
        )
    }

    /// Asynchronous `WriteClient`; the registered routine reports the outcome.
    ///
    /// # Safety
    /// `data` must stay valid until the completion arrives.
    pub unsafe fn write_client_async(&mut self, data: *const u8, len: u32) -> Result<()> {
        let mut size = len;
        clear_host_error();
        // SAFETY: the caller keeps `data` alive until the completion.
        let ok = unsafe {
            (self.write_client)(
                self.conn(),
                data.cast_mut().cast(),
                &mut size,
                sys::HSE_IO_ASYNC,
            )
        };
        if ok == 0 {
            return Err(Error::Host {
                function: "WriteClient(HSE_IO_ASYNC)",
                code: last_host_error(Io::Write),
            });
        }
        Ok(())
    }

    /// `HSE_REQ_ASYNC_READ_CLIENT`; the registered routine reports how many bytes arrived.
    ///
    /// # Safety
    /// `buffer` must stay valid and unused until the completion arrives.
    pub unsafe fn read_client_async(&mut self, buffer: *mut u8, len: u32) -> Result<()> {
        let mut size = len;
        let mut flags = sys::HSE_IO_ASYNC;
        self.support(
            "ServerSupportFunction(HSE_REQ_ASYNC_READ_CLIENT)",
            sys::HSE_REQ_ASYNC_READ_CLIENT,
            buffer.cast(),
            (&mut size as *mut u32).cast(),
            (&mut flags as *mut u32).cast(),
        )
    }

    /// `HSE_REQ_TRANSMIT_FILE`.
    ///
    /// # Safety
    /// Everything `info` points to (file, head, tail, status) must stay valid until the
    /// call returns, or with `HSE_IO_ASYNC` until the completion arrives.
    pub unsafe fn transmit_file(&mut self, info: &mut sys::HSE_TF_INFO) -> Result<()> {
        self.support(
            "ServerSupportFunction(HSE_REQ_TRANSMIT_FILE)",
            sys::HSE_REQ_TRANSMIT_FILE,
            (info as *mut sys::HSE_TF_INFO).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// Preloaded bytes [`Ecb::read_body`] has not handed out yet.
    pub fn preload_remaining(&self) -> usize {
        self.available_data().len() - self.preload_consumed
    }

    /// `HSE_REQ_EXEC_URL`: runs a child request; the registered routine reports its end.
    ///
    /// # Safety
    /// Everything `info` points to must stay valid until the completion arrives.
    pub unsafe fn exec_url(&mut self, info: &mut sys::HSE_EXEC_URL_INFO) -> Result<()> {
        self.support(
            "ServerSupportFunction(HSE_REQ_EXEC_URL)",
            sys::HSE_REQ_EXEC_URL,
            (info as *mut sys::HSE_EXEC_URL_INFO).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// `HSE_REQ_GET_EXEC_URL_STATUS`: status, sub-status and Win32 error of the last child.
    pub fn exec_url_status(&mut self) -> Result<(u16, u16, u32)> {
        let mut status = sys::HSE_EXEC_URL_STATUS {
            uHttpStatusCode: 0,
            uHttpSubStatus: 0,
            dwWin32Error: 0,
        };
        self.support(
            "ServerSupportFunction(HSE_REQ_GET_EXEC_URL_STATUS)",
            sys::HSE_REQ_GET_EXEC_URL_STATUS,
            (&mut status as *mut sys::HSE_EXEC_URL_STATUS).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )?;
        Ok((
            status.uHttpStatusCode,
            status.uHttpSubStatus,
            status.dwWin32Error,
        ))
    }

    /// `HSE_REQ_VECTOR_SEND`: buffers and file ranges (and optionally the headers) in one call.
    ///
    /// # Safety
    /// Everything `vector` points to must stay valid until the call returns (synchronous use).
    pub unsafe fn vector_send(&mut self, vector: &mut sys::HSE_RESPONSE_VECTOR) -> Result<()> {
        self.support(
            "ServerSupportFunction(HSE_REQ_VECTOR_SEND)",
            sys::HSE_REQ_VECTOR_SEND,
            (vector as *mut sys::HSE_RESPONSE_VECTOR).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    }

    /// Records body bytes read outside [`Ecb::read_body`] (asynchronous reads), so that
    /// it knows when the body is complete.
    pub fn note_body_read(&mut self, bytes: usize) {
        self.body_delivered += bytes as u64;
    }

    /// How many body bytes are still to come (preloaded or not), when the length is known:
    /// a read needs no larger buffer.
    pub fn body_left(&self) -> Option<u64> {
        let total = self.total_bytes();
        let preload_left = (self.available_data().len() - self.preload_consumed) as u64;
        (total != UNKNOWN_LENGTH)
            .then(|| (u64::from(total).saturating_sub(self.body_delivered)).max(preload_left))
    }

    /// Whether [`Ecb::read_body`] has everything: preload consumed and, when the length
    /// is known, that many bytes delivered.
    pub fn body_complete(&self) -> bool {
        let total = self.total_bytes();
        self.preload_consumed >= self.available_data().len()
            && total != UNKNOWN_LENGTH
            && self.body_delivered >= u64::from(total)
    }

    fn dword_out(&mut self, code: u32, function: &'static str) -> Result<u32> {
        let mut value: u32 = 0;
        self.support(
            function,
            code,
            (&mut value as *mut u32).cast(),
            ptr::null_mut(),
            ptr::null_mut(),
        )?;
        Ok(value)
    }

    fn support(
        &mut self,
        function: &'static str,
        code: u32,
        buffer: *mut c_void,
        size: *mut c_void,
        data_type: *mut c_void,
    ) -> Result<()> {
        clear_host_error();
        // SAFETY: callers pass pointers valid for the duration of the call, shaped as the
        // SDK documents for `code`; the callback belongs to this live ECB.
        let ok =
            unsafe { (self.server_support_function)(self.conn(), code, buffer, size, data_type) };
        if ok == 0 {
            return Err(Error::Host {
                function,
                code: last_host_error(io_of(code)),
            });
        }
        Ok(())
    }
}

/// Copies `text` into a fixed, NUL-terminated C buffer, cut on a character boundary.
pub fn write_c_string(field: &mut [sys::CHAR], text: &str) {
    let Some(room) = field.len().checked_sub(1) else {
        return;
    };
    let mut end = text.len().min(room);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    field.fill(0);
    for (slot, byte) in field.iter_mut().zip(text[..end].bytes()) {
        *slot = byte as sys::CHAR;
    }
}

/// One of the ECB's strings, borrowed (they live as long as the ECB): read several times
/// per request, so not copied unless it is not UTF-8.
fn host_string<'a>(ptr: *const sys::CHAR) -> Cow<'a, str> {
    if ptr.is_null() {
        return Cow::Borrowed("");
    }
    // SAFETY: the host passes NUL-terminated strings that live as long as the ECB, and the
    // caller ties `'a` to its borrow of the ECB.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy()
}

/// The text before the first NUL of a C buffer.
fn c_buffer_text(buffer: &[u8]) -> String {
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    String::from_utf8_lossy(&buffer[..end]).into_owned()
}

fn strip_terminator(value: &mut Vec<u8>, width: usize) {
    if value.len() >= width && value[value.len() - width..].iter().all(|&b| b == 0) {
        value.truncate(value.len() - width);
    }
}

/// Makes a header block end with exactly one blank line, as the header SSFs require.
pub(crate) fn header_block(headers: &str) -> String {
    let mut block = Vec::new();
    push_header_block(&mut block, headers);
    String::from_utf8(block).unwrap_or_default()
}

/// Appends `headers` ending in exactly one blank line (just the blank line if there are
/// none), as the status-sending requests want them.
fn push_header_block(out: &mut Vec<u8>, headers: &str) {
    let trimmed = headers.trim_end_matches(['\r', '\n']);
    if !trimmed.trim().is_empty() {
        out.extend_from_slice(trimmed.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
}

/// A value refused by [`check_head_value`] fails as a host refuses it
/// (`ERROR_INVALID_PARAMETER`), without the host being asked.
fn refuse_unsafe(function: &'static str, checked: std::result::Result<(), u32>) -> Result<()> {
    checked.map_err(|code| Error::Host { function, code })
}

/// Whether a server support request reads the request or writes the response.
fn io_of(code: u32) -> Io {
    match code {
        sys::HSE_REQ_ASYNC_READ_CLIENT => Io::Read,
        sys::HSE_REQ_SEND_RESPONSE_HEADER
        | sys::HSE_REQ_SEND_RESPONSE_HEADER_EX
        | sys::HSE_REQ_SEND_URL_REDIRECT_RESP
        | sys::HSE_REQ_SEND_URL
        | sys::HSE_REQ_SEND_CUSTOM_ERROR
        | sys::HSE_REQ_TRANSMIT_FILE
        | sys::HSE_REQ_VECTOR_SEND => Io::Write,
        _ => Io::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_ends_with_one_blank_line() {
        assert_eq!(header_block("A: b"), "A: b\r\n\r\n");
        assert_eq!(header_block("A: b\r\n\r\n"), "A: b\r\n\r\n");
        assert_eq!(header_block("A: b\nC: d\n"), "A: b\nC: d\r\n\r\n");
        assert_eq!(header_block(""), "\r\n");
        assert_eq!(header_block(" \r\n"), "\r\n");
    }

    #[test]
    fn c_strings_are_cut_on_character_boundaries() {
        let mut field = [1 as sys::CHAR; 5];
        write_c_string(&mut field, "abé");
        assert_eq!(field.map(|c| c as u8), [b'a', b'b', 0xc3, 0xa9, 0]);
        write_c_string(&mut field, "abcé");
        assert_eq!(field.map(|c| c as u8), [b'a', b'b', b'c', 0, 0]);
    }

    #[test]
    fn terminators_are_stripped_only_when_present() {
        let mut v = b"abc\0".to_vec();
        strip_terminator(&mut v, 1);
        assert_eq!(v, b"abc");
        let mut v = b"abc".to_vec();
        strip_terminator(&mut v, 1);
        assert_eq!(v, b"abc");
        let mut v = vec![b'a', 0, 0, 0];
        strip_terminator(&mut v, 2);
        assert_eq!(v, vec![b'a', 0]);
    }

    /// An ECB of empty strings whose `ServerSupportFunction` is `support`; its other
    /// callbacks fail.
    fn fake_ecb(
        empty: &mut [sys::CHAR; 1],
        conn: sys::HCONN,
        support: sys::PFN_SERVERSUPPORTFUNCTION,
    ) -> sys::EXTENSION_CONTROL_BLOCK {
        sys::EXTENSION_CONTROL_BLOCK {
            cbSize: std::mem::size_of::<sys::EXTENSION_CONTROL_BLOCK>() as u32,
            dwVersion: sys::HSE_VERSION,
            ConnID: conn,
            dwHttpStatusCode: 200,
            lpszLogData: [0; sys::HSE_LOG_BUFFER_LEN],
            lpszMethod: empty.as_mut_ptr(),
            lpszQueryString: empty.as_mut_ptr(),
            lpszPathInfo: empty.as_mut_ptr(),
            lpszPathTranslated: empty.as_mut_ptr(),
            cbTotalBytes: 0,
            cbAvailable: 0,
            lpbData: std::ptr::null_mut(),
            lpszContentType: empty.as_mut_ptr(),
            GetServerVariable: Some(no_variable),
            WriteClient: Some(no_write),
            ReadClient: Some(no_read),
            ServerSupportFunction: Some(support),
        }
    }

    unsafe extern "system" fn no_variable(
        _: sys::HCONN,
        _: sys::LPSTR,
        _: sys::LPVOID,
        _: sys::LPDWORD,
    ) -> sys::BOOL {
        sys::FALSE
    }

    unsafe extern "system" fn no_read(_: sys::HCONN, _: sys::LPVOID, _: sys::LPDWORD) -> sys::BOOL {
        sys::FALSE
    }

    unsafe extern "system" fn no_write(
        _: sys::HCONN,
        _: sys::LPVOID,
        _: sys::LPDWORD,
        _: sys::DWORD,
    ) -> sys::BOOL {
        sys::FALSE
    }

    /// Counts its calls in the `AtomicUsize` its `ConnID` points to, and accepts them.
    unsafe extern "system" fn counting_support(
        conn: sys::HCONN,
        _: sys::DWORD,
        _: sys::LPVOID,
        _: sys::LPVOID,
        _: sys::LPVOID,
    ) -> sys::BOOL {
        // SAFETY: the test's ConnID is the address of an AtomicUsize that outlives the ECB.
        let calls = unsafe { &*conn.cast::<std::sync::atomic::AtomicUsize>() };
        calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        sys::TRUE
    }

    #[test]
    fn a_head_value_with_cr_lf_or_nul_never_reaches_the_host() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let conn = (&calls as *const std::sync::atomic::AtomicUsize)
            .cast_mut()
            .cast();
        let mut empty = [0 as sys::CHAR; 1];
        let mut raw = fake_ecb(&mut empty, conn, counting_support);
        // SAFETY: `raw`, the string it points to and `calls` outlive `ecb`.
        let mut ecb = unsafe { Ecb::from_raw(&mut raw) }.unwrap();
        let refused = |result: Result<()>| {
            assert_eq!(
                result.unwrap_err().win32_code(),
                Some(sys::ERROR_INVALID_PARAMETER)
            )
        };
        for bad in ["/x\r\nSet-Cookie: a=b", "/x\rX: y", "/x\nX: y", "/x\0y"] {
            refused(ecb.redirect(bad));
            refused(ecb.send_url(bad));
            refused(ecb.send_response_headers(&format!("200 OK{bad}"), "", true));
        }
        // A block's lines end in LF or CRLF: a bare CR or a NUL inside one is refused.
        for bad in ["Location: /x\rX: y\r\n", "Location: /x\0y\r\n"] {
            refused(ecb.send_response_headers("200 OK", bad, true));
        }
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 0);
        // Well-formed values (line ends where a block has them) go through.
        ecb.redirect("http://example.invalid/a?b=c").unwrap();
        ecb.send_url("/a").unwrap();
        ecb.send_response_headers("200 OK\r\n", "A: b\r\nC: d\r\n\r\n", true)
            .unwrap();
        ecb.send_response_headers("200 OK", "A: b\nC: d\n", true)
            .unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 4);
    }

    /// A host that fails every read and write the way mod_isapi does: FALSE, errno EIO.
    #[cfg(target_os = "linux")]
    mod failing_host {
        use super::*;

        unsafe extern "system" fn eio(_: sys::HCONN, _: sys::LPVOID, _: sys::LPDWORD) -> sys::BOOL {
            crate::set_last_error(libc::EIO as u32);
            sys::FALSE
        }

        unsafe extern "system" fn eio_write(
            _: sys::HCONN,
            _: sys::LPVOID,
            _: sys::LPDWORD,
            _: sys::DWORD,
        ) -> sys::BOOL {
            crate::set_last_error(libc::EIO as u32);
            sys::FALSE
        }

        unsafe extern "system" fn no_support(
            _: sys::HCONN,
            _: sys::DWORD,
            _: sys::LPVOID,
            _: sys::LPVOID,
            _: sys::LPVOID,
        ) -> sys::BOOL {
            sys::FALSE
        }

        #[test]
        fn a_failed_read_is_a_read_fault_and_a_failed_write_a_write_fault() {
            let mut empty = [0 as sys::CHAR; 1];
            let mut raw = fake_ecb(&mut empty, std::ptr::null_mut(), no_support);
            raw.WriteClient = Some(eio_write);
            raw.ReadClient = Some(eio);
            raw.cbTotalBytes = 10;
            // SAFETY: `raw` and the string it points to outlive `ecb`.
            let mut ecb = unsafe { Ecb::from_raw(&mut raw) }.unwrap();
            let code = |result: Result<()>| result.unwrap_err().win32_code();
            let mut buffer = [0u8; 4];
            let read = ecb.read_client(&mut buffer).map(drop);
            assert_eq!(code(read), Some(sys::ERROR_READ_FAULT));
            assert_eq!(code(ecb.write_client(b"x")), Some(sys::ERROR_WRITE_FAULT));
        }
    }
}
