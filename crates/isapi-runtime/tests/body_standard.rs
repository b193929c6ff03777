//! Blob, File, FormData and bodies where Node 20 is not conformant: the standard's answer,
//! checked in `isapi-run` alone (tests/standard.rs holds the other areas' cases):
//! each case is a script and the lines it must print.
mod support;

/// What `script` (an ES module) printed in `isapi-run`.
fn run(script: &str) -> String {
    support::stdout_of("body-standard", script)
}

#[test]
fn blob_slice_indices_are_clamped_long_longs() {
    // WebIDL `[Clamp] long long`: halves round to even, NaN is 0 (Node 20 aborts).
    let out = run(r#"const b = new Blob(["0123456789"]);
for (const [s, e] of [[1.5, 3.7], [2.5, 4.5], [NaN, NaN], [-1.5, undefined]])
  console.log(await b.slice(s, e).text());"#);
    assert_eq!(out, "23\n23\n\n89\n");
}

#[test]
fn native_endings_turn_every_line_break_into_the_platforms() {
    // A lone CR is a line break too (Node 20 keeps it).
    let out = run(
        r#"console.log(JSON.stringify(await new Blob(["a\rb\r\nc\nd"], { endings: "native" }).text()));"#,
    );
    let nl = if cfg!(windows) { "\\r\\n" } else { "\\n" };
    assert_eq!(out, format!("\"a{nl}b{nl}c{nl}d\"\n"));
}

#[test]
fn file_last_modified_is_a_long_long() {
    // Fractions truncate (Node 20 keeps them).
    let out = run(
        r#"console.log(new File([], "f", { lastModified: 12.7 }).lastModified, new File([], "f", { lastModified: -1.5 }).lastModified);"#,
    );
    assert_eq!(out, "12 -1\n");
}

#[test]
fn response_status_is_an_unsigned_short() {
    // -65336 modulo 2^16 is 200 (Node 20 throws a RangeError).
    let out = run(r#"console.log(new Response(null, { status: -65336 }).status);"#);
    assert_eq!(out, "200\n");
}

#[test]
fn form_data_length_is_zero() {
    let out = run(r#"console.log(FormData.length);"#);
    assert_eq!(out, "0\n");
}

#[test]
fn multipart_parsing_follows_the_web_platform_tests_through_form_data() {
    // An epilogue and padding; escapes kept; a Content-Type parsed as a MIME type; a
    // parsed file's lastModified is 0; a preamble refused.
    let out = run(r#"const parse = (body) =>
  new Response(body, { headers: { "content-type": "multipart/form-data; boundary=b" } }).formData();
const body = [
  "--b \t", 'Content-Disposition: form-data; name="q%22uote"; filename="a%22b.txt"',
  "Content-Type: Text/Plain; Charset=UTF-8", "", "x--b", "--b--", "epilogue",
].join("\r\n");
const form = await parse(body);
const [name, file] = [...form][0];
console.log(name, file.name, file.type, file.lastModified, await file.text());
try { await parse("preamble\r\n" + body); } catch (e) { console.log(e.name); }
const source = new FormData();
source.append('a"b\nc', "v\rw");
source.append("f", new File([], 'e"f\r.txt'));
const back = await new Response(source).formData();
console.log(JSON.stringify([...back.keys()]), JSON.stringify(back.get('a%22b%0D%0Ac')), back.get("f").name);"#);
    assert_eq!(
        out,
        "q%22uote a%22b.txt text/plain;charset=utf-8 0 x--b\nTypeError\n[\"a%22b%0D%0Ac\",\"f\"] \"v\\r\\nw\" e%22f%0D.txt\n"
    );
}

#[test]
fn form_data_refuses_a_body_over_its_limit() {
    // A stream stops being read at the limit; a Content-Length above it is refused unread.
    let out = run(r#"const size = 40 * 1024 * 1024;
let sent = 0;
const stream = new ReadableStream({
  pull(controller) {
    const chunk = new Uint8Array(Math.min(1 << 20, size - sent));
    sent += chunk.length;
    controller.enqueue(chunk);
    if (sent >= size) controller.close();
  },
});
const response = new Response(stream, { headers: { "content-type": "application/x-www-form-urlencoded" } });
try { await response.formData(); } catch (e) { console.log(e.name, e.message); }
console.log(sent < size);
const declared = new Response(new ReadableStream(), { headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "99999999" } });
try { await declared.formData(); } catch (e) { console.log(e.name, declared.bodyUsed); }"#);
    assert_eq!(
        out,
        "TypeError a body read by formData() is larger than the limit of 33554432 bytes\ntrue\nTypeError false\n"
    );
}

#[test]
fn every_whole_read_of_a_stream_stops_at_the_limit() {
    // One limit (`BODY_READ_LIMIT`, 32 MiB) for arrayBuffer/blob/bytes/json/text of a
    // streamed body; Node has none (it reads until the heap is gone). A body in memory is
    // not limited; a Content-Length above the limit is refused with the stream unread.
    let out = run(r#"const limit = 32 * 1024 * 1024;
const streamOf = (size) => {
  let sent = 0;
  const stream = new ReadableStream({
    pull(controller) {
      const chunk = new Uint8Array(Math.min(1 << 20, size - sent));
      sent += chunk.length;
      controller.enqueue(chunk);
      if (sent >= size) controller.close();
    },
  });
  return { stream, sent: () => sent };
};
for (const method of ["arrayBuffer", "blob", "bytes", "json", "text"]) {
  const { stream, sent } = streamOf(limit + 1);
  const response = new Response(stream);
  try { await response[method](); console.log(method, "read"); }
  catch (e) { console.log(method, e.name, e.message, sent() <= limit + (1 << 20), response.bodyUsed); }
}
const { stream } = streamOf(limit);
console.log("at the limit", (await new Response(stream).bytes()).length === limit);
const declared = new Request("http://x/", { method: "POST", body: new ReadableStream(), duplex: "half", headers: { "content-length": String(limit + 1) } });
try { await declared.text(); } catch (e) { console.log("declared", e.name, declared.bodyUsed); }
const inMemory = new Response(new Uint8Array(limit + 1), { headers: { "content-length": String(limit + 1) } });
console.log("in memory", (await inMemory.arrayBuffer()).byteLength === limit + 1);"#);
    let lines: Vec<&str> = out.lines().collect();
    for (line, method) in lines
        .iter()
        .zip(["arrayBuffer", "blob", "bytes", "json", "text"])
    {
        assert_eq!(
            *line,
            format!("{method} TypeError a body read by {method}() is larger than the limit of 33554432 bytes true true")
        );
    }
    assert_eq!(
        &lines[5..],
        [
            "at the limit true",
            "declared TypeError false",
            "in memory true"
        ]
    );
}

#[test]
fn files_clone_as_files_and_form_data_does_not_clone() {
    // A File is serializable with its name and lastModified (Node 20 gives a Blob); a
    // FormData is not serializable (Node 20 gives an empty object).
    let out = run(
        r#"const f = structuredClone(new File(["de"], "n.txt", { type: "a/b", lastModified: 5 }));
console.log(f instanceof File, f.name, f.lastModified, f.type, await f.text());
try { structuredClone(new FormData()); } catch (e) { console.log(e.name); }"#,
    );
    assert_eq!(out, "true n.txt 5 a/b de\nDataCloneError\n");
}
