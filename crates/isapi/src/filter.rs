//! [`FilterCall`]: one `HttpFilterProc` call, as the host handed it over.
use std::ffi::{c_void, CStr, CString};
use std::ptr::{self, NonNull};

use isapi_sys as sys;

use crate::error::{clear_host_error, last_host_error, Error, Io, Result};
use crate::grow::read_grown;

/// One notification in flight: the filter context, the notification type and its data.
///
/// Valid only while the host's `HttpFilterProc` call lasts. The calling thread waits
/// for the answer, so another thread may use the value meanwhile (hence `Send`); it must
/// be dropped before `HttpFilterProc` returns.
pub struct FilterCall {
    pfc: NonNull<sys::HTTP_FILTER_CONTEXT>,
    notification: u32,
    data: *mut c_void,
}

// SAFETY: the host's thread is blocked in HttpFilterProc while another thread uses the
// call; filter callbacks are not tied to the calling thread (they find their state
// through `pfc->ServerContext`).
unsafe impl Send for FilterCall {}

/// The `_EX` part of `SF_NOTIFY_URL_MAP` data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlMapDetails {
    pub flags: u32,
    pub matching_path: u32,
    pub matching_url: u32,
    pub script_map_entry: Option<String>,
}

/// The fields of `HTTP_FILTER_LOG` that filters may read and replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogField {
    ClientHostName,
    ClientUserName,
    ServerName,
    Operation,
    Target,
    Parameters,
}

/// The numbers of `HTTP_FILTER_LOG`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogNumber {
    HttpStatus,
    Win32Status,
    BytesSent,
    BytesRecvd,
    TimeForProcessing,
}

impl FilterCall {
    /// Wraps the arguments `HttpFilterProc` received.
    ///
    /// # Safety
    /// `pfc` must be null or a valid filter context, and `data` null or the notification's
    /// struct as the SDK defines it for `notification`; both valid, with their callbacks,
    /// until the returned value is dropped, which must happen before `HttpFilterProc`
    /// returns.
    pub unsafe fn from_raw(
        pfc: *mut sys::HTTP_FILTER_CONTEXT,
        notification: u32,
        data: *mut c_void,
    ) -> Result<FilterCall> {
        let pfc = NonNull::new(pfc).ok_or(Error::InvalidEcb("null filter context"))?;
        Ok(FilterCall {
            pfc,
            notification,
            data,
        })
    }

    fn context(&self) -> &sys::HTTP_FILTER_CONTEXT {
        // SAFETY: valid for the call (from_raw contract).
        unsafe { self.pfc.as_ref() }
    }

    pub fn notification(&self) -> u32 {
        self.notification
    }
    pub fn revision(&self) -> u32 {
        self.context().Revision
    }
    pub fn is_secure_port(&self) -> bool {
        self.context().fIsSecurePort != 0
    }

    /// `pFilterContext`, the filter's per-connection slot, as a number.
    pub fn filter_context(&self) -> usize {
        self.context().pFilterContext as usize
    }

    /// The connection's number, kept in `pFilterContext` (which the host keeps per filter
    /// and connection): taken from `next` on the connection's first notification. How a
    /// filter whose state lives elsewhere tells connections apart.
    pub fn connection_number(&mut self, next: &std::sync::atomic::AtomicUsize) -> usize {
        match self.filter_context() {
            0 => {
                let number = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                self.set_filter_context(number);
                number
            }
            number => number,
        }
    }

    pub fn set_filter_context(&mut self, value: usize) {
        // SAFETY: the slot belongs to the filter for the connection's lifetime.
        unsafe { (*self.pfc.as_ptr()).pFilterContext = value as *mut c_void };
    }

