//! The web platform globals inside the engine, through the real library and host.
mod support;

use serde_json::json;
use support::Site;

#[test]
fn every_web_global_works_in_a_handler() {
    let mut site = Site::new("web-globals");
    site.handler(
        "/web/*",
        "web",
        Some(include_str!("fixtures/web_globals.js")),
    );
    let host = site.serve(&[]);
    let response = host.request("GET", "/web/", b"");
    assert_eq!(response.status, 200, "{}", host.log());
    let r: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    // Timers: setTimeout, clearTimeout, setInterval/clearInterval, queueMicrotask.
    assert_eq!(r["waited"], "timer fired");
    assert_eq!(r["cleared"], "second timer");
    assert_eq!(r["ticks"], 3);
    assert_eq!(r["order"], json!(["sync", "microtask"]));
    assert_eq!(r["elapsedAtLeast30"], true);
    // TextEncoder / TextDecoder.
    assert_eq!(r["encoded"], json!("héllo €".as_bytes()));
    assert_eq!(r["decoded"], "héllo €");
    assert_eq!(r["split"], "€", "a sequence split across stream calls");
    assert_eq!(r["fatal"]["error"], "TypeError");
    // The Encoding standard's labels: latin1 is windows-1252; "replacement" labels refused.
    assert_eq!(r["latin1"], "café€");
    assert_eq!(r["replacement"]["error"], "RangeError");
    // URL / URLSearchParams.
    assert_eq!(
        r["url"],
        json!({
            "href": "http://example.test:8080/a/b?x=1&y=two&z=a+b#frag",
            "origin": "http://example.test:8080",
            "host": "example.test:8080",
            "pathname": "/a/b",
            "search": "?x=1&y=two&z=a+b",
            "hash": "#frag",
            "port": "8080",
        })
    );
    assert_eq!(r["badUrl"]["error"], "TypeError");
    assert_eq!(r["canParse"], json!([true, false]));
    assert_eq!(
        r["params"],
        json!({ "text": "a=1&b=2&a=3&c=x%26y", "all": ["1", "3"], "has": true, "size": 4 })
    );
    // crypto.
    assert_eq!(r["randomDiffers"], true);
    // A DOMException, as Web Crypto says (Node agrees).
    assert_eq!(r["randomTooLarge"]["error"], "QuotaExceededError");
    assert_eq!(r["uuid"], true);
    // ReadableStream, Request, Response, Headers.
    assert_eq!(r["fromStream"], "chunk1,chunk2");
    assert_eq!(r["collected"], json!(["p", "q"]));
    assert_eq!(
        r["request"],
        json!({ "method": "POST", "url": "http://h.test/x?y=1", "type": "application/json", "body": { "a": 1 } })
    );
    assert_eq!(r["getBody"]["error"], "TypeError");
    assert_eq!(
        r["json"],
        json!({ "status": 201, "type": "application/json", "body": "{\"ok\":true}" })
    );
    assert_eq!(r["badStatus"]["error"], "RangeError");
    assert_eq!(r["headers"], json!([["a", "1"], ["b", "2, 3"]]));
    assert_eq!(r["badHeader"]["error"], "TypeError");
}
