//! In-process modules served over in-memory connections: an extension and a filter
//! written against `isapi`'s object model, registered with the host instead of loaded
//! from a file, answer requests sent over `InMemoryHost::connect` exactly as over TCP.
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use isapi::{Ecb, FilterCall};
use isapi_host::{
    Config, Host, HostOptions, InProcessExtension, InProcessFilter, InProcessModules,
};
use isapi_sys as sys;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

/// Answers `<remote port> <server port> <url>`, using server variables and the header SSF.
struct Echo {
    terminated: Arc<AtomicUsize>,
}

impl InProcessExtension for Echo {
    fn get_extension_version(&self, version: &mut sys::HSE_VERSION_INFO) -> bool {
        version.dwExtensionVersion = sys::HSE_VERSION;
        isapi::write_c_string(&mut version.lpszExtensionDesc, "in-process echo");
        true
    }

    unsafe fn http_extension_proc(&self, raw: *mut sys::EXTENSION_CONTROL_BLOCK) -> u32 {
        // SAFETY: the host passes a live ECB and we finish with it before returning.
        let mut ecb = unsafe { Ecb::from_raw(raw) }.expect("a valid ECB");
        let variable = |ecb: &Ecb, name: &str| {
            String::from_utf8(ecb.server_variable(name).unwrap().unwrap_or_default()).unwrap()
        };
        let body = format!(
            "{} {} {}",
            variable(&ecb, "REMOTE_PORT"),
            variable(&ecb, "SERVER_PORT"),
            variable(&ecb, "URL")
        );
        ecb.send_response_headers(
            "200 OK",
            &format!(
                "Content-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
                body.len()
            ),
            true,
        )
        .unwrap();
        ecb.write_client(body.as_bytes()).unwrap();
        sys::HSE_STATUS_SUCCESS_AND_KEEP_CONN
    }

    fn terminate_extension(&self) {
        self.terminated.fetch_add(1, Ordering::SeqCst);
    }
}

/// Counts requests per connection in its filter context; adds `X-Count` to responses;
/// notes when sessions end and when it is terminated.
#[derive(Default)]
struct Counter {
    events: Mutex<Vec<&'static str>>,
}

impl InProcessFilter for Counter {
    fn get_filter_version(&self, version: &mut sys::HTTP_FILTER_VERSION) -> bool {
        version.dwFlags = sys::SF_NOTIFY_PREPROC_HEADERS
            | sys::SF_NOTIFY_SEND_RESPONSE
            | sys::SF_NOTIFY_END_OF_NET_SESSION;
        true
    }

    unsafe fn http_filter_proc(
        &self,
        context: *mut sys::HTTP_FILTER_CONTEXT,
        notification_type: u32,
        notification: *mut c_void,
    ) -> u32 {
        // SAFETY: the host's pointers are valid for this call; `call` is dropped in it.
        let mut call = unsafe { FilterCall::from_raw(context, notification_type, notification) }
            .expect("a valid context");
        if notification_type == sys::SF_NOTIFY_END_OF_NET_SESSION {
            self.events.lock().unwrap().push("end of session");
        } else if notification_type == sys::SF_NOTIFY_PREPROC_HEADERS {
            let count = call.filter_context() + 1;
            call.set_filter_context(count);
        } else {
            let count = call.filter_context();
            call.set_header("X-Count", &count.to_string()).unwrap();
        }
        sys::SF_STATUS_REQ_NEXT_NOTIFICATION
    }

    fn terminate_filter(&self) {
        self.events.lock().unwrap().push("terminate");
    }
}

async fn exchange(connection: &mut DuplexStream, target: &str) -> String {
    let request = format!("GET {target} HTTP/1.1\r\nHost: test\r\n\r\n");
    connection.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = connection.read(&mut buffer).await.unwrap();
        assert!(read > 0, "connection closed early: {received:?}");
        received.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .expect("a content-length");
            if body.len() >= length {
                return text;
            }
        }
    }
}

/// The echo's body: remote port, server port, URL.
fn answer(text: &str) -> (String, String, String) {
    let body = text.split_once("\r\n\r\n").unwrap().1;
    let mut parts = body.splitn(3, ' ').map(str::to_owned);
    (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    )
}

fn modules(terminated: &Arc<AtomicUsize>, counter: &Arc<Counter>) -> InProcessModules {
    let mut modules = InProcessModules::default();
    modules.add_extension(
        "/in-process/echo",
        Arc::new(Echo {
            terminated: terminated.clone(),
        }),
    );
    modules.add_filter("/in-process/counter", counter.clone());
    modules
}

fn config() -> Config {
    Config::parse(
        r#"<configuration><system.webServer>
             <handlers><add name="echo" path="*" verb="*" modules="IsapiModule" scriptProcessor="/in-process/echo" /></handlers>
             <isapiFilters><filter name="counter" path="/in-process/counter" /></isapiFilters>
           </system.webServer></configuration>"#,
        std::env::temp_dir().as_path(),
    )
    .unwrap()
}

#[test]
fn a_listening_host_takes_in_memory_connections_as_if_on_its_port() {
    let terminated = Arc::new(AtomicUsize::new(0));
    let counter = Arc::new(Counter::default());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let options = HostOptions {
            in_process: modules(&terminated, &counter),
            ..HostOptions::default()
        };
        let host = Host::new(config(), options)
            .bind("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let mut connection = host.connect_in_memory();
        let reply = exchange(&mut connection, "/m").await;
        let (_, server_port, url) = answer(&reply);
        assert_eq!(server_port, host.local_addr().port().to_string());
        assert_eq!(url, "/m");
        // Still open at shutdown: the host closes it, and its session ends before the
        // filter is terminated, as in IIS.
        host.shutdown(Duration::from_secs(5)).await;
        drop(connection);
    });
    assert_eq!(terminated.load(Ordering::SeqCst), 1);
    assert_eq!(
        *counter.events.lock().unwrap(),
        ["end of session", "terminate"]
    );
}

#[test]
fn in_process_modules_answer_in_memory_connections() {
    let terminated = Arc::new(AtomicUsize::new(0));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let options = HostOptions {
            in_process: modules(&terminated, &Arc::new(Counter::default())),
            ..HostOptions::default()
        };
        let host = Host::new(config(), options).serve_in_memory();
        let mut first = host.connect();
        let mut second = host.connect();
        let one = exchange(&mut first, "/a").await;
        let two = exchange(&mut first, "/b").await;
        let other = exchange(&mut second, "/c").await;
        assert!(one.starts_with("HTTP/1.1 200"), "{one}");
        assert!(one.contains("x-count: 1"), "{one}");
        assert!(
            two.contains("x-count: 2"),
            "the filter context lives per connection: {two}"
        );
        assert!(
            other.contains("x-count: 1"),
            "a new connection, a new context: {other}"
        );
        let port = |text: &str, url: &str| {
            let (remote, server, seen) = answer(text);
            assert_eq!(seen, url);
            assert_eq!(server, "80", "in-memory connections come to port 80");
            remote
        };
        assert_eq!(
            port(&one, "/a"),
            port(&two, "/b"),
            "one connection, one client port"
        );
        assert_ne!(
            port(&one, "/a"),
            port(&other, "/c"),
            "connections have their own ports"
        );
        drop((first, second));
        host.shutdown(Duration::from_secs(1)).await;
    });
    assert_eq!(
        terminated.load(Ordering::SeqCst),
        1,
        "TerminateExtension ran once"
    );
}