    /// A server variable with the grow-and-retry protocol; `Ok(None)` when unknown.
    pub fn server_variable(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let callback = self
            .context()
            .GetServerVariable
            .ok_or(Error::InvalidEcb("missing GetServerVariable"))?;
        let name = c_string(name)?;
        let value = read_grown("GetServerVariable", |buffer, size| {
            // SAFETY: NUL-terminated name, buffer writable for `*size` bytes.
            unsafe { callback(self.pfc.as_ptr(), name.as_ptr().cast_mut(), buffer, size) }
        });
        match value {
            Ok(mut bytes) => {
                strip_nul(&mut bytes);
                Ok(Some(bytes))
            }
            Err(error) => match error.win32_code() {
                Some(sys::ERROR_INVALID_INDEX | sys::ERROR_NO_DATA) => Ok(None),
                _ => Err(error),
            },
        }
    }

    /// Raw bytes to the connection (no framing added).
    pub fn write_client(&mut self, data: &[u8]) -> Result<()> {
        let callback = self
            .context()
            .WriteClient
            .ok_or(Error::InvalidEcb("missing WriteClient"))?;
        let mut size = u32::try_from(data.len())
            .map_err(|_| Error::InvalidArgument("more than 4 GB in one write".into()))?;
        clear_host_error();
        // SAFETY: `data` is readable for `size` bytes; the host only reads it.
        let ok = unsafe {
            callback(
                self.pfc.as_ptr(),
                data.as_ptr().cast_mut().cast(),
                &mut size,
                0,
            )
        };
        check_io(ok, "WriteClient", Io::Write)
    }

    /// Header lines (`"Name: value\r\n"`) added to this request's response.
    pub fn add_response_headers(&mut self, headers: &str) -> Result<()> {
        let callback = self
            .context()
            .AddResponseHeaders
            .ok_or(Error::InvalidEcb("missing AddResponseHeaders"))?;
        let headers = c_string(headers)?;
        clear_host_error();
        // SAFETY: a NUL-terminated header block, read during the call.
        let ok = unsafe { callback(self.pfc.as_ptr(), headers.as_ptr().cast_mut(), 0) };
        check(ok, "AddResponseHeaders")
    }

    /// Memory the server frees when the connection ends.
    pub fn alloc_mem(&mut self, size: usize) -> Result<NonNull<u8>> {
        let callback = self
            .context()
            .AllocMem
            .ok_or(Error::InvalidEcb("missing AllocMem"))?;
        let size = u32::try_from(size)
            .map_err(|_| Error::InvalidArgument("AllocMem of 4 GB or more".into()))?;
        clear_host_error();
        // SAFETY: a plain allocation request on a live context.
        let block = unsafe { callback(self.pfc.as_ptr(), size, 0) };
        NonNull::new(block.cast::<u8>()).ok_or_else(|| Error::Host {
            function: "AllocMem",
            code: last_host_error_or(sys::ERROR_NOT_ENOUGH_MEMORY),
        })
    }

    /// The filter `ServerSupportFunction`, raw: pointers must be valid as the SDK says
    /// for `request`.
    ///
    /// # Safety
    /// `data`, `ul1` and `ul2` must be what the host expects for `request`.
    pub unsafe fn server_support_function_raw(
        &mut self,
        request: sys::SF_REQ_TYPE,
        data: *mut c_void,
        ul1: usize,
        ul2: usize,
        function: &'static str,
    ) -> Result<()> {
        let callback = self
            .context()
            .ServerSupportFunction
            .ok_or(Error::InvalidEcb("missing ServerSupportFunction"))?;
        clear_host_error();
        // SAFETY: per this function's contract.
        let ok = unsafe { callback(self.pfc.as_ptr(), request, data, ul1, ul2) };
        check(ok, function)
    }

