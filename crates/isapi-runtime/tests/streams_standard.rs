//! The Streams, Encoding and Compression standards' answers where Node 20 gives another
//! (so the conformance scripts, which compare with Node, cannot check them): each script
//! runs in `isapi-run` and must print exactly what the standard says.
mod support;

/// What `script` (an ES module) printed in `isapi-run`.
fn run(script: &str) -> String {
    support::stdout_of("streams-standard", script)
}

#[test]
fn constructors_read_the_strategy_then_the_source_members_in_order() {
    let out = run(r#"
const order = [];
const spy = (name) => ({ get() { order.push(name); return undefined; } });
const names = (list) => Object.defineProperties({}, Object.fromEntries(list.map((n) => [n, spy(n)])));
new ReadableStream(names(["type", "start", "pull", "cancel", "autoAllocateChunkSize"]), names(["size", "highWaterMark"]));
console.log(order.join(","));
order.length = 0;
new WritableStream(names(["write", "type", "start", "close", "abort"]), names(["size", "highWaterMark"]));
console.log(order.join(","));
"#);
    assert_eq!(
        out,
        "highWaterMark,size,autoAllocateChunkSize,cancel,pull,start,type\n\
         highWaterMark,size,abort,close,start,type,write\n"
    );
}

#[test]
fn async_iterators_follow_web_idl() {
    let out = run(r#"
const it = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).values();
console.log(Object.prototype.toString.call(it));
console.log(Object.getPrototypeOf(Object.getPrototypeOf(it)) === Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype));
console.log(JSON.stringify(await it.next()), JSON.stringify(await it.next()));
console.log(await it.next.call({}).then(() => "resolved", (e) => e.name));
console.log(await it.return.call({}).then(() => "resolved", (e) => e.name));
"#);
    assert_eq!(
        out,
        "[object ReadableStream AsyncIterator]\ntrue\n\
         {\"value\":1,\"done\":false} {\"done\":true}\nTypeError\nTypeError\n"
    );
}

#[test]
fn class_strings_are_the_interface_names() {
    let out = run(r#"
console.log([new TextEncoderStream(), new TextDecoderStream(), new CompressionStream("gzip"), new DecompressionStream("deflate")].map((o) => Object.prototype.toString.call(o)).join(","));
"#);
    assert_eq!(
        out,
        "[object TextEncoderStream],[object TextDecoderStream],[object CompressionStream],[object DecompressionStream]\n"
    );
}

#[test]
fn compression_takes_any_buffer_source_and_refuses_data_past_the_end() {
    let out = run(r#"
const collect = async (readable) => { let n = 0; for await (const c of readable) n += c.length; return n; };
const squeezed = [];
for await (const c of ReadableStream.from([new TextEncoder().encode("abc").buffer]).pipeThrough(new CompressionStream("deflate"))) squeezed.push(...c);
const deflated = new Uint8Array(squeezed);
console.log(await collect(ReadableStream.from([deflated]).pipeThrough(new DecompressionStream("deflate"))));
for (const extra of [[0], [1, 2]]) {
  const withJunk = ReadableStream.from([deflated, new Uint8Array(extra)]).pipeThrough(new DecompressionStream("deflate"));
  console.log(await collect(withJunk).then(() => "decoded", (e) => `${e.name} ${e instanceof TypeError}`));
}
const bad = ReadableStream.from([new Uint8Array([1, 2, 3])]).pipeThrough(new DecompressionStream("gzip"));
console.log(await collect(bad).then(() => "decoded", (e) => `${e.name} ${e instanceof TypeError}`));
console.log(new CompressionStream({ toString: () => "gzip" }) instanceof CompressionStream);
"#);
    assert_eq!(
        out,
        "3\nTypeError true\nTypeError true\nTypeError true\ntrue\n"
    );
}

#[test]
fn byob_reads_honour_min() {
    let out = run(r#"
let c;
const stream = new ReadableStream({ type: "bytes", start(controller) { c = controller; } });
const reader = stream.getReader({ mode: "byob" });
const read = reader.read(new Uint8Array(8), { min: 5 });
let settled = false;
read.then(() => { settled = true; });
c.enqueue(new Uint8Array([1, 2, 3]));
await Promise.resolve(); await Promise.resolve();
console.log(settled);
c.enqueue(new Uint8Array([4, 5, 6]));
const { value } = await read;
console.log(Array.from(value).join(","));
console.log(await reader.read(new Uint16Array(2), { min: 3 }).then(() => "read", (e) => e.name));
console.log(await reader.read(new Uint8Array(2), { min: 0 }).then(() => "read", (e) => e.name));
"#);
    assert_eq!(out, "false\n1,2,3,4,5,6\nRangeError\nTypeError\n");
}
