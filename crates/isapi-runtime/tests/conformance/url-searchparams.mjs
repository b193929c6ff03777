// URLSearchParams (WHATWG URL standard): application/x-www-form-urlencoded parsing and
// serializing, the constructor's three kinds of init and its TypeErrors, every method,
// sorting, iteration (also while changing), and the link with a URL's query.
const attempt = (what, f) => {
  try {
    console.log(what, f());
  } catch (error) {
    console.log(what, "throws", error.name, error instanceof TypeError);
  }
};
const pairs = (params) => JSON.stringify([...params]);

// Parsing strings.
const texts = [
  "", "?", "??a=1", "a=1&b=2", "a=1&&b=2&", "&&&", "=", "=x", "a", "a=", "a==b=c", "a=b=c", "+", "a+b=c+d",
  "%20%2B%2b", "%C3%A9%zz", "%", "%2", "%G0=%0G", "%e9", "%C3", "%F0%9F%98%80", "%ED%A0%80", "é=ü", "a=%00",
  "%EF%BB%BFa=1", "a=1;b=2", "a[]=1&a[]=2", "?a=1?b", "a=%2526", "\u0000=\u0001", "a=\ud800", "\udc00=b",
  "#a=1", "a\nb=c d\t", "%%32%30", "q=%3Cscript%3E", "emoji=😀&kanji=漢字",
];
for (const text of texts) {
  const params = new URLSearchParams(text);
  console.log("parse", JSON.stringify(text), pairs(params), params.size, params.toString());
}

// Serializing: what stays, what is percent-encoded, space as "+".
let all = "";
for (let code = 0; code < 0x80; code++) all += String.fromCharCode(code);
const serializer = new URLSearchParams();
serializer.append(all, all);
serializer.append("é😀\ud800", "\udc00 x");
console.log(serializer.toString());
console.log(pairs(new URLSearchParams(serializer.toString())) === pairs(serializer));

// The constructor's other inits.
// (Not null: Node 20 takes it as undefined; Web IDL makes it the string "null", tested in
// tests/standard.rs.)
const inits = {
  undefined: undefined, number: 12.5, boolean: false, object: { a: 1, b: "two", c: null, "é": undefined },
  array: [["a", "1"], ["b", 2], ["a", "3"]], map: new Map([["x", "1"], ["y", "2"]]), params: new URLSearchParams("k=v&k=w"),
  generator: (function* () { yield ["g", "1"]; yield new Set(["s", "t"]); })(), stringPairs: [["ab", "cd"]],
  function: Object.assign(() => {}, { f: "1" }), empty: [], arrayLike: { length: 1, 0: ["a", "b"] },
  nested: { toString: () => "ignored", a: { toString: () => "x=y" } }, withSymbolValue: { a: Symbol.iterator },
};
for (const [what, init] of Object.entries(inits)) attempt(what, () => pairs(new URLSearchParams(init)));
const record = {};
Object.defineProperty(record, "hidden", { value: "1", enumerable: false });
record.shown = "2";
record[Symbol("s")] = "3";
attempt("record with non-enumerable and symbol keys", () => pairs(new URLSearchParams(record)));
attempt("record with lone surrogate keys", () => pairs(new URLSearchParams({ "a\ud800": "1", "a\ufffd": "2", b: "3" })));
attempt("record through a proxy", () => pairs(new URLSearchParams(new Proxy({ p: "1", q: "2" }, {}))));
attempt("record getter order", () => {
  const seen = [];
  const target = { get a() { seen.push("a"); return 1; }, get b() { seen.push("b"); return 2; } };
  return pairs(new URLSearchParams(target)) + seen.join();
});
for (const [what, init] of Object.entries({
  short: [["a"]], long: [["a", "b", "c"]], emptyPair: [[]], notIterablePair: [1], stringPair: ["ab"],
  nullPair: [null], badIterator: { [Symbol.iterator]: 5 }, throwingIterator: { [Symbol.iterator]() { throw new RangeError("x"); } },
})) attempt(what, () => pairs(new URLSearchParams(init)));

