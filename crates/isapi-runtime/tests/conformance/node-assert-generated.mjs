// node:assert messages: 250 generated pairs (a fixed-seed generator and mutator) under every
// comparison, and a few hand-made diffs (collapsed runs, the column marker, longer and shorter sides).
import assert from "node:assert";
let seed = 4711;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const words = ["a", "bb", "key", "longer_key_name", "with space", "x-y", "_u", "quote'd", ""];
function gen(d) {
  const r = rnd();
  if (d > 3 || r < 0.35) return pick([0, -1, 3.14, -0, NaN, 123456789, "s", "it's", "multi\nline", "x".repeat(Math.floor(rnd() * 30)), true, null, undefined, 10n]);
  const n = Math.floor(rnd() * 12);
  if (r < 0.6) { const o = {}; for (let i = 0; i < n; i++) o[pick(words) + i] = gen(d + 1); return o; }
  if (r < 0.8) return Array.from({ length: n * (rnd() < 0.3 ? 6 : 1) }, () => gen(d + 1));
  if (r < 0.9) return new Map(Array.from({ length: n % 4 }, () => [gen(d + 2), gen(d + 1)]));
  return new Set(Array.from({ length: n % 5 }, () => gen(d + 1)));
}
function mutate(v, d) {
  if (rnd() < 0.3 || v === null || typeof v !== "object") return rnd() < 0.5 ? gen(d) : v;
  if (Array.isArray(v)) { const c = v.map((x) => mutate(x, d + 1)); if (rnd() < 0.3) c.push(gen(d + 1)); if (rnd() < 0.2) c.pop(); return c; }
  if (v instanceof Map || v instanceof Set) return v;
  const c = {}; for (const [k, x] of Object.entries(v)) if (rnd() > 0.1) c[k] = mutate(x, d + 1); if (rnd() < 0.2) c.extra = gen(d + 1); return c;
}
for (let i = 0; i < 250; i++) {
  const a = gen(0);
  const b = mutate(a, 0);
  const op = pick(["deepStrictEqual", "strictEqual", "deepEqual", "notDeepStrictEqual", "notStrictEqual", "notDeepEqual", "equal"]);
  try { assert[op](a, b); console.log(`#${i} ${op} pass`); } catch (e) { console.log(`#${i} ${op}`); console.log(e.message); }
}
const td = (a, b) => { try { assert.deepStrictEqual(a, b); } catch (e) { console.log(e.message); console.log("----"); } };
const big = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
td(big, { ...big, k5: 50 });
td([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 0, 7, 8, 9, 10]);
td({ a: [1, 2], b: "x" }, { a: [1, 3], b: "y" });
td("abcdefghijklmnop", "abcdefghijklmnoq");
td([1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8]);
