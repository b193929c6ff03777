//! What the standards say where Node 20 says otherwise (or has nothing): each test runs a
//! script in `isapi-run` and checks what it prints against the standard's answer. The
//! behaviour Node shares is in `tests/conformance/` instead.
mod support;

use support::{isapi_run as run, stdout_of};

#[test]
fn event_details_node_gets_wrong() {
    let out = stdout_of(
        "event_details",
        r#"
const log = [];
const t = new EventTarget();
// At the target, capture listeners run before the others (DOM "dispatch").
t.addEventListener("x", () => log.push("bubble"));
t.addEventListener("x", () => log.push("capture"), true);
t.dispatchEvent(new Event("x"));
// A boolean third argument is `capture` for removeEventListener too.
const f = () => log.push("f");
t.addEventListener("y", f, true);
t.removeEventListener("y", f, true);
t.dispatchEvent(new Event("y"));
// preventDefault in a passive listener does nothing.
t.addEventListener("p", (e) => e.preventDefault(), { passive: true });
log.push(`passive ${t.dispatchEvent(new Event("p", { cancelable: true }))}`);
// stopPropagation before dispatch: no listener runs (and the flag is clear after).
const stopped = new Event("x");
stopped.stopPropagation();
t.dispatchEvent(stopped);
log.push(`stopped ${stopped.cancelBubble}`);
// Re-dispatching an event being dispatched.
t.addEventListener("r", (e) => {
  try { t.dispatchEvent(e); } catch (error) { log.push(`redispatch ${error.name} ${error.code}`); }
});
t.dispatchEvent(new Event("r"));
// Constants on the prototype; returnValue's setter.
const e = new Event("c", { cancelable: true });
e.returnValue = false;
log.push(`proto ${e.AT_TARGET} ${e.defaultPrevented} ${e.returnValue}`);
console.log(log.join(","));
"#,
    );
    assert_eq!(
        out.trim(),
        "capture,bubble,passive true,stopped false,redispatch InvalidStateError 11,proto 2 true false"
    );
}

#[test]
fn a_listener_that_throws_is_reported_and_the_others_run() {
    let output = run(
        "listener_throws",
        r#"
const t = new EventTarget();
const log = [];
t.addEventListener("x", () => { throw new RangeError("first"); });
t.addEventListener("x", () => log.push("second ran"));
let seen = null;
addEventListener("error", (event) => {
  seen = `${event.constructor.name} ${event.error.message} ${event.message} ${event.cancelable} ${event.isTrusted} ${event.target === globalThis}`;
});
t.dispatchEvent(new Event("x"));
console.log(log.join(), "|", seen);
const cancel = (event) => event.preventDefault();
addEventListener("error", cancel);
reportError(new Error("cancelled"));
removeEventListener("error", cancel);
reportError(new Error("logged"));
console.log("went on");
"#,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stdout.trim(),
        "second ran | ErrorEvent first Uncaught RangeError: first true true true\nwent on"
    );
    assert!(stderr.contains("Uncaught RangeError: first"), "{stderr}");
    assert!(stderr.contains("Uncaught Error: logged"), "{stderr}");
    assert!(!stderr.contains("cancelled"), "{stderr}");
}

#[test]
fn abort_details_node_gets_wrong() {
    let out = stdout_of(
        "abort_details",
        r#"
const log = [];
const c = new AbortController();
c.signal.onabort = 5; // not an object: null (WebIDL [LegacyTreatNonObjectAsNull])
log.push(`onabort ${c.signal.onabort}`);
const dependent = AbortSignal.any(new Set([c.signal])); // any iterable
c.signal.addEventListener("abort", () => log.push(`dependent already aborted ${dependent.aborted}`));
c.abort();
for (const bad of [-1, NaN, Infinity]) {
  try { AbortSignal.timeout(bad); } catch (error) { log.push(`timeout(${bad}) ${error.name}`); }
}
console.log(log.join(","));
"#,
    );
    assert_eq!(
        out.trim(),
        "onabort null,dependent already aborted true,timeout(-1) TypeError,timeout(NaN) TypeError,timeout(Infinity) TypeError"
    );
}

#[test]
fn clone_details_node_gets_wrong() {
    let out = stdout_of(
        "clone_details",
        r#"
const log = [];
const copy = structuredClone(new DOMException("gone", "AbortError"));
log.push(`DOMException ${copy instanceof DOMException} ${copy.name} ${copy.message} ${copy.code}`);
for (const transfer of [[{}], null]) {
  try { structuredClone(1, { transfer }); } catch (error) { log.push(`transfer ${error.name}`); }
}
const buffer = new ArrayBuffer(1);
structuredClone(buffer, { transfer: [buffer] });
try { structuredClone(1, { transfer: [buffer] }); } catch (error) { log.push(`detached ${error.name}`); }
try { structuredClone(buffer); } catch (error) { log.push(`clone detached ${error.name}`); }
log.push(`length ${structuredClone.length}`);
console.log(log.join(","));
"#,
    );
    assert_eq!(
        out.trim(),
        "DOMException true AbortError gone 20,transfer DataCloneError,transfer TypeError,detached DataCloneError,clone detached DataCloneError,length 1"
    );
}