    /// `SF_REQ_SEND_RESPONSE_HEADER`: a status line (`None` = "200 OK") and header lines.
    pub fn send_response_header(
        &mut self,
        status: Option<&str>,
        headers: Option<&str>,
    ) -> Result<()> {
        let status = status.map(c_string).transpose()?;
        let headers = headers.map(c_string).transpose()?;
        let status_ptr = status.as_ref().map_or(ptr::null(), |s| s.as_ptr());
        let headers_ptr = headers.as_ref().map_or(ptr::null(), |h| h.as_ptr());
        // SAFETY: both strings outlive the call; pData is the status, ul1 the headers.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_SEND_RESPONSE_HEADER,
                status_ptr.cast_mut().cast(),
                headers_ptr as usize,
                0,
                "SendResponseHeader",
            )
        }
    }

    /// `SF_REQ_ADD_HEADERS_ON_DENIAL`: header lines added if the request is denied (401).
    pub fn add_headers_on_denial(&mut self, headers: &str) -> Result<()> {
        let headers = c_string(headers)?;
        // SAFETY: pData is a NUL-terminated header block read during the call.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_ADD_HEADERS_ON_DENIAL,
                headers.as_ptr().cast_mut().cast(),
                0,
                0,
                "AddHeadersOnDenial",
            )
        }
    }

    /// `SF_REQ_SET_NEXT_READ_SIZE` (raw read filters).
    pub fn set_next_read_size(&mut self, size: u32) -> Result<()> {
        // SAFETY: ul1 carries a number; no pointers.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_SET_NEXT_READ_SIZE,
                ptr::null_mut(),
                size as usize,
                0,
                "SetNextReadSize",
            )
        }
    }

    /// `SF_REQ_SET_PROXY_INFO`: marks the request as a proxy request (or not).
    pub fn set_proxy_info(&mut self, proxy: bool) -> Result<()> {
        // SAFETY: ul1 carries a flag; no pointers.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_SET_PROXY_INFO,
                ptr::null_mut(),
                usize::from(proxy),
                0,
                "SetProxyInfo",
            )
        }
    }

    /// `SF_REQ_DISABLE_NOTIFICATIONS`.
    pub fn disable_notifications(&mut self, flags: u32) -> Result<()> {
        // SAFETY: ul1 carries the flags; no pointers.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_DISABLE_NOTIFICATIONS,
                ptr::null_mut(),
                flags as usize,
                0,
                "DisableNotifications",
            )
        }
    }

    /// `SF_REQ_GET_CONNID`.
    pub fn conn_id(&mut self) -> Result<u32> {
        let mut id: u32 = 0;
        // SAFETY: pData points to a DWORD for the answer.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_GET_CONNID,
                (&mut id as *mut u32).cast(),
                0,
                0,
                "GetConnID",
            )?
        };
        Ok(id)
    }

    /// `SF_REQ_GET_PROPERTY`: `SF_PROPERTY_INSTANCE_NUM_ID` gives the site id;
    /// `SF_PROPERTY_SSL_CTXT` the first pointer of the SSL context handle.
    pub fn property(&mut self, property: sys::SF_PROPERTY_IIS) -> Result<u64> {
        // Room for the largest answer (a CtxtHandle: two pointers), zeroed.
        let mut answer = [0u64; 2];
        // SAFETY: pData points to 16 writable bytes; ul1 names the property.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_GET_PROPERTY,
                answer.as_mut_ptr().cast(),
                property as usize,
                0,
                "GetProperty",
            )?
        };
        Ok(if property == sys::SF_PROPERTY_INSTANCE_NUM_ID {
            u64::from(answer[0] as u32)
        } else {
            answer[0]
        })
    }

    /// `SF_REQ_NORMALIZE_URL`: the host normalises the URL in place.
    pub fn normalize_url(&mut self, url: &str) -> Result<String> {
        let mut buffer = c_string(url)?.into_bytes_with_nul();
        // SAFETY: pData is a NUL-terminated, writable buffer the host shortens in place.
        unsafe {
            self.server_support_function_raw(
                sys::SF_REQ_NORMALIZE_URL,
                buffer.as_mut_ptr().cast(),
                0,
                0,
                "NormalizeURL",
            )?
        };
        Ok(c_buffer_text(&buffer))
    }

    fn data_as<T>(&self, wanted: &[u32]) -> Result<NonNull<T>> {
        if !wanted.contains(&self.notification) {
            return Err(Error::InvalidArgument(format!(
                "this data is not available in notification {:#x}",
                self.notification
            )));
        }
        NonNull::new(self.data.cast::<T>()).ok_or(Error::InvalidEcb("the notification has no data"))
    }

    // ---- READ_RAW_DATA / SEND_RAW_DATA ----

    /// The raw bytes of a raw-data notification.
    pub fn raw_data(&self) -> Result<Vec<u8>> {
        let raw = self.raw()?;
        // SAFETY: the host's struct, valid for the call.
        let raw = unsafe { raw.as_ref() };
        if raw.pvInData.is_null() || raw.cbInData == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: pvInData holds cbInData readable bytes.
        Ok(
            unsafe { std::slice::from_raw_parts(raw.pvInData.cast::<u8>(), raw.cbInData as usize) }
                .to_vec(),
        )
    }

    /// Replaces the raw bytes: a copy in `AllocMem` memory becomes the new buffer.
    pub fn replace_raw_data(&mut self, bytes: &[u8]) -> Result<()> {
        let raw = self.raw()?;
        let size = u32::try_from(bytes.len())
            .map_err(|_| Error::InvalidArgument("raw data of 4 GB or more".into()))?;
        let block = self.alloc_mem(bytes.len().max(1))?;
        // SAFETY: `block` has room for `bytes`; the struct is the host's, writable.
        unsafe {
            ptr::copy_nonoverlapping(bytes.as_ptr(), block.as_ptr(), bytes.len());
            let raw = &mut *raw.as_ptr();
            raw.pvInData = block.as_ptr().cast();
            raw.cbInData = size;
            raw.cbInBuffer = size.max(1);
        }
        Ok(())
    }

    fn raw(&self) -> Result<NonNull<sys::HTTP_FILTER_RAW_DATA>> {
        self.data_as(&[sys::SF_NOTIFY_READ_RAW_DATA, sys::SF_NOTIFY_SEND_RAW_DATA])
    }

    // ---- PREPROC_HEADERS / SEND_RESPONSE / AUTH_COMPLETE (headers first in each) ----

    fn headers(&self) -> Result<&sys::HTTP_FILTER_PREPROC_HEADERS> {
        let data = self.data_as::<sys::HTTP_FILTER_PREPROC_HEADERS>(&[
            sys::SF_NOTIFY_PREPROC_HEADERS,
            sys::SF_NOTIFY_SEND_RESPONSE,
            sys::SF_NOTIFY_AUTH_COMPLETE,
        ])?;
        // SAFETY: the three structs start with the same three callbacks; only those are
        // read through this reference (HttpStatus is read per struct below).
        Ok(unsafe { &*data.as_ptr() })
    }

    /// A header (`"Host:"` or `"Host"`), or `method`/`url`/`version` (request) and
    /// `status` (response); `Ok(None)` when absent.
    pub fn header(&self, name: &str) -> Result<Option<String>> {
        let callback = self
            .headers()?
            .GetHeader
            .ok_or(Error::InvalidEcb("missing GetHeader"))?;
        let name = c_string(name)?;
        let value = read_grown("GetHeader", |buffer, size| {
            // SAFETY: NUL-terminated name, buffer writable for `*size` bytes.
            unsafe { callback(self.pfc.as_ptr(), name.as_ptr().cast_mut(), buffer, size) }
        });
        match value {
            Ok(mut bytes) => {
                strip_nul(&mut bytes);
                Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
            }
            Err(error) => match error.win32_code() {
                Some(sys::ERROR_INVALID_INDEX | sys::ERROR_NO_DATA) => Ok(None),
                _ => Err(error),
            },
        }
    }

    /// Replaces a header (an empty value deletes it).
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<()> {
        let callback = self.headers()?.SetHeader;
        self.change_header(callback, "SetHeader", name, value)
    }

    /// Adds a header line (keeps existing ones of that name).
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<()> {
        let callback = self.headers()?.AddHeader;
        self.change_header(callback, "AddHeader", name, value)
    }

    fn change_header(
        &mut self,
        callback: Option<sys::PFN_FILTER_SETHEADER>,
        function: &'static str,
        name: &str,
        value: &str,
    ) -> Result<()> {
        let callback = callback.ok_or(Error::InvalidEcb("missing header callback"))?;
        let (name, value) = (c_string(name)?, c_string(value)?);
        clear_host_error();
        // SAFETY: two NUL-terminated strings, read during the call.
        let ok = unsafe {
            callback(
                self.pfc.as_ptr(),
                name.as_ptr().cast_mut(),
                value.as_ptr().cast_mut(),
            )
        };
        check(ok, function)
    }

    fn http_status_slot(&self) -> Result<*mut u32> {
        if self.notification == sys::SF_NOTIFY_AUTH_COMPLETE {
            let data = self
                .data_as::<sys::HTTP_FILTER_AUTH_COMPLETE_INFO>(&[sys::SF_NOTIFY_AUTH_COMPLETE])?;
            // SAFETY: a field of the host's struct.
            return Ok(unsafe { ptr::addr_of_mut!((*data.as_ptr()).HttpStatus) });
        }
        let data = self.data_as::<sys::HTTP_FILTER_PREPROC_HEADERS>(&[
            sys::SF_NOTIFY_PREPROC_HEADERS,
            sys::SF_NOTIFY_SEND_RESPONSE,
        ])?;
        // SAFETY: a field of the host's struct.
        Ok(unsafe { ptr::addr_of_mut!((*data.as_ptr()).HttpStatus) })
    }

    /// `HttpStatus` of the header notifications.
    pub fn http_status(&self) -> Result<u32> {
        // SAFETY: the slot is a field of the live struct.
        Ok(unsafe { *self.http_status_slot()? })
    }

    pub fn set_http_status(&mut self, status: u32) -> Result<()> {
        // SAFETY: as above; the field is the filter's to change.
        unsafe { *self.http_status_slot()? = status };
        Ok(())
    }

    /// `GetUserToken` of AUTH_COMPLETE.
    pub fn user_token(&self) -> Result<usize> {
        let data =
            self.data_as::<sys::HTTP_FILTER_AUTH_COMPLETE_INFO>(&[sys::SF_NOTIFY_AUTH_COMPLETE])?;
        // SAFETY: the host's struct, valid for the call.
        let callback = unsafe { data.as_ref() }
            .GetUserToken
            .ok_or(Error::InvalidEcb("missing GetUserToken"))?;
        let mut token: sys::HANDLE = ptr::null_mut();
        clear_host_error();
        // SAFETY: `token` receives a handle.
        let ok = unsafe { callback(self.pfc.as_ptr(), &mut token) };
        check(ok, "GetUserToken")?;
        Ok(token as usize)
    }

    // ---- AUTHENTICATION ----

    fn authent(&self) -> Result<NonNull<sys::HTTP_FILTER_AUTHENT>> {
        self.data_as(&[sys::SF_NOTIFY_AUTHENTICATION])
    }

    /// The user name (`password = false`) or password of AUTHENTICATION.
    pub fn credential(&self, password: bool) -> Result<String> {
        // SAFETY: the host's struct, valid for the call.
        let data = unsafe { self.authent()?.as_ref() };
        let field = if password {
            data.pszPassword
        } else {
            data.pszUser
        };
        Ok(host_text(field))
    }

    pub fn set_credential(&mut self, password: bool, value: &str) -> Result<()> {
        // SAFETY: the host's struct, valid for the call.
        let data = unsafe { self.authent()?.as_ref() };
        let (field, room) = if password {
            (data.pszPassword, data.cbPasswordBuff)
        } else {
            (data.pszUser, data.cbUserBuff)
        };
        write_into(field, room as usize, value)
    }

    // ---- URL_MAP / ACCESS_DENIED ----

    /// `pszURL` of URL_MAP and ACCESS_DENIED.
    pub fn url(&self) -> Result<String> {
        let data = self.data_as::<sys::HTTP_FILTER_URL_MAP>(&[
            sys::SF_NOTIFY_URL_MAP,
            sys::SF_NOTIFY_ACCESS_DENIED,
        ])?;
        // SAFETY: both structs start with pszURL.
        Ok(host_text(unsafe { data.as_ref() }.pszURL))
    }

    /// `pszPhysicalPath` of URL_MAP and ACCESS_DENIED.
    pub fn physical_path(&self) -> Result<String> {
        let data = self.data_as::<sys::HTTP_FILTER_URL_MAP>(&[
            sys::SF_NOTIFY_URL_MAP,
            sys::SF_NOTIFY_ACCESS_DENIED,
        ])?;
        // SAFETY: both structs have pszPhysicalPath second.
        Ok(host_text(unsafe { data.as_ref() }.pszPhysicalPath))
    }

    /// Rewrites the physical path of URL_MAP in place (it must fit `cbPathBuff`).
    pub fn set_physical_path(&mut self, path: &str) -> Result<()> {
        let data = self.data_as::<sys::HTTP_FILTER_URL_MAP>(&[sys::SF_NOTIFY_URL_MAP])?;
        // SAFETY: the host's struct, valid for the call.
        let data = unsafe { data.as_ref() };
        write_into(data.pszPhysicalPath, data.cbPathBuff as usize, path)
    }

    /// The `_EX` fields of URL_MAP. Hosts since IIS 6 (and ours) pass the extended struct.
    pub fn url_map_details(&self) -> Result<UrlMapDetails> {
        let data = self.data_as::<sys::HTTP_FILTER_URL_MAP_EX>(&[sys::SF_NOTIFY_URL_MAP])?;
        // SAFETY: the host's struct, valid for the call.
        let data = unsafe { data.as_ref() };
        Ok(UrlMapDetails {
            flags: data.dwFlags,
            matching_path: data.cchMatchingPath,
            matching_url: data.cchMatchingURL,
            script_map_entry: (!data.pszScriptMapEntry.is_null())
                .then(|| host_text(data.pszScriptMapEntry)),
        })
    }

    /// `dwReason` of ACCESS_DENIED (`SF_DENIED_*` bits).
    pub fn denial_reason(&self) -> Result<u32> {
        let data =
            self.data_as::<sys::HTTP_FILTER_ACCESS_DENIED>(&[sys::SF_NOTIFY_ACCESS_DENIED])?;
        // SAFETY: the host's struct, valid for the call.
        Ok(unsafe { data.as_ref() }.dwReason)
    }

    // ---- LOG ----

    fn log(&self) -> Result<NonNull<sys::HTTP_FILTER_LOG>> {
        self.data_as(&[sys::SF_NOTIFY_LOG])
    }

    pub fn log_text(&self, field: LogField) -> Result<String> {
        // SAFETY: the host's struct, valid for the call.
        let log = unsafe { self.log()?.as_ref() };
        Ok(host_text(*log_text_slot(log, field)))
    }

    /// Replaces a text field: the new text is copied into `AllocMem` memory.
    pub fn set_log_text(&mut self, field: LogField, value: &str) -> Result<()> {
        let log = self.log()?;
        let text = c_string(value)?;
        let bytes = text.as_bytes_with_nul();
        let block = self.alloc_mem(bytes.len())?;
        // SAFETY: the block has room for the text; the struct's pointers are the filter's
        // to replace.
        unsafe {
            ptr::copy_nonoverlapping(bytes.as_ptr(), block.as_ptr(), bytes.len());
            *log_text_slot_mut(&mut *log.as_ptr(), field) = block.as_ptr().cast();
        }
        Ok(())
    }

    pub fn log_number(&self, field: LogNumber) -> Result<u32> {
        // SAFETY: the host's struct, valid for the call.
        let log = unsafe { self.log()?.as_ref() };
        Ok(match field {
            LogNumber::HttpStatus => log.dwHttpStatus,
            LogNumber::Win32Status => log.dwWin32Status,
            LogNumber::BytesSent => log.dwBytesSent,
            LogNumber::BytesRecvd => log.dwBytesRecvd,
            LogNumber::TimeForProcessing => log.msTimeForProcessing,
        })
    }

    pub fn set_log_number(&mut self, field: LogNumber, value: u32) -> Result<()> {
        // SAFETY: the host's struct, writable by the filter during the call.
        let log = unsafe { &mut *self.log()?.as_ptr() };
        let slot = match field {
            LogNumber::HttpStatus => &mut log.dwHttpStatus,
            LogNumber::Win32Status => &mut log.dwWin32Status,
            LogNumber::BytesSent => &mut log.dwBytesSent,
            LogNumber::BytesRecvd => &mut log.dwBytesRecvd,
            LogNumber::TimeForProcessing => &mut log.msTimeForProcessing,
        };
        *slot = value;
        Ok(())
    }
}

