//! The standard's answers where Node 20 gives another one, so that the conformance
//! scripts (compared with Node) leave the case out: each script here runs in `isapi-run`
//! and must print what the standard says.
mod support;

/// What `script` (an ES module) printed in `isapi-run`.
fn run(name: &str, script: &str) -> String {
    support::stdout_of(&format!("standard-{name}"), script)
}

#[test]
fn url_search_params_takes_null_as_the_string_null() {
    // Web IDL: null is no object, so the union converts it to the USVString "null".
    let out = run(
        "usp-null",
        r##"console.log(new URLSearchParams(null).toString());"##,
    );
    assert_eq!(out, "null=\n");
}

#[test]
fn records_take_only_enumerable_own_properties() {
    // Web IDL's record conversion skips non-enumerable properties; Node's Headers takes them.
    let out = run(
        "records",
        r##"const record = {};
Object.defineProperty(record, "hidden", { value: "1", enumerable: false });
record.shown = "2";
console.log(JSON.stringify([...new Headers(record)]));
console.log(new URLSearchParams(record).toString());
console.log(JSON.stringify([...new Headers(Object.assign(() => {}, { f: "1" }))]));"##,
    );
    assert_eq!(out, "[[\"shown\",\"2\"]]\nshown=2\n[[\"f\",\"1\"]]\n");
}

#[test]
fn text_decoder_and_encoder_convert_arguments_as_web_idl_does() {
    // A non-object options dictionary is a TypeError (Node ignores it); encodeInto's source
    // is a USVString, so a number is converted (Node throws).
    let out = run(
        "encoding-args",
        r##"try { new TextDecoder().decode(new Uint8Array([65]), 5); } catch (e) { console.log(e.name); }
console.log(JSON.stringify(new TextEncoder().encodeInto(42, new Uint8Array(4))));"##,
    );
    assert_eq!(out, "TypeError\n{\"read\":2,\"written\":2}\n");
}

#[test]
fn url_parse_and_opaque_bases() {
    // URL.parse is newer than Node 20; a relative reference that is not a fragment has no
    // meaning against a base with an opaque path.
    let out = run(
        "url-parse",
        r##"console.log(URL.parse("/a", "http://h/b").href, URL.parse("nope"), URL.parse("x", "about:blank"));
console.log(URL.parse("#f", "about:blank").href, URL.parse.length, URL.canParse.length);
console.log(new URL("sc:/path").host = "h:8", (() => { const u = new URL("sc:/path"); u.host = "h:8"; return u.href; })());"##,
    );
    assert_eq!(
        out,
        "http://h/a null null\nabout:blank#f 1 1\nh:8 sc://h:8/path\n"
    );
}