#[test]
fn message_port_details_node_gets_wrong() {
    let out = stdout_of(
        "port_details",
        r#"
const log = [];
const { port1, port2 } = new MessageChannel();
port2.addEventListener("message", (e) => log.push(`message ${e.data} trusted ${e.isTrusted}`));
port1.postMessage("waits for start()");
await new Promise((resolve) => setTimeout(resolve, 5));
log.push("start");
port2.start();
await new Promise((resolve) => setTimeout(resolve, 5));
port1.addEventListener("close", () => log.push("close at the other port"));
port2.close();
await new Promise((resolve) => setTimeout(resolve, 5));
log.push(Object.prototype.toString.call(port1));
console.log(log.join(","));
"#,
    );
    assert_eq!(
        out.trim(),
        "start,message waits for start() trusted true,close at the other port,[object MessagePort]"
    );
}

#[test]
fn the_global_scope() {
    let out = stdout_of(
        "global_scope",
        r#"
const log = [];
log.push(`self ${self === globalThis}`);
log.push(`userAgent ${/^isapi-ts\/\d+\.\d+\.\d+/.test(navigator.userAgent)}`);
let target;
const listener = (e) => { target = e.target; };
addEventListener("custom", listener);
log.push(`dispatch ${dispatchEvent(new CustomEvent("custom", { cancelable: true }))} ${target === globalThis}`);
removeEventListener("custom", listener);
target = null;
dispatchEvent(new Event("custom"));
log.push(`removed ${target}`);
const error = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error: 1 });
log.push(`ErrorEvent ${error.message} ${error.filename} ${error.lineno} ${error.colno} ${error.error}`);
const p = Promise.resolve();
const rejection = new PromiseRejectionEvent("unhandledrejection", { promise: p, reason: "r" });
log.push(`PromiseRejectionEvent ${rejection.promise === p} ${rejection.reason}`);
try { new PromiseRejectionEvent("x", {}); } catch (e) { log.push(`no promise ${e.name}`); }
try { reportError(); } catch (e) { log.push(`reportError() ${e.name}`); }
console.log(log.join(","));
"#,
    );
    assert_eq!(
        out.trim(),
        "self true,userAgent true,dispatch true true,removed null,ErrorEvent m f.js 3 4 1,PromiseRejectionEvent true r,no promise TypeError,reportError() TypeError"
    );
}

#[test]
fn an_unhandled_rejection_ends_the_script_with_its_position() {
    let output = run(
        "unhandled",
        "console.log('start');\nPromise.reject(new Error('nobody caught me'));\nsetTimeout(() => console.log('timer must not run'), 20);\n",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "start\n");
    assert!(
        stderr.contains("Uncaught (in promise) Error: nobody caught me"),
        "{stderr}"
    );
    assert!(stderr.contains("unhandled.mjs:2:"), "{stderr}");
}

#[test]
fn a_rejection_handled_in_the_same_turn_is_not_unhandled() {
    let out = stdout_of(
        "handled_late",
        "const p = Promise.reject(new Error('x'));\nawait null;\nawait null;\np.catch(() => console.log('caught'));\n",
    );
    assert_eq!(out, "caught\n");
}

