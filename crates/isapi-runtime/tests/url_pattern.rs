//! URLPattern (the WHATWG URL Pattern standard), which Node 20 does not have: a script run
//! in `isapi-run` prints one line per case and each is checked against the standard's
//! answer (read from the standard and the web-platform-tests' URL pattern cases; the
//! cases here are our own). Named groups, wildcards, regexp groups, modifiers, base URLs,
//! canonicalization, ignoreCase, exec's result, and the TypeErrors.
mod support;

use support::stdout_of;

const CASES: &str = r##"
const show = (v) => JSON.stringify(v, (_, x) => (x === undefined ? "<undefined>" : x));
const GETTERS = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
const parts = (p) => GETTERS.map((name) => `${name}=${p[name]}`).join(" ");
function c(label, f) {
  let out;
  try {
    out = show(f());
  } catch (error) {
    out = `throws ${error.name}${error instanceof TypeError ? " (instanceof)" : ""}`;
  }
  console.log(`${label}: ${out}`);
}
// Construction and the component getters.
c("default", () => parts(new URLPattern()));
c("init pathname", () => parts(new URLPattern({ pathname: "/books/:id" })));
c("string absolute", () => parts(new URLPattern("https://example.com/books/:id")));
c("string with search and hash", () => parts(new URLPattern("https://example.com/a?x=1#top")));
c("string relative with base", () => parts(new URLPattern("/books/:id", "https://example.com/shop?q#h")));
c("init with baseURL", () => parts(new URLPattern({ pathname: "/a", baseURL: "https://example.com:8080/x?q#h" })));
c("init relative pathname", () => new URLPattern({ pathname: "b", baseURL: "https://x.test/a/" }).pathname);
c("protocol colon stripped", () => new URLPattern({ protocol: "https:" }).protocol);
c("search question mark stripped", () => new URLPattern({ search: "?a=1" }).search);
c("hash number sign stripped", () => new URLPattern({ hash: "#top" }).hash);
c("hostname lowercased", () => new URLPattern({ hostname: "EXAMPLE.com" }).hostname);
c("pathname percent-encoded", () => new URLPattern({ pathname: "/a b/café" }).pathname);
c("search percent-encoded", () => new URLPattern({ search: "q=a b" }).search);
c("default port dropped", () => new URLPattern("https://example.com:443/").port);
c("hasRegExpGroups none", () => new URLPattern({ pathname: "/:a/*" }).hasRegExpGroups);
c("hasRegExpGroups custom", () => new URLPattern({ pathname: "/:a(\\d+)" }).hasRegExpGroups);
c("hasRegExpGroups in hostname", () => new URLPattern({ hostname: "(www|api).example.com" }).hasRegExpGroups);
c("toStringTag", () => Object.prototype.toString.call(new URLPattern()));
c("constructor length", () => URLPattern.length);

// Named groups, wildcards, regexp groups.
const book = new URLPattern({ pathname: "/books/:id" });
c("named match", () => book.exec("https://example.com/books/123").pathname);
c("named no match deeper", () => book.test("https://example.com/books/123/x"));
c("named no match empty", () => book.test("https://example.com/books/"));
c("two names", () => new URLPattern({ pathname: "/users/:user/posts/:post" }).exec({ pathname: "/users/ann/posts/7" }).pathname.groups);
c("segment stops at slash", () => new URLPattern({ pathname: "/:a" }).test({ pathname: "/x/y" }));
c("name with suffix text", () => new URLPattern({ pathname: "/:file.json" }).exec({ pathname: "/data.json" }).pathname.groups);
c("wildcard", () => new URLPattern({ pathname: "/files/*" }).exec({ pathname: "/files/a/b/c" }).pathname.groups);
c("wildcard needs prefix", () => new URLPattern({ pathname: "/files/*" }).test({ pathname: "/files" }));
c("two wildcards numbered", () => new URLPattern({ pathname: "/*/x/*" }).exec({ pathname: "/a/x/b/c" }).pathname.groups);
c("regexp named", () => new URLPattern({ pathname: "/:id(\\d+)" }).exec({ pathname: "/42" }).pathname.groups);
c("regexp named rejects", () => new URLPattern({ pathname: "/:id(\\d+)" }).test({ pathname: "/abc" }));
c("regexp unnamed", () => new URLPattern({ pathname: "/(\\d+)/:slug" }).exec({ pathname: "/7/hello" }).pathname.groups);
c("regexp lookahead", () => {
  const p = new URLPattern({ pathname: "/((?!admin).*)" });
  return [p.test({ pathname: "/user" }), p.test({ pathname: "/admin" })];
});
c("regexp set operation (v flag)", () => {
  const p = new URLPattern({ pathname: "/([\\d&&[0-1]])" });
  return [p.test({ pathname: "/1" }), p.test({ pathname: "/3" })];
});
c("regexp alternation protocol", () => {
  const p = new URLPattern({ protocol: "(https?|wss)" });
  return ["http", "https", "wss", "ftp"].map((s) => p.test(`${s}://h/`));
});
c("escaped colon literal", () => {
  const p = new URLPattern({ pathname: "/\\:literal" });
  return [p.pathname, p.test({ pathname: "/:literal" }), p.test({ pathname: "/x" })];
});
c("escaped asterisk literal", () => new URLPattern({ pathname: "/a\\*" }).test({ pathname: "/a*" }));

