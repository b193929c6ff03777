// Headers (Fetch standard): name and value validation, value normalization, the three
// kinds of init and their TypeErrors, get/has/set/delete/append, getSetCookie, sorted and
// combined iteration with set-cookie apart, iteration while changing, forEach.
const attempt = (what, f) => {
  try {
    console.log(what, f());
  } catch (error) {
    console.log(what, "throws", error.name, error instanceof TypeError);
  }
};
const list = (headers) => JSON.stringify([...headers]);

// Names: tokens only, case-insensitive.
for (const name of ["Content-Type", "X-A_b.c!#$%&'*+^`|~9", "", " x", "x ", "a b", "a:b", "a\tb", "é", "a/b", "(x)", "a\u0100", "{}", "@"]) {
  attempt(`name ${JSON.stringify(name)}`, () => {
    const headers = new Headers();
    headers.append(name, "v");
    return list(headers);
  });
}
// Values: HTTP whitespace trimmed at both ends; NUL, CR, LF refused inside; latin-1 kept.
for (const value of ["plain", "  padded \t", "\r\n\t x \n", "in side", "a\tb", "", "   ", "a\rb", "a\nb", "a\0b", "é ÿ", "\u0100", "\u000b x \u000c", "a\u007fb", "\u00a0nbsp\u00a0"]) {
  attempt(`value ${JSON.stringify(value)}`, () => {
    const headers = new Headers([["x", value]]);
    return JSON.stringify(headers.get("x"));
  });
}
for (const value of [1, null, undefined, true, { toString: () => "obj" }, ["a", "b"]]) {
  attempt(`value ${typeof value}`, () => new Headers({ x: value }).get("x"));
}

// Inits.
const inits = {
  undefined: undefined, record: { "B": "2", a: "1", "A": "3" }, sequence: [["b", "2"], ["a", "1"], ["A", "3"]],
  headers: new Headers({ x: "1", "set-cookie": "c=1" }), map: new Map([["m", "1"]]), empty: [], emptyRecord: {},
  generator: (function* () { yield ["g", "1"]; yield new Set(["s", "t"]); })(),
};
for (const [what, init] of Object.entries(inits)) attempt(what, () => list(new Headers(init)));
for (const [what, init] of Object.entries({
  null: null, string: "a: b", number: 5, true: true, symbol: Symbol("x"), short: [["a"]], long: [["a", "b", "c"]],
  notPair: ["ab"], nullPair: [null], numberPair: [5], badIterator: { [Symbol.iterator]: 1 },
  badName: { "a b": "c" }, badValue: [["a", "b\nc"]], wide: { a: "\u0100" }, symbolKey: { [Symbol("s")]: "x" },
})) attempt(what, () => list(new Headers(init)));
// (No record with non-enumerable own properties: Node 20 takes them too, Web IDL does not;
// tests/standard.rs has it.)

// The methods.
const headers = new Headers();
headers.append("Accept", "text/html");
headers.append("accept", "application/json");
headers.append("Set-Cookie", "a=1");
headers.append("X-Z", "z");
headers.append("set-cookie", "b=2, c=3");
headers.append("x-a", "");
console.log(headers.get("ACCEPT"), JSON.stringify(headers.get("x-a")), headers.get("missing"), headers.get("set-cookie"));
console.log(JSON.stringify(headers.getSetCookie()), headers.has("x-z"), headers.has("X-Y"));
console.log(list(headers));
headers.set("accept", "  */*  ");
headers.set("New", "n");
console.log(list(headers));
headers.delete("SET-COOKIE");
headers.delete("never-there");
console.log(list(headers), JSON.stringify(headers.getSetCookie()));
for (const [index, call] of [
  () => headers.get("a b"), () => headers.has(""), () => headers.delete("é"), () => headers.set("x", "a\0"),
  () => headers.append("x"), () => headers.set("x"), () => headers.get(), () => headers.has(), () => headers.delete(),
  () => headers.forEach(null), () => headers.append(Symbol(), "x"),
].entries()) attempt(`bad call ${index}`, call);

// Iteration: sorted by name, combined except set-cookie; live as the list changes.
const live = new Headers([["d", "4"], ["b", "2"], ["a", "1"], ["c", "3"], ["set-cookie", "x"], ["set-cookie", "y"], ["b", "22"]]);
const seen = [];
for (const [name, value] of live) {
  seen.push(`${name}=${value}`);
  if (name === "a") live.delete("b");
  if (name === "c") live.append("e", "5");
  if (name === "d") live.append("aa", "0");
}
console.log(seen.join(" "));
const order = [];
live.forEach(function (value, name, object) {
  order.push(`${name}=${value}:${object === live}:${this.t}`);
  if (name === "c") live.delete("d");
}, { t: "this" });
console.log(order.join(" "));
const iterator = live.keys();
console.log(Object.prototype.toString.call(iterator), JSON.stringify(iterator.next()));
live.append("0", "zero");
console.log(JSON.stringify([...iterator]), JSON.stringify([...live.values()]));
console.log(Headers.prototype[Symbol.iterator] === Headers.prototype.entries);
attempt("next on another object", () => iterator.next.call({}));
attempt("get on another object", () => Headers.prototype.get.call({}, "a"));
console.log(Object.prototype.toString.call(live), Object.getOwnPropertyNames(Headers.prototype).sort().join());
