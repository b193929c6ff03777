// node:path: the module's shape (path is the host's flavour), the subpath modules,
// resolve against the cwd, format's rules, and argument errors with Node's codes.
import path, { join, posix as namedPosix, sep } from "node:path";
import posix from "node:path/posix";
import win32 from "node:path/win32";
import { createRequire } from "node:module";
const require = createRequire("file:///x/y.js");
console.log(path === (process.platform === "win32" ? path.win32 : path.posix), posix === path.posix, win32 === path.win32);
console.log(namedPosix === posix, sep === path.sep, join === path.join, require("path") === path, require("path/posix") === posix);
console.log(posix.win32 === win32, win32.posix === posix, posix.sep, posix.delimiter, win32.sep, win32.delimiter);
console.log(path.resolve() === process.cwd(), path.resolve("x") === path.join(process.cwd(), "x"), posix.resolve("") === process.cwd());
console.log(posix.relative("", ""), posix.relative(process.cwd(), "."), posix.join(), win32.join(), posix.resolve("/", ".."));
console.log(win32.resolve("c:/a", "b"), win32.resolve("c:/ignore", "d:\\a/b\\c/d", "\\e.exe"), win32.resolve("\\\\srv\\share\\x", "..\\..\\y"));
console.log(win32.relative("C:\\orandea\\test\\aaa", "C:\\orandea\\impl\\bbb"), win32.relative("c:/AaAa/bbbb", "C:/aaaa/BBBB"), win32.relative("C:\\a", "D:\\b"));
console.log(win32.toNamespacedPath("C:\\x\\y"), win32.toNamespacedPath("\\\\srv\\share\\f"), win32.toNamespacedPath("\\\\?\\C:\\x"), win32.toNamespacedPath(""));
for (const f of [posix, win32]) {
  console.log(f.format({ root: "/", dir: "/home", base: "f.txt" }), f.format({ root: "/", name: "f", ext: "txt" }), f.format({ name: "n", ext: ".e" }), f.format({ dir: "d", base: "b", name: "ignored" }), f.format({}));
}
const calls = [
  () => posix.join("a", 1), () => posix.resolve(null), () => posix.normalize({}), () => posix.basename("a", 5),
  () => win32.dirname(undefined), () => posix.format(null), () => win32.format("x"), () => posix.relative(1, "a"),
  () => posix.extname(Symbol("s")), () => win32.isAbsolute(true), () => posix.parse(), () => win32.relative("a", {}),
];
for (const call of calls) {
  try { console.log(call()); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(posix.toNamespacedPath(5), win32.toNamespacedPath(5));
