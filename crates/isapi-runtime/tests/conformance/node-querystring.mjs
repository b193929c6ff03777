// node:querystring: parse and stringify with Node's rules (+, lenient decoding, arrays,
// separators, maxKeys, custom codecs), escape/unescape and their errors.
import qs, { parse, stringify, escape, unescape, unescapeBuffer, decode, encode } from "node:querystring";
const show = (o) => JSON.stringify(o) + " " + (Object.getPrototypeOf(o) === null);
const inputs = [
  "a=1&b=2", "a=1&a=2&a=3", "a", "a=", "=a", "=", "&&", "a=1&&b=2", "a+b=c+d", "a%20b=c%2Bd", "%E4%BD%A0=%E5%A5%BD",
  "bad=%zz&worse=%E4%BD", "k=%", "k=%4", "x=1=2=3", "__proto__=1&constructor=2", "a[]=1&a[]=2", "%ZZ+%41=%41%",
  "hasOwnProperty=x", "a=1;b=2", "\u00e9=\u00e8", "a=%C3", "+=+",
];
for (const input of inputs) console.log(JSON.stringify(input), show(parse(input)));
console.log(show(parse("a:1;b:2", ";", ":")), show(parse("a==1||b==2", "||", "==")), show(parse("a=1&b=2", null, null)));
console.log(show(parse("a=1&b=2&c=3", "&", "=", { maxKeys: 2 })), show(parse("a=1&b=2&c=3", "&", "=", { maxKeys: 0 })));
console.log(show(parse("a=x%41", "&", "=", { decodeURIComponent: (s) => s.toUpperCase() })));
console.log(show(parse("a=%", "&", "=", { decodeURIComponent: () => { throw new Error("no"); } })));
console.log(show(parse(5)), show(parse("")), show(parse(undefined)));
const objects = [
  { a: 1, b: "x y", c: [1, 2, 3], d: true, e: null, f: undefined, g: NaN, h: Infinity, i: 12n, j: {}, k: [] },
  { "a b": "c&d=e", "\u00e9": "\u4f60" }, { "!'()*-._~": "!'()*-._~" },
];
for (const o of objects) console.log(stringify(o));
console.log(stringify({ a: 1, b: 2 }, ";", ":"), stringify({ a: [1, 2] }, "&", "=", { encodeURIComponent: (s) => `<${s}>` }));
console.log(JSON.stringify([stringify("x"), stringify(null), stringify(5), stringify([1, 2])]));
console.log(escape("a b&c/d?é"), escape(5), escape({ toString: () => "o k" }), unescape("a%20b+c"), unescape("%zz%41+", true));
console.log(Array.from(unescapeBuffer("%41%zz+%", true)).join(), Array.from(unescapeBuffer("%e4%bd%a0")).join());
try { escape("\ud800"); } catch (e) { console.log(e.name, e.code, e.message); }
try { stringify({ a: "\udc00" }); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(decode === parse, encode === stringify, qs.parse === parse, Object.keys(qs).sort().join());
