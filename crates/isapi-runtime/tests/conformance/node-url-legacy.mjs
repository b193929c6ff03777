// node:url's legacy API: url.parse over a corpus of URLs (every field of the Url it
// returns), with parsed queries and slashesDenoteHost, url.format of those and of objects,
// and url.resolve.
import url, { parse, format, resolve, Url } from "node:url";
const fields = ["protocol", "slashes", "auth", "host", "port", "hostname", "hash", "search", "query", "pathname", "path", "href"];
const inputs = [
  "http://user:pass@Example.COM:8080/p/a/t/h?query=string#hash", "https://example.com", "http://example.com/",
  "//example.com/x", "/just/a/path?x=1&y=2", "relative/path?q", "?only=query", "#only-hash", "mailto:someone@example.com",
  "javascript:alert(1)", "file:///etc/passwd", "file://host/share/f", "http://[::1]:3000/ipv6?x", "http://a.b.c.d/",
  "HTTP://X.Y/Z", "http://ex ample.com/", "http://exa_mple.com/a b", "http://example.com/a\\b\\c?d\\e", "  http://trim.me/  ",
  "http://example.com:/nop", "http://@example.com/", "http://user@example.com", "http://a@b@c/", "http://x.com/p?q#h?x#y",
  "ftp://ftp.example.com/pub/file.txt", "git+ssh://git@github.com:user/repo.git", "redis://:secret@localhost:6379/0",
  "http://example.com/%7Efoo", "http://example.com/\u00e9t\u00e9", "http://b\u00fccher.example/", "x:y", "http:/one-slash",
  "http://example.com?query", "http://example.com#frag", "/path#hash", "///triple", "http://a.com/p'q\"r<s>t`u{v}w|x^y",
];
for (const input of inputs) {
  for (const [pq, sdh] of [[false, false], [true, false], [false, true]]) {
    const u = parse(input, pq, sdh);
    console.log(JSON.stringify(input), pq, sdh, JSON.stringify(fields.map((f) => u[f])), u instanceof Url, format(u));
  }
}
console.log(format({ protocol: "https", hostname: "example.com", pathname: "/some/path", query: { page: 1, format: "json" } }));
console.log(format({ protocol: "http:", host: "h:1", pathname: "p", search: "a=1", hash: "x" }), format({ hostname: "::1", port: 80 }));
console.log(format({ protocol: "mailto", pathname: "a@b" }), format({}), format("HTTP://A.com/x?y#z"), format({ auth: "u:p w", host: "h" }));
const pairs = [
  ["/one/two/three", "four"], ["http://example.com/", "/one"], ["http://example.com/one", "/two"], ["http://example.com/a/b", "../c"],
  ["http://example.com/a/b", "?q"], ["http://example.com/a/b?x", "#h"], ["http://a.com/b", "http://other.com/c"], ["http://a.com/b", "//c.com/d"],
  ["one/two", "three"], ["/a/b/", "./c"], ["/a/b", "../../../c"],
];
for (const [from, to] of pairs) console.log(from, to, resolve(from, to));
for (const bad of [5, null, {}]) {
  try { parse(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
try { format(5); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(typeof url.Url, typeof url.resolveObject, url.parse === parse);
