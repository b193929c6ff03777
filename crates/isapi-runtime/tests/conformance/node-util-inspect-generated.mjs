// node:util inspect: 300 generated values (a fixed-seed generator: nested objects, arrays, maps,
// sets, number and word arrays; odd keys and strings) under several options, printed in both.
import { inspect } from "node:util";
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const words = ["a", "bb", "key", "longer_key_name", "with space", "x-y", "_u", "Ünï", "quote'd", ""];
function gen(d) {
  const r = rnd();
  if (d > 4 || r < 0.35) {
    return pick([0, -1, 3.14, 1e21, -0, NaN, 123456789, "s", "it's", "multi\nline", "x".repeat(Math.floor(rnd() * 40)), true, null, undefined, 10n, Symbol("z")]);
  }
  const n = Math.floor(rnd() * 9);
  if (r < 0.55) { const o = {}; for (let i = 0; i < n; i++) o[pick(words) + (i % 3 ? i : "")] = gen(d + 1); return o; }
  if (r < 0.75) return Array.from({ length: n * (rnd() < 0.2 ? 4 : 1) }, () => gen(d + 1));
  if (r < 0.82) return new Map(Array.from({ length: n % 4 }, () => [gen(d + 2), gen(d + 1)]));
  if (r < 0.88) return new Set(Array.from({ length: n % 5 }, () => gen(d + 1)));
  if (r < 0.93) return Array.from({ length: 5 + n * 3 }, (_, i) => (rnd() < 0.5 ? i * 7 : -i * 1000));
  return Array.from({ length: 6 + n }, () => pick(words));
}
for (let i = 0; i < 300; i++) {
  const v = gen(0);
  const opts = pick([undefined, { depth: 1 }, { compact: false }, { breakLength: 40 }, { compact: 1 }, { sorted: true }, { depth: Infinity, breakLength: 120 }]);
  console.log(`#${i}`);
  console.log(inspect(v, opts));
}