fn log_text_slot(log: &sys::HTTP_FILTER_LOG, field: LogField) -> &*const sys::CHAR {
    match field {
        LogField::ClientHostName => &log.pszClientHostName,
        LogField::ClientUserName => &log.pszClientUserName,
        LogField::ServerName => &log.pszServerName,
        LogField::Operation => &log.pszOperation,
        LogField::Target => &log.pszTarget,
        LogField::Parameters => &log.pszParameters,
    }
}

fn log_text_slot_mut(log: &mut sys::HTTP_FILTER_LOG, field: LogField) -> &mut *const sys::CHAR {
    match field {
        LogField::ClientHostName => &mut log.pszClientHostName,
        LogField::ClientUserName => &mut log.pszClientUserName,
        LogField::ServerName => &mut log.pszServerName,
        LogField::Operation => &mut log.pszOperation,
        LogField::Target => &mut log.pszTarget,
        LogField::Parameters => &mut log.pszParameters,
    }
}

fn check(ok: sys::BOOL, function: &'static str) -> Result<()> {
    check_io(ok, function, Io::Other)
}

fn check_io(ok: sys::BOOL, function: &'static str, io: Io) -> Result<()> {
    if ok == 0 {
        return Err(Error::Host {
            function,
            code: last_host_error(io),
        });
    }
    Ok(())
}