// Modifiers.
const optional = new URLPattern({ pathname: "/books/:id?" });
c("optional absent", () => optional.exec({ pathname: "/books" }).pathname.groups);
c("optional present", () => optional.exec({ pathname: "/books/9" }).pathname.groups);
c("optional trailing slash", () => optional.test({ pathname: "/books/" }));
const star = new URLPattern({ pathname: "/a/:rest*" });
c("zero or more none", () => star.exec({ pathname: "/a" }).pathname.groups);
c("zero or more many", () => star.exec({ pathname: "/a/b/c" }).pathname.groups);
const plus = new URLPattern({ pathname: "/a/:rest+" });
c("one or more none", () => plus.test({ pathname: "/a" }));
c("one or more many", () => plus.exec({ pathname: "/a/b/c" }).pathname.groups);
c("regexp repeated", () => new URLPattern({ pathname: "/:n(\\d+)+" }).exec({ pathname: "/1/22/3" }).pathname.groups);
c("regexp optional", () => new URLPattern({ pathname: "/x/(\\d+)?" }).exec({ pathname: "/x" }).pathname.groups);
const braces = new URLPattern({ pathname: "/book{s}?" });
c("group optional", () => ["/book", "/books", "/bookss"].map((p) => braces.test({ pathname: p })));
const prefix = new URLPattern({ pathname: "{/old}?/new" });
c("group optional prefix", () => ["/new", "/old/new", "/older/new"].map((p) => prefix.test({ pathname: p })));
c("group repeated", () => new URLPattern({ pathname: "/{ab}+" }).test({ pathname: "/ababab" }));

// Other components.
const host = new URLPattern({ hostname: "*.example.com" });
c("hostname wildcard", () => [host.test("https://api.example.com/"), host.test("https://example.com/")]);
c("hostname named", () => new URLPattern({ hostname: ":sub.example.com" }).exec("https://api.example.com/").hostname.groups);
c("hostname IPv6", () => new URLPattern("http://[\\:\\:1]/").test("http://[::1]/"));
const port = new URLPattern({ port: "8080" });
c("port", () => [port.test("http://a:8080/"), port.test("http://a/"), port.test("http://a:80/")]);
c("port default normalized", () => new URLPattern({ protocol: "https", port: "" }).test("https://a:443/"));
c("protocol optional group", () => ["http", "https", "ftp"].map((s) => new URLPattern({ protocol: "http{s}?" }).test(`${s}://a/`)));
c("search named", () => new URLPattern({ search: "q=:term" }).exec("https://x/?q=cats").search.groups);
c("hash named", () => new URLPattern({ hash: "section-:n" }).exec("https://x/#section-4").hash.groups);
c("username and password", () => {
  const r = new URLPattern({ username: ":u", password: "*" }).exec("https://alice:secret@x/");
  return [r.username.groups, r.password.groups];
});
c("non-special scheme", () => new URLPattern({ protocol: "data", pathname: "text/plain,:body" }).exec("data:text/plain,hi").pathname.groups);
c("unicode pathname", () => new URLPattern({ pathname: "/café" }).test("https://x/caf%C3%A9"));
c("input not decoded", () => new URLPattern({ pathname: "/a/:x" }).exec("https://h/a/%20b").pathname.groups);