#[test]
fn a_rejection_handled_in_a_later_task_was_unhandled() {
    let output = run(
        "handled_too_late",
        "const p = Promise.reject(new Error('next turn'));\nsetTimeout(() => p.catch(() => {}), 0);\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("next turn"));
}

#[test]
fn unhandledrejection_listeners_see_it_and_may_cancel_it() {
    let out = stdout_of(
        "listened",
        r#"
addEventListener("unhandledrejection", (event) => {
  console.log(event.constructor.name, event.reason.message, event.promise instanceof Promise, event.cancelable, event.isTrusted);
  event.preventDefault();
});
Promise.reject(new Error("seen"));
setTimeout(() => console.log("still running"), 5);
"#,
    );
    assert_eq!(
        out,
        "PromiseRejectionEvent seen true true true\nstill running\n"
    );
    // A listener that does not cancel: the rejection is still reported.
    let output = run(
        "listened_not_cancelled",
        "addEventListener('unhandledrejection', () => console.log('listener'));\nPromise.reject(new Error('still reported'));\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "listener\n");
    assert!(String::from_utf8_lossy(&output.stderr).contains("still reported"));
}

#[test]
fn a_rejection_handled_after_its_report_fires_rejectionhandled() {
    // HTML "outstanding rejected promises"; Node 20 has only process's "rejectionHandled"
    // (and no globalThis.addEventListener).
    let out = stdout_of(
        "rejectionhandled",
        r#"
const log = [];
addEventListener("unhandledrejection", (e) => { log.push(`unhandled ${e.reason.message}`); e.preventDefault(); });
addEventListener("rejectionhandled", (e) => {
  log.push(`rejectionhandled ${e.constructor.name} ${e.reason.message} ${e.promise === late} ${e.cancelable} ${e.isTrusted}`);
});
const late = Promise.reject(new Error("late"));
const early = Promise.reject(new Error("same turn"));
early.catch(() => {});
setTimeout(() => late.catch(() => log.push("caught")), 1);
setTimeout(() => late.catch(() => log.push("caught again")), 2);
setTimeout(() => console.log(log.join(",")), 5);
"#,
    );
    assert_eq!(
        out.trim(),
        "unhandled late,caught,rejectionhandled PromiseRejectionEvent late true false true,caught again"
    );
}

#[test]
fn uncaught_exceptions_are_reported_as_error_events() {
    // HTML "report an exception" for timers, microtasks, listeners and reportError; Node 20
    // has no global "error" event (it ends the process instead). The position is the
    // error's stack's first frame: where it was made.
    let output = run(
        "report_exception",
        r#"
const log = [];
addEventListener("error", (e) => {
  log.push(`${e.constructor.name} ${e.message} ${e.filename.endsWith("report_exception.mjs")} ${e.lineno}:${e.colno} ${e.error === thrown.at(-1)} ${e.cancelable} ${e.isTrusted}`);
  if (e.error?.message?.startsWith("quiet")) e.preventDefault();
});
const thrown = [];
const fail = (error) => { thrown.push(error); throw error; };
setTimeout(() => fail(new Error("quiet timer")), 1);
const interval = setInterval(() => { clearInterval(interval); fail(new RangeError("loud interval")); }, 2);
queueMicrotask(() => fail(new TypeError("quiet microtask")));
const target = new EventTarget();
target.addEventListener("x", () => fail(new SyntaxError("loud listener")));
target.dispatchEvent(new Event("x"));
thrown.push("plain");
reportError("plain");
setTimeout(() => console.log(log.join("\n")), 10);
"#,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stdout.trim(),
        "ErrorEvent Uncaught SyntaxError: loud listener true 13:45 true true true\n\
         ErrorEvent Uncaught plain false 0:0 true true true\n\
         ErrorEvent Uncaught TypeError: quiet microtask true 11:31 true true true\n\
         ErrorEvent Uncaught Error: quiet timer true 9:27 true true true\n\
         ErrorEvent Uncaught RangeError: loud interval true 10:72 true true true"
    );
    // Logged unless cancelled, with the position.
    assert!(
        stderr.contains("Uncaught SyntaxError: loud listener"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Uncaught RangeError: loud interval"),
        "{stderr}"
    );
    assert!(stderr.contains("report_exception.mjs:10:72"), "{stderr}");
    assert!(stderr.contains("Uncaught plain"), "{stderr}");
    assert!(!stderr.contains("quiet"), "{stderr}");
    // A listener that throws: its exception is logged, not dispatched again.
    let output = run(
        "report_from_listener",
        "let calls = 0;\naddEventListener('error', () => { calls++; throw new Error('from the listener'); });\nreportError(new Error('first'));\nconsole.log(calls);\n",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "1\n");
    assert!(
        stderr.contains("Uncaught Error: from the listener"),
        "{stderr}"
    );
    assert!(stderr.contains("Uncaught Error: first"), "{stderr}");
    // Without a listener, each is logged and the script goes on.
    let output = run(
        "report_unheard",
        "setTimeout(() => { throw new Error('timer'); }, 1);\nqueueMicrotask(() => { throw new Error('microtask'); });\nsetTimeout(() => console.log('went on'), 5);\n",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "went on\n");
    assert!(stderr.contains("Uncaught Error: microtask"), "{stderr}");
    assert!(stderr.contains("Uncaught Error: timer"), "{stderr}");
    assert!(!stderr.contains("in promise"), "{stderr}");
}

#[test]
fn a_module_that_throws_is_not_an_unhandled_rejection() {
    let output = run("throws", "throw new TypeError('top level');\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.starts_with("TypeError: top level"), "{stderr}");
}

// WebAssembly

/// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const WASM_ADD: &str =
    "new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, \
    1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11])";

#[test]
fn an_externref_global_defaults_to_undefined() {
    // JS API: DefaultValue(externref) is ToWebAssemblyValue(undefined); Node 20 gives null.
    let out = stdout_of(
        "externref",
        "console.log(String(new WebAssembly.Global({ value: 'externref' }).value));",
    );
    assert_eq!(out, "undefined\n");
}

#[test]
fn a_data_view_is_a_buffer_source() {
    // WebIDL's BufferSource includes DataView; Node 20 refuses it.
    let out = stdout_of(
        "dataview",
        &format!("const b = {WASM_ADD}; console.log(WebAssembly.validate(new DataView(b.buffer)), new WebAssembly.Module(new DataView(b.buffer)) instanceof WebAssembly.Module);"),
    );
    assert_eq!(out, "true true\n");
}

#[test]
fn the_wasm_mime_type_is_matched_without_case() {
    // The Web API: a byte-case-insensitive match of `application/wasm` (WPT's
    // contenttype test accepts "APPLICATION/WASM"); Node 20 refuses it.
    let out = stdout_of(
        "mime",
        &format!(
            "const m = await WebAssembly.compileStreaming(new Response({WASM_ADD}, {{ headers: {{ 'content-type': 'APPLICATION/Wasm' }} }}));
             console.log(m instanceof WebAssembly.Module);"
        ),
    );
    assert_eq!(out, "true\n");
}

#[test]
fn a_memory_buffer_cannot_be_transferred() {
    // The standard's buffers of a Memory are not detachable by JS; a transfer would also
    // hand wasm's bytes to a buffer that growing the memory could not detach.
    let out = stdout_of(
        "transfer",
        "const m = new WebAssembly.Memory({ initial: 1 });
         for (const f of ['transfer', 'transferToFixedLength']) {
           try { m.buffer[f](); console.log('moved'); } catch (e) { console.log(e.name, m.buffer.byteLength); }
         }
         console.log(new ArrayBuffer(4).transfer(8).byteLength);",
    );
    assert_eq!(out, "TypeError 65536\nTypeError 65536\n8\n");
}

#[test]
fn a_transfer_saved_before_webassembly_cannot_move_a_memory_buffer() {
    // The attack: keep the built-in transfer methods before WebAssembly loads, then use
    // them on a memory's buffer; the new buffer would point at wasm's bytes, which the
    // grow below moves (a use-after-free). The methods are guarded from engine start, so
    // what was saved is the guard. Also the standard's grow: the old buffer is detached.
    let out = stdout_of(
        "saved_transfer",
        "const proto = ArrayBuffer.prototype;
         const saved = [proto.transfer, proto.transferToFixedLength, proto.transferToImmutable];
         const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
         const buffer = memory.buffer;
         const view = new Uint8Array(buffer);
         view[0] = 42;
         const moved = [];
         for (const f of saved) {
           try { moved.push(f.call(buffer)); console.log(f.name, 'moved'); }
           catch (e) { console.log(f.name, e.name, buffer.byteLength); }
         }
         for (const [what, run] of [
           ['structuredClone', () => structuredClone(buffer, { transfer: [buffer] })],
           ['postMessage', () => { const { port1 } = new MessageChannel(); try { port1.postMessage(buffer, [buffer]); } finally { port1.close(); } }],
         ]) {
           try { run(); console.log(what, 'moved'); } catch (e) { console.log(what, e.name, buffer.byteLength); }
         }
         // A BYOB read into the memory transfers the view's buffer (Streams' TransferArrayBuffer).
         const stream = new ReadableStream({ type: 'bytes', pull(c) { c.enqueue(new Uint8Array([7])); } });
         try { await stream.getReader({ mode: 'byob' }).read(new Uint8Array(buffer, 0, 8)); console.log('byob moved'); }
         catch (e) { console.log('byob', e.name, buffer.byteLength); }
         console.log('kept', view[0], buffer === memory.buffer);
         // Several grows: wasmi reallocates the bytes; what JS held must be detached.
         for (let i = 0; i < 5; i++) memory.grow(8);
         console.log('after grow', buffer.byteLength, view.length, view[0], memory.buffer.byteLength);
         view[0] = 1;
         console.log('write to a detached view', view[0], memory.buffer === memory.buffer);
         const fresh = new Uint8Array(memory.buffer);
         console.log('the bytes moved with the memory', fresh[0]);
         memory.grow(0);
         console.log('grow(0) detaches too', fresh.length);",
    );
    assert_eq!(
        out,
        "transfer TypeError 65536\ntransferToFixedLength TypeError 65536\n\
         transferToImmutable TypeError 65536\nstructuredClone TypeError 65536\n\
         postMessage TypeError 65536\nbyob TypeError 65536\nkept 42 true\n\
         after grow 0 0 undefined 2686976\nwrite to a detached view undefined true\n\
         the bytes moved with the memory 42\ngrow(0) detaches too 0\n"
    );
}