fn last_host_error_or(default: u32) -> u32 {
    match last_host_error(Io::Other) {
        0 => default,
        code => code,
    }
}

fn c_string(text: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::InvalidArgument(format!("{text:?} contains NUL")))
}

fn strip_nul(bytes: &mut Vec<u8>) {
    if let Some(end) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(end);
    }
}

fn c_buffer_text(buffer: &[u8]) -> String {
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    String::from_utf8_lossy(&buffer[..end]).into_owned()
}

fn host_text(ptr: *const sys::CHAR) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: the host's NUL-terminated string, valid for the call.
    unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

/// Writes `value` NUL-terminated into a host buffer of `room` bytes.
fn write_into(field: *mut sys::CHAR, room: usize, value: &str) -> Result<()> {
    if field.is_null() {
        return Err(Error::InvalidEcb("the host gave no buffer"));
    }
    if value.contains('\0') {
        return Err(Error::InvalidArgument(format!("{value:?} contains NUL")));
    }
    if value.len() + 1 > room {
        return Err(Error::InvalidArgument(format!(
            "{} bytes do not fit the server's buffer of {room}",
            value.len() + 1
        )));
    }
    // SAFETY: the buffer has `room` writable bytes; we write len + 1 <= room.
    unsafe {
        ptr::copy_nonoverlapping(value.as_ptr(), field.cast::<u8>(), value.len());
        *field.cast::<u8>().add(value.len()) = 0;
    }
    Ok(())
}