// ignoreCase.
c("case-sensitive by default", () => new URLPattern({ pathname: "/FOO" }).test({ pathname: "/foo" }));
c("ignoreCase", () => new URLPattern({ pathname: "/FOO" }, { ignoreCase: true }).test({ pathname: "/foo" }));
c("ignoreCase regexp", () => new URLPattern({ pathname: "/([a-z]+)" }, { ignoreCase: true }).test({ pathname: "/ABC" }));
c("ignoreCase with base", () => new URLPattern("/FOO", "https://x", { ignoreCase: true }).test("https://x/foo"));
c("ignoreCase false", () => new URLPattern("https://x/FOO", { ignoreCase: false }).test("https://x/foo"));

// exec's result and inputs.
c("exec result keys", () => Object.keys(book.exec("https://example.com/books/1")));
c("exec component", () => book.exec("https://example.com/books/1?x#y").search);
c("exec inputs string", () => book.exec("https://example.com/books/1").inputs);
c("exec inputs with base", () => book.exec("/books/1", "https://example.com").inputs);
c("exec inputs init", () => book.exec({ pathname: "/books/1", hostname: "h" }).inputs);
c("exec no match", () => book.exec("https://example.com/authors/1"));
c("exec bad URL is null", () => book.exec("not a url"));
c("test bad base is false", () => book.test("/books/1", "relative"));
c("exec init bad port is null", () => new URLPattern().exec({ port: "99999" }));
c("test no arguments", () => [new URLPattern().test(), new URLPattern({ pathname: "/a" }).test()]);
c("test URL object as init", () => book.test(new URL("https://example.com/books/5")));

// Errors.
c("relative without base", () => new URLPattern("/foo"));
c("init with separate base", () => new URLPattern({ pathname: "/a" }, "https://x"));
c("invalid base", () => new URLPattern("/a", "not a url"));
c("number second argument is a base", () => new URLPattern("https://a/*", 5).pathname);
c("duplicate names", () => new URLPattern({ pathname: "/:a/:a" }));
c("empty name", () => new URLPattern({ pathname: "/:" }));
c("unclosed group", () => new URLPattern({ pathname: "/(\\d+" }));
c("capturing group inside regexp", () => new URLPattern({ pathname: "/(a(b))" }));
c("regexp starting with ?", () => new URLPattern({ pathname: "/(?x)" }));
c("invalid regexp", () => new URLPattern({ pathname: "/([)" }));
c("unclosed brace", () => new URLPattern({ pathname: "/{a" }));
c("bad hostname", () => new URLPattern({ hostname: "a b" }));
c("exec init with base", () => book.exec({ pathname: "/a" }, "https://x"));
c("without new", () => URLPattern());
c("getter on other object", () => Object.getOwnPropertyDescriptor(URLPattern.prototype, "pathname").get.call({}));
c("exec on other object", () => URLPattern.prototype.exec.call({}, "https://a/"));
"##;

