// node:util format/formatWithOptions and inspect of errors.
import { format, formatWithOptions, inspect } from "node:util";
const f = (...args) => console.log(JSON.stringify(format(...args)));

f("%s", "str"); f("%s", 42); f("%s", -0); f("%s", 10n); f("%s", Symbol("x")); f("%s", null); f("%s", undefined);
f("%s", { a: { b: { c: 1 } } }); f("%s", [1, [2, [3]]]); f("%s", new Date(0)); f("%s", { toString() { return "custom"; } });
class WithToString { toString() { return "class toString"; } }
class Without { constructor() { this.x = 1; } }
f("%s", new WithToString()); f("%s", new Without()); f("%s", () => 1); f("%s", new Error("boom").message);
f("%d", 42); f("%d", "42"); f("%d", "abc"); f("%d", 10n); f("%d", Symbol()); f("%d", -0); f("%d", {}); f("%d", 1.5);
f("%i", 42.9); f("%i", "42.9px"); f("%i", 10n); f("%i", Symbol()); f("%f", "1.5e3"); f("%f", Symbol()); f("%f", "x");
f("%j", { a: 1, b: [2] }); f("%j", "s"); const c = {}; c.c = c; f("%j", c); f("%j", undefined);
f("%o", { a: [1, 2] }); f("%O", { a: [1, 2] }); f("%o", [1]); f("%O", "s");
f("%c styled", "color: red"); f("100%%"); f("%% %s", "x"); f("%%"); f("%s"); f("%s %s", "only one"); f("%x", 1); f("%", 1); f("a%", 1);
f("no placeholders", 1, "two", { three: 3 }, [4]); f(1, 2, "three"); f({ a: 1 }, "b"); f(); f(undefined); f("%s:%s", "a", "b", "extra", 5);
f("%s", "a", "b"); f("%d%%", 50); f("%s%", "x");
console.log(formatWithOptions({ colors: true }, "%O and %s", { a: 1 }, 2));
console.log(formatWithOptions({ depth: 0 }, { a: { b: 1 } }));
try { formatWithOptions(null, "x"); } catch (e) { console.log(e.name, e.code, e.message); }

// Errors, with stacks that are the same in both engines.
const plain = new Error("plain message");
plain.stack = "Error: plain message\n    at fn (file.js:1:1)\n    at other (file.js:2:2)";
console.log(inspect(plain));
const nostack = new TypeError("no stack"); Object.defineProperty(nostack, "stack", { value: undefined, configurable: true, writable: true });
console.log(inspect(nostack));
const withProps = new RangeError("props"); withProps.stack = "RangeError: props\n    at x (y.js:1:1)"; withProps.code = "E_X"; withProps.info = { n: 1 };
console.log(inspect(withProps));
const bare = new Error("bare"); delete bare.stack; Object.defineProperty(bare, "stack", { value: "", configurable: true });
console.log(inspect(bare));
class MyError extends Error {}
const mine = new MyError("mine"); mine.stack = "Error: mine\n    at z (a.js:1:1)";
console.log(inspect(mine));
class NamedError extends Error { constructor(m) { super(m); this.name = "NamedError"; } }
const named = new NamedError("n"); named.stack = "NamedError: n\n    at q (b.js:1:1)";
console.log(inspect(named));
const caused = new Error("outer", { cause: new Error("inner") }); caused.stack = "Error: outer\n    at o (c.js:1:1)"; caused.cause.stack = "Error: inner\n    at i (c.js:2:2)";
console.log(inspect(caused));
const nested = new Error("in object"); nested.stack = "Error: in object\n    at n (d.js:1:1)";
console.log(inspect({ err: nested, list: [nested] }));
const noStackObj = new Error("x"); noStackObj.stack = "Error: x";
console.log(inspect({ e: noStackObj }), inspect([new Error("")].map((e) => { e.stack = "Error"; return e; })));
const agg = new AggregateError([new Error("a")], "many"); agg.stack = "AggregateError: many\n    at g (h.js:1:1)"; agg.errors[0].stack = "Error: a\n    at a (h.js:2:2)";
console.log(inspect(agg));
const nameChanged = new Error("msg"); nameChanged.stack = "Error: msg\n    at s (t.js:1:1)"; nameChanged.name = "Renamed";
console.log(inspect(nameChanged));
console.log(format("%s", nostack), format("%s", noStackObj));
console.log(format("error: %O", nostack));
console.log(format(nostack, "after"));
