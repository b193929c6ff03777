//! The request path: raw bytes written to one of the host's in-memory connections, served
//! by the same code as a TCP connection (hyper's parser, the filter chain, routing, the
//! ECB, static files). The site has static files, an in-process extension that reads the
//! body and answers in several ways the query asks for, and a filter on every request.
//! Any panic (anywhere: libfuzzer-sys aborts on it) is a crash; a connection that neither
//! answers nor closes after the client's half-close is a hang.
#![no_main]
use std::ffi::c_void;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use isapi::{Ecb, FilterCall};
use isapi_host::{Config, Host, HostOptions, InMemoryHost, InProcessExtension, InProcessFilter};
use isapi_sys as sys;
use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long the host has to finish a connection once the client has sent everything.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);
/// Response bytes read at most (a static file or an echo is far smaller).
const READ_AT_MOST: usize = 4 << 20;

const WEB_CONFIG: &str = r#"<configuration><system.webServer>
  <handlers>
    <add name="ext" path="/ext/*" verb="*" modules="IsapiModule" scriptProcessor="/in-process/ext" />
    <add name="pub" path="/pub/*" verb="GET,HEAD" modules="StaticFileModule" />
    <add name="home" path="index.html" verb="GET,HEAD" modules="StaticFileModule" />
  </handlers>
  <isapiFilters><filter name="f" path="/in-process/filter" enabled="true" /></isapiFilters>
</system.webServer></configuration>"#;

/// Answers with what it saw; the first query word picks how (see `answer`).
struct Extension;

impl InProcessExtension for Extension {
    fn get_extension_version(&self, version: &mut sys::HSE_VERSION_INFO) -> bool {
        version.dwExtensionVersion = sys::HSE_VERSION;
        true
    }

    unsafe fn http_extension_proc(&self, raw: *mut sys::EXTENSION_CONTROL_BLOCK) -> u32 {
        // SAFETY: the host passes a live ECB; we are done with it before returning.
        let Ok(mut ecb) = (unsafe { Ecb::from_raw(raw) }) else {
            return sys::HSE_STATUS_ERROR;
        };
        match answer(&mut ecb) {
            Ok(()) => sys::HSE_STATUS_SUCCESS_AND_KEEP_CONN,
            Err(_) => sys::HSE_STATUS_ERROR,
        }
    }

    fn terminate_extension(&self) {}
}

fn answer(ecb: &mut Ecb) -> isapi::Result<()> {
    let mut body = Vec::new();
    let mut buffer = [0u8; 8192];
    while body.len() < (1 << 20) {
        let n = ecb.read_body(&mut buffer)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buffer[..n]);
    }
    let mut seen = Vec::new();
    for name in [
        "URL",
        "PATH_INFO",
        "PATH_TRANSLATED",
        "QUERY_STRING",
        "ALL_RAW",
        "HTTP_HOST",
    ] {
        seen.extend(ecb.server_variable(name)?.unwrap_or_default());
        seen.push(b'\n');
    }
    seen.extend_from_slice(&body);
    let query = ecb.query_string().into_owned();
    let (how, rest) = query.split_once('=').unwrap_or((&query, ""));
    match how {
        "redirect" => ecb.redirect(rest),
        "map" => {
            let path = ecb.map_url_to_path(rest)?;
            write_answer(ecb, path.as_bytes())
        }
        "cgi" => {
            let mut data = format!("Status: 201 Created\r\nX-Query: {rest}\r\n\r\n").into_bytes();
            data.extend_from_slice(&seen);
            ecb.write_client(&data)
        }
        "header" => ecb.send_response_headers("200 OK", &format!("X-Query: {rest}\r\n"), true),
        _ => write_answer(ecb, &seen),
    }
}

fn write_answer(ecb: &mut Ecb, body: &[u8]) -> isapi::Result<()> {
    ecb.send_response_headers(
        "200 OK",
        &format!(
            "Content-Type: application/octet-stream\r\nContent-Length: {}\r\n",
            body.len()
        ),
        true,
    )?;
    ecb.write_client(body)
}

/// Reads the request's url and Host on every request and adds a response header.
struct Filter;

impl InProcessFilter for Filter {
    fn get_filter_version(&self, version: &mut sys::HTTP_FILTER_VERSION) -> bool {
        version.dwFlags = sys::SF_NOTIFY_PREPROC_HEADERS | sys::SF_NOTIFY_SEND_RESPONSE;
        true
    }

    unsafe fn http_filter_proc(
        &self,
        context: *mut sys::HTTP_FILTER_CONTEXT,
        notification_type: u32,
        notification: *mut c_void,
    ) -> u32 {
        // SAFETY: the host's pointers are valid for this call; `call` is dropped in it.
        let Ok(mut call) =
            (unsafe { FilterCall::from_raw(context, notification_type, notification) })
        else {
            return sys::SF_STATUS_REQ_ERROR;
        };
        if notification_type == sys::SF_NOTIFY_PREPROC_HEADERS {
            let url = call.header("url").ok().flatten().unwrap_or_default();
            let host = call.header("Host:").ok().flatten().unwrap_or_default();
            call.set_filter_context(url.len() + host.len());
        } else {
            let seen = call.filter_context().to_string();
            let _ = call.set_header("X-Seen:", &seen);
        }
        sys::SF_STATUS_REQ_NEXT_NOTIFICATION
    }

    fn terminate_filter(&self) {}
}

struct Site {
    runtime: tokio::runtime::Runtime,
    host: InMemoryHost,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("isapi-fuzz-request-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pub/sub")).unwrap();
        std::fs::write(root.join("index.html"), "<p>home</p>\n").unwrap();
        std::fs::write(root.join("pub/a.txt"), "a\n").unwrap();
        std::fs::write(root.join("pub/sub/b.html"), "<b>b</b>\n").unwrap();
        std::fs::write(root.join("secret.txt"), "outside the mounted folders\n").unwrap();
        let config = Config::parse(WEB_CONFIG, &root).unwrap();
        let mut options = HostOptions::default();
        options
            .in_process
            .add_extension("/in-process/ext", Arc::new(Extension));
        options
            .in_process
            .add_filter("/in-process/filter", Arc::new(Filter));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let host = runtime.block_on(async { Host::new(config, options).serve_in_memory() });
        Site { runtime, host }
    })
}

fuzz_target!(|data: &[u8]| {
    let site = site();
    site.runtime.block_on(async {
        let mut connection = site.host.connect();
        let exchange = async {
            // The host may stop reading (and close) before taking everything: not a finding.
            let _ = connection.write_all(data).await;
            let _ = connection.shutdown().await;
            let mut response = Vec::new();
            let mut buffer = [0u8; 16 * 1024];
            loop {
                match connection.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) if response.len() + n > READ_AT_MOST => break,
                    Ok(n) => response.extend_from_slice(&buffer[..n]),
                }
            }
            response
        };
        let response = tokio::time::timeout(ANSWER_WITHIN, exchange)
            .await
            .unwrap_or_else(|_| panic!("hang: no answer or close within {ANSWER_WITHIN:?}"));
        assert!(
            !response.windows(8).any(|w| w == b"outside "),
            "a file outside the mounted folders was served"
        );
    });
});
