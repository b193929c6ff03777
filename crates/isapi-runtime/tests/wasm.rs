//! WebAssembly where Node 20 is not the standard's reference (so not a conformance
//! script): each script runs in `isapi-run` and prints what the standard says.
use std::process::Command;

fn run(name: &str, script: &str) -> String {
    let dir = std::env::temp_dir().join(format!("isapi-wasm-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("script.mjs");
    std::fs::write(&path, script).expect("write script");
    let output = Command::new(env!("CARGO_BIN_EXE_isapi-run"))
        .arg(&path)
        .output()
        .expect("run isapi-run");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const ADD: &str =
    "new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, \
    1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11])";

#[test]
fn an_externref_global_defaults_to_undefined() {
    // JS API: DefaultValue(externref) is ToWebAssemblyValue(undefined); Node 20 gives null.
    let out = run(
        "externref",
        "console.log(String(new WebAssembly.Global({ value: 'externref' }).value));",
    );
    assert_eq!(out, "undefined\n");
}

#[test]
fn a_data_view_is_a_buffer_source() {
    // WebIDL's BufferSource includes DataView; Node 20 refuses it.
    let out = run(
        "dataview",
        &format!("const b = {ADD}; console.log(WebAssembly.validate(new DataView(b.buffer)), new WebAssembly.Module(new DataView(b.buffer)) instanceof WebAssembly.Module);"),
    );
    assert_eq!(out, "true true\n");
}

#[test]
fn the_wasm_mime_type_is_matched_without_case() {
    // The Web API: a byte-case-insensitive match of `application/wasm` (WPT's
    // contenttype test accepts "APPLICATION/WASM"); Node 20 refuses it.
    let out = run(
        "mime",
        &format!(
            "const m = await WebAssembly.compileStreaming(new Response({ADD}, {{ headers: {{ 'content-type': 'APPLICATION/Wasm' }} }}));
             console.log(m instanceof WebAssembly.Module);"
        ),
    );
    assert_eq!(out, "true\n");
}

#[test]
fn a_memory_buffer_cannot_be_transferred() {
    // The standard's buffers of a Memory are not detachable by JS; a transfer would also
    // hand wasm's bytes to a buffer that growing the memory could not detach.
    let out = run(
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
fn a_long_wasm_loop_runs_past_many_fuel_slices() {
    // (module (func (export "count") (param i32) (result i32) (local i32)
    //   (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
    //     (br_if 0 (i32.lt_u (local.get 1) (local.get 0)))) (local.get 1)))
    let out = run(
        "fuel",
        "const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 9, 1, 5, 99, 111, 117, 110, 116, 0, 0, 10, 25, 1, 23, 1, 1, 127, 3, 64, 32, 1, 65, 1, 106, 33, 1, 32, 1, 32, 0, 73, 13, 0, 11, 32, 1, 11]);
         const { instance } = await WebAssembly.instantiate(bytes);
         console.log(instance.exports.count(1500000));",
    );
    assert_eq!(out, "1500000\n");
}
