// Request (Fetch standard): its members and their defaults, RequestInit's validation,
// methods, bodies on GET/HEAD, and a Request made from a Request.
const show = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof TypeError);
  }
};
const url = "http://example.com/path?q=1#frag";
const plain = new Request(url);
const members = ["url", "method", "mode", "credentials", "cache", "redirect", "referrer", "referrerPolicy", "integrity", "keepalive", "duplex", "destination", "bodyUsed"];
for (const name of members) console.log("default", name, JSON.stringify(plain[name]));
console.log("body", plain.body, "headers", plain.headers instanceof Headers, [...plain.headers].length);
console.log("signal", typeof plain.signal, plain.signal.aborted, Object.prototype.toString.call(plain.signal), plain.signal === plain.signal);
console.log("URL object", new Request(new URL("http://example.com/a b")).url);
console.log("tag", Object.prototype.toString.call(plain), Request.length);

// Methods: some normalized, forbidden ones refused, any other token kept as given.
for (const method of ["get", "post", "Put", "delete", "options", "head", "patch", "Patch", "FOO", "connect", "TRACE", "track", "bad method", "", "a,b"]) {
  show(`method ${JSON.stringify(method)}`, () => new Request(url, { method }).method);
}

// RequestInit's enumerations and other members.
const inits = [
  ["mode", "same-origin"], ["mode", "no-cors"], ["mode", "cors"], ["mode", "navigate"], ["mode", "bogus"],
  ["credentials", "omit"], ["credentials", "include"], ["credentials", "x"],
  ["cache", "no-store"], ["cache", "reload"], ["cache", "only-if-cached"], ["cache", "x"],
  ["redirect", "manual"], ["redirect", "error"], ["redirect", "x"],
  ["referrerPolicy", "no-referrer"], ["referrerPolicy", "unsafe-url"], ["referrerPolicy", "x"],
  ["referrer", ""], ["referrer", "http://other.example/x"], ["referrer", "about:client"], ["referrer", "/relative"], ["referrer", "not a url"],
  ["integrity", "sha256-abc"], ["integrity", 5],
  ["keepalive", 1], ["keepalive", ""],
  ["duplex", "half"], ["duplex", "full"],
];
for (const [name, value] of inits) show(`${name} ${JSON.stringify(value)}`, () => new Request(url, { [name]: value })[name]);
show("only-if-cached same-origin", () => new Request(url, { cache: "only-if-cached", mode: "same-origin" }).cache);
show("no-cors PUT", () => new Request(url, { method: "PUT", mode: "no-cors" }).method);
show("no-cors POST", () => new Request(url, { method: "POST", mode: "no-cors" }).method);

// Bad URLs and init.
show("relative URL", () => new Request("/relative").url);
show("credentials in URL", () => new Request("http://user:pass@example.com/").url);
show("init not an object", () => new Request(url, 5).url);
show("init null", () => new Request(url, null).method);
show("no argument", () => new Request().url);
show("call without new", () => Request(url));
show("headers invalid", () => new Request(url, { headers: [["bad name", "x"]] }).url);

// Bodies.
show("GET with body", () => new Request(url, { body: "x" }).url);
show("HEAD with body", () => new Request(url, { method: "HEAD", body: "x" }).url);
show("GET with null body", () => new Request(url, { body: null }).body);
show("stream without duplex", () => new Request(url, { method: "POST", body: new ReadableStream() }).url);
show("stream with duplex", () => new Request(url, { method: "POST", body: new ReadableStream(), duplex: "half" }).body instanceof ReadableStream);
show("keepalive stream", () => new Request(url, { method: "POST", body: new ReadableStream(), duplex: "half", keepalive: true }).url);
const headed = new Request(url, { method: "POST", body: "x", headers: { "X-A": "1" } });
console.log("headers", JSON.stringify([...headed.headers]));

// A Request from a Request: its members copied, init overriding, the body moved.
const source = new Request(url, { method: "POST", body: "moved", headers: { "x-a": "1" }, mode: "same-origin", redirect: "manual", cache: "no-cache", credentials: "omit", integrity: "i", keepalive: true, referrer: "" });
const copy = new Request(source);
console.log("copied", copy.method, copy.mode, copy.redirect, copy.cache, copy.credentials, copy.integrity, copy.keepalive, JSON.stringify(copy.referrer), copy.headers.get("x-a"));
console.log("moved", source.bodyUsed, copy.bodyUsed, await copy.text());
show("from a used Request", () => new Request(source).url);
const replaced = new Request(source, { body: "new body", headers: { "x-b": "2" }, method: "PUT" });
console.log("replaced", replaced.method, replaced.headers.get("x-a"), replaced.headers.get("x-b"), await replaced.text());
show("GET from a Request with a body", () => new Request(new Request(url, { method: "POST", body: "x" }), { method: "GET", body: null }).method);
const headersKept = new Request(url, { headers: { "x-c": "3" } });
const derived = new Request(headersKept, { method: "POST" });
headersKept.headers.set("x-c", "changed");
console.log("headers copied", derived.headers.get("x-c"), derived.method);
const bodyless = new Request(url);
console.log("bodyless copy", new Request(bodyless).body, bodyless.bodyUsed);
show("clone of used", () => {
  const r = new Request(url, { method: "POST", body: "x" });
  r.text();
  return r.clone();
});
const cloneSource = new Request(url, { method: "POST", body: "c", headers: { "x-d": "4" }, redirect: "error" });
const cloned = cloneSource.clone();
cloneSource.headers.set("x-d", "5");
console.log("clone", cloned.method, cloned.redirect, cloned.url, cloned.headers.get("x-d"), await cloned.text(), await cloneSource.text());

// signal: an AbortSignal that follows init.signal (or the input Request's).
console.log("signal class", plain.signal instanceof AbortSignal, plain.signal.aborted);
const controller = new AbortController();
const withSignal = new Request(url, { signal: controller.signal });
const derivedSignal = new Request(withSignal);
const clonedSignal = withSignal.clone();
console.log("follows", withSignal.signal !== controller.signal, withSignal.signal.aborted, derivedSignal.signal.aborted, clonedSignal.signal.aborted);
const events = [];
withSignal.signal.addEventListener("abort", () => events.push("request"));
clonedSignal.signal.addEventListener("abort", () => events.push("clone"));
controller.abort(new Error("stop"));
console.log("aborted", withSignal.signal.aborted, derivedSignal.signal.aborted, clonedSignal.signal.aborted, withSignal.signal.reason.message, events.join(","));
console.log("already aborted", new Request(url, { signal: AbortSignal.abort("why") }).signal.reason);
const replacedSignal = new Request(withSignal, { signal: new AbortController().signal });
console.log("init signal wins", replacedSignal.signal.aborted);
show("signal not a signal", () => new Request(url, { signal: { aborted: false } }).url);
show("signal null", () => new Request(url, { signal: null }).signal.aborted);
