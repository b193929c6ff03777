//! What an engine's QuickJS heap holds after typical work: the platform must not make a
//! handler pay for what it does not use. Each case runs in a fresh runtime with the
//! platform installed, as an engine is; the figures are printed (`--nocapture`) for
//! docs/platform.md.
use rquickjs::{CatchResultExt, Context, Module, Runtime};

use isapi_runtime::{event_loop, install_globals, install_runtime, ConsoleSink};

/// A fetch-style hello as `isapi build`'s adapter (ts/isapi/src/fetch_handler.ts) serves
/// it: a Request built from the ECB (no body: a GET), the handler's Response, its head
/// and then its body written. `WRITE_BODY` is how the body is read.
const FETCH_HELLO: &str = r#"
const handler = { fetch: () => new Response("Hello, world!", { headers: { "content-type": "text/plain" } }) };
const headers = new Headers();
headers.append("Host", "localhost");
headers.append("Accept", "*/*");
const request = new Request("http://localhost/hello", { method: "GET", headers });
const response = await handler.fetch(request);
const lines = [];
response.headers.forEach((value, name) => lines.push(`${name}: ${value}`));
response.headers.getSetCookie();
const written = [];
WRITE_BODY
if (written.length !== 1 || written[0].length !== 13) throw new Error("wrong body");
"#;

/// How the adapter wrote a Response's body before: always through its stream.
const THROUGH_STREAM: &str = "for await (const chunk of response.body) written.push(chunk);";

/// How it writes it now: the bytes when the body is bytes, the stream only when it is one.
const THROUGH_BYTES: &str = r#"
const bytes = response[Symbol.for("isapi-ts.bodyBytes")]?.();
if (bytes instanceof Uint8Array) written.push(bytes);
else if (response.body !== null) for await (const chunk of response.body) written.push(chunk);
"#;

/// The QuickJS heap (bytes malloc'd) of a fresh engine after running `script` as a module
/// to its end, after a full GC.
fn heap_after(script: &str) -> i64 {
    let runtime = Runtime::new().unwrap();
    install_runtime(&runtime);
    let context = Context::full(&runtime).unwrap();
    context.with(|ctx| {
        install_globals(&ctx, ConsoleSink::Stdio).unwrap();
        if !script.is_empty() {
            let promise = Module::evaluate(ctx.clone(), "heap-case", script)
                .catch(&ctx)
                .unwrap();
            event_loop::run_to_end(&ctx).unwrap();
            promise.finish::<()>().catch(&ctx).unwrap();
        }
    });
    runtime.run_gc();
    runtime.memory_usage().malloc_size
}

#[test]
fn a_fetch_style_hello_does_not_load_the_streams() {
    let idle = heap_after("");
    let streams = heap_after("ReadableStream;");
    let old_hello = heap_after(&FETCH_HELLO.replace("WRITE_BODY", THROUGH_STREAM));
    let hello = heap_after(&FETCH_HELLO.replace("WRITE_BODY", THROUGH_BYTES));
    let blob_stream =
        heap_after(&(FETCH_HELLO.replace("WRITE_BODY", THROUGH_BYTES) + "new Blob([]).stream();"));
    eprintln!(
        "engine heap (bytes): idle {idle}; streams loaded {streams} (+{}); fetch-style hello \
         reading .body {old_hello} (+{}); fetch-style hello as the adapter writes it {hello} \
         (+{}); that hello and a Blob's stream() {blob_stream}",
        streams - idle,
        old_hello - idle,
        hello - idle,
    );
    // The streams are hundreds of KB; a hello whose body is bytes must not hold them.
    assert!(
        streams - idle > 200_000,
        "loading the streams costs little: {}",
        streams - idle
    );
    assert!(
        hello < old_hello - 200_000,
        "a fetch-style hello still pays for the streams: {hello} against {old_hello}"
    );
    // Nor Blob, FormData or AbortSignal's modules (~180 KB now; 841 KB at first).
    assert!(
        hello - idle < 250_000,
        "a fetch-style hello costs an engine {} bytes of heap",
        hello - idle
    );
    // Asking for a stream loads them (and works: the case ran to its end).
    assert!(blob_stream > hello + 200_000);
}

/// What touching each global (loading its module and what that imports) costs an engine;
/// printed for docs/platform.md.
#[test]
fn what_each_global_costs() {
    let idle = heap_after("");
    let mut lines = Vec::new();
    for global in [
        "Headers",
        "URL",
        "AbortController",
        "Event",
        "DOMException",
        "structuredClone",
        "Blob",
        "FormData",
        "Response",
        "Request",
        "ReadableStream",
        "WritableStream",
        "TransformStream",
        "fetch",
        "TextEncoder",
        "crypto",
        "WebAssembly",
    ] {
        lines.push(format!(
            "{global} +{}",
            heap_after(&format!("{global};")) - idle
        ));
    }
    eprintln!("engine heap: idle {idle}; {}", lines.join(", "));
}

/// A module loaded on demand (`isapi:native/modules`' `load`) is loaded once: asking again,
/// as each WritableStream's signal asks for abort.js, must not grow the heap (it grew
/// ~1.5 KB a call). The same thousand streams three times in one engine, a GC after each:
/// the first sizes QuickJS's tables, the others must leave nothing.
#[test]
fn loading_on_demand_again_costs_nothing() {
    let runtime = Runtime::new().unwrap();
    install_runtime(&runtime);
    let context = Context::full(&runtime).unwrap();
    context.with(|ctx| install_globals(&ctx, ConsoleSink::Stdio).unwrap());
    let mut heaps = Vec::new();
    for round in 0..3 {
        context.with(|ctx| {
            let script =
                "for (let i = 0; i < 1000; i++) new WritableStream({ start(c) { c.signal; } });";
            Module::evaluate(ctx.clone(), format!("round-{round}"), script)
                .catch(&ctx)
                .unwrap();
            event_loop::run_to_end(&ctx).unwrap();
        });
        runtime.run_gc();
        heaps.push(runtime.memory_usage().malloc_size);
    }
    eprintln!("engine heap after each thousand WritableStreams with a signal: {heaps:?}");
    assert!(heaps[2] - heaps[1] < 4_000, "{heaps:?}");
}
