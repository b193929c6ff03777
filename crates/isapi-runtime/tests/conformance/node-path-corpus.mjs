// node:path, posix and win32 flavours, over a corpus of paths made from awkward pieces
// (roots, drive letters, UNC starts, dots, doubled and mixed separators): every function's
// answer for each, printed as JSON (about 1,000 paths and 2,400 pairs of them).
import path from "node:path";
const pieces = ["", "/", "//", "\\", "\\\\", ".", "..", "a", "b.c", ".d", "e.", "..f", "C:", "c:", "C:\\", "\\\\srv\\sh", "//srv/sh/", "x/y", "x\\y/", "...", "a.b.c"];
const corpus = new Set();
for (const a of pieces) for (const b of pieces) corpus.add(a + b);
for (const a of pieces) for (const b of ["/", "\\", "./", "../"]) for (const c of pieces.slice(5, 12)) corpus.add(a + b + c);
const inputs = [...corpus];
// Answers that depend on the current folder (path.win32 resolves against process.cwd() on
// POSIX too) name it <cwd>: Node, isapi-run and a handler each run in a folder of their own.
const here = [path.win32.resolve("."), process.cwd()].map((folder) => JSON.stringify(folder).slice(1, -1));
const masked = (text) => here.reduce((out, folder) => out.split(folder).join("<cwd>"), text);
for (const flavour of ["posix", "win32"]) {
  const p = path[flavour];
  const out = [];
  for (const x of inputs) {
    out.push([x, p.normalize(x), p.isAbsolute(x), p.dirname(x), p.basename(x), p.basename(x, ".c"), p.basename(x, "a"), p.extname(x), p.parse(x), p.format(p.parse(x)), p.toNamespacedPath(x)]);
  }
  console.log(flavour, masked(JSON.stringify(out)));
  const pairs = [];
  for (let i = 0; i < inputs.length; i += 19) {
    for (let j = 3; j < inputs.length; j += 23) {
      const a = inputs[i];
      const b = inputs[j];
      const [from, to] = [p.resolve("/r", a), p.resolve("/r", b)];
      // Paths under different kinds of root (a drive, \\server\share, a bare \) are left
      // out: Node's win32 answers there are quirks of its algorithm (docs/node.md).
      // So are paths of which one begins the other in the middle of a name (\\a.b and \\a).
      const [short, long] = from.length < to.length ? [from, to] : [to, from];
      const midName = long.toLowerCase().startsWith(short.toLowerCase()) && !/[\\/]/.test(long[short.length] + short.slice(-1));
      const sameRoot = p.parse(from).root.toLowerCase() === p.parse(to).root.toLowerCase() && !(flavour === "win32" && midName);
      pairs.push([a, b, p.join(a, b), p.resolve("/base/dir", a, b), sameRoot ? p.relative(from, to) : null]);
    }
  }
  console.log(flavour, masked(JSON.stringify(pairs)));
}