// The methods.
const params = new URLSearchParams("a=1&b=2&a=3&c=4&a=1");
console.log(params.get("a"), params.get("z"), JSON.stringify(params.getAll("a")), JSON.stringify(params.getAll("z")));
console.log(params.has("a"), params.has("a", "3"), params.has("a", "9"), params.has("a", undefined), params.has("z"));
params.delete("a", "1");
console.log(params.toString(), params.size);
params.delete("a", undefined);
console.log(params.toString());
params.append("b", "5");
params.set("b", "6");
console.log(params.toString());
params.set("new", "7");
params.set(1, 2);
params.append(null, undefined);
console.log(params.toString(), params.size);
params.delete("nothing");
console.log(params.get(1), params.get("null"));
for (const [index, call] of [
  () => params.append("a"), () => params.set("a"), () => params.get(), () => params.getAll(), () => params.has(),
  () => params.delete(), () => params.append(Symbol(), "x"), () => params.forEach(5),
].entries()) attempt(`missing or bad arguments ${index}`, call);

// sort: stable, by UTF-16 code units.
const sorted = new URLSearchParams("z=1&a=2&é=3&😀=4&\ufffd=5&a=6&A=7&b=8&a=1&%F0%9F%98%80=9&_=10&=11");
sorted.sort();
console.log(pairs(sorted));

// Iteration: the pair iterators, live as the list changes, and forEach.
const live = new URLSearchParams("a=1&b=2&c=3&d=4");
const seen = [];
for (const [name, value] of live) {
  seen.push(name + value);
  if (name === "a") live.delete("b");
  if (name === "c") live.append("e", "5");
}
console.log(seen.join());
const order = [];
live.forEach(function (value, name, object) {
  order.push(`${name}=${value}:${object === live}:${this.tag}`);
  if (name === "a") live.delete("a");
}, { tag: "this" });
console.log(order.join());
const iterator = live.entries();
console.log(Object.prototype.toString.call(iterator), typeof iterator.next, iterator[Symbol.iterator]() === iterator);
console.log(JSON.stringify(iterator.next()), JSON.stringify([...live.keys()]), JSON.stringify([...live.values()]));
live.append("late", "1");
console.log(JSON.stringify([...iterator]));
console.log(JSON.stringify(iterator.next()));
console.log(URLSearchParams.prototype[Symbol.iterator] === URLSearchParams.prototype.entries);
attempt("next on another object", () => iterator.next.call({}));
attempt("entries on another object", () => URLSearchParams.prototype.entries.call({}));
attempt("size on another object", () => Object.getOwnPropertyDescriptor(URLSearchParams.prototype, "size").get.call({}));
console.log(Object.prototype.toString.call(live), String(live), JSON.stringify({ live }));
console.log(Object.getOwnPropertyNames(URLSearchParams.prototype).sort().join());

// A URL's searchParams: the same object each time, and kept in step both ways.
const url = new URL("https://example.com/path?x=1&y=%C3%A9#frag");
const linked = url.searchParams;
console.log(linked === url.searchParams, pairs(linked));
linked.append("z", "a b&c");
console.log(url.href, url.search);
linked.delete("x");
linked.sort();
console.log(url.href);
linked.delete("y");
linked.delete("z");
console.log(url.href, JSON.stringify(url.search), linked.size);
url.search = "?p=1&p=2";
console.log(pairs(linked), url.href);
url.search = "";
console.log(pairs(linked), url.href);
url.hash = "#h2";
url.href = "http://other/?q=%2B+";
console.log(pairs(linked), linked.get("q"));
url.searchParams.set("q", "~!*'()");
console.log(url.href);
const opaque = new URL("sc:space   ?q=1#f");
console.log(JSON.stringify(opaque.href), JSON.stringify(opaque.pathname));
opaque.searchParams.delete("q");
console.log(JSON.stringify(opaque.href), JSON.stringify(opaque.pathname));
const noQuery = new URL("http://h/p");
noQuery.searchParams.sort();
console.log(noQuery.href);
noQuery.searchParams.append("", "");
console.log(noQuery.href);
const strange = new URL("http://h/?a=b c&'&%zz");
console.log(strange.search, pairs(strange.searchParams), strange.searchParams.toString());