/// What the standard answers, one line per case of `CASES`.
const EXPECTED: &str = r##"
default: "protocol=* username=* password=* hostname=* port=* pathname=* search=* hash=*"
init pathname: "protocol=* username=* password=* hostname=* port=* pathname=/books/:id search=* hash=*"
string absolute: "protocol=https username=* password=* hostname=example.com port= pathname=/books/:id search=* hash=*"
string with search and hash: "protocol=https username=* password=* hostname=example.com port= pathname=/a search=x=1 hash=top"
string relative with base: "protocol=https username=* password=* hostname=example.com port= pathname=/books/:id search=* hash=*"
init with baseURL: "protocol=https username=* password=* hostname=example.com port=8080 pathname=/a search=* hash=*"
init relative pathname: "/a/b"
protocol colon stripped: "https"
search question mark stripped: "a=1"
hash number sign stripped: "top"
hostname lowercased: "example.com"
pathname percent-encoded: "/a%20b/caf%C3%A9"
search percent-encoded: "q=a%20b"
default port dropped: ""
hasRegExpGroups none: false
hasRegExpGroups custom: true
hasRegExpGroups in hostname: true
toStringTag: "[object URLPattern]"
constructor length: 0
named match: {"input":"/books/123","groups":{"id":"123"}}
named no match deeper: false
named no match empty: false
two names: {"user":"ann","post":"7"}
segment stops at slash: false
name with suffix text: {"file":"data"}
wildcard: {"0":"a/b/c"}
wildcard needs prefix: false
two wildcards numbered: {"0":"a","1":"b/c"}
regexp named: {"id":"42"}
regexp named rejects: false
regexp unnamed: {"0":"7","slug":"hello"}
regexp lookahead: [true,false]
regexp set operation (v flag): [true,false]
regexp alternation protocol: [true,true,true,false]
escaped colon literal: ["/\\:literal",true,false]
escaped asterisk literal: true
optional absent: {"id":"<undefined>"}
optional present: {"id":"9"}
optional trailing slash: false
zero or more none: {"rest":"<undefined>"}
zero or more many: {"rest":"b/c"}
one or more none: false
one or more many: {"rest":"b/c"}
regexp repeated: {"n":"1/22/3"}
regexp optional: {"0":"<undefined>"}
group optional: [true,true,false]
group optional prefix: [true,true,false]
group repeated: true
hostname wildcard: [true,false]
hostname named: {"sub":"api"}
hostname IPv6: true
port: [true,false,false]
port default normalized: true
protocol optional group: [true,true,false]
search named: {"term":"cats"}
hash named: {"n":"4"}
username and password: [{"u":"alice"},{"0":"secret"}]
non-special scheme: {"body":"hi"}
unicode pathname: true
input not decoded: {"x":"%20b"}
case-sensitive by default: false
ignoreCase: true
ignoreCase regexp: true
ignoreCase with base: true
ignoreCase false: false
exec result keys: ["inputs","protocol","username","password","hostname","port","pathname","search","hash"]
exec component: {"input":"x","groups":{"0":"x"}}
exec inputs string: ["https://example.com/books/1"]
exec inputs with base: ["/books/1","https://example.com"]
exec inputs init: [{"hostname":"h","pathname":"/books/1"}]
exec no match: null
exec bad URL is null: null
test bad base is false: false
exec init bad port is null: null
test no arguments: [true,false]
test URL object as init: true
relative without base: throws TypeError (instanceof)
init with separate base: throws TypeError (instanceof)
invalid base: throws TypeError (instanceof)
number second argument is a base: throws TypeError (instanceof)
duplicate names: throws TypeError (instanceof)
empty name: throws TypeError (instanceof)
unclosed group: throws TypeError (instanceof)
capturing group inside regexp: throws TypeError (instanceof)
regexp starting with ?: throws TypeError (instanceof)
invalid regexp: throws TypeError (instanceof)
unclosed brace: throws TypeError (instanceof)
bad hostname: throws TypeError (instanceof)
exec init with base: throws TypeError (instanceof)
without new: throws TypeError (instanceof)
getter on other object: throws TypeError (instanceof)
exec on other object: throws TypeError (instanceof)
"##;

#[test]
fn url_pattern_cases() {
    let out = stdout_of("url_pattern", CASES);
    let expected: Vec<&str> = EXPECTED.trim().lines().collect();
    let got: Vec<&str> = out.trim().lines().collect();
    for (want, have) in expected.iter().zip(&got) {
        assert_eq!(have, want);
    }
    assert_eq!(got.len(), expected.len(), "cases run: {out}");
}

#[test]
fn url_pattern_is_lazy() {
    // The global is an accessor until first touched; touching it loads the module.
    let out = stdout_of(
        "url_pattern_lazy",
        r#"
const before = Object.getOwnPropertyDescriptor(globalThis, "URLPattern");
console.log(typeof before.get, before.enumerable);
const p = new URLPattern({ pathname: "/:id" });
const after = Object.getOwnPropertyDescriptor(globalThis, "URLPattern");
console.log("value" in after, after.writable, after.enumerable, p.test({ pathname: "/1" }));
"#,
    );
    assert_eq!(out, "function false\ntrue true false true\n");
}
