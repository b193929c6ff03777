// node:fs: arguments Node refuses before touching a file (ERR_INVALID_ARG_TYPE,
// ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE), paths as Buffers and file: URLs, fs.constants.
import fs from "node:fs";
import * as fsp from "node:fs/promises";

const dir = "node-fs-arguments.tmp";
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
fs.writeFileSync(`${dir}/a.txt`, "a");

function attempt(label, f) {
  try {
    const value = f();
    console.log(label, "->", typeof value === "string" ? value : typeof value);
  } catch (e) {
    console.log(label, "threw", e.name, e.code, "|", e.message);
  }
}

attempt("path number", () => fs.readFileSync(1.5));
attempt("path object", () => fs.statSync({}));
attempt("path null", () => fs.statSync(null));
attempt("path undefined", () => fs.existsSync(undefined));
attempt("nul byte", () => fs.writeFileSync("a\0b", "x"));
attempt("nul byte in mkdir", () => fs.mkdirSync(`${dir}/\0`));
attempt("bad flag", () => fs.readFileSync(`${dir}/a.txt`, { flag: "bogus" }));
attempt("bad encoding", () => fs.readFileSync(`${dir}/a.txt`, "bogus"));
attempt("bad encoding object", () => fs.readFileSync(`${dir}/a.txt`, { encoding: "nope" }));
attempt("options number", () => fs.readFileSync(`${dir}/a.txt`, 5));
attempt("fd string", () => fs.fstatSync("3"));
attempt("fd fraction", () => fs.closeSync(1.5));
attempt("fd negative", () => fs.closeSync(-1));
attempt("no callback", () => fs.readFile(`${dir}/a.txt`));
attempt("callback not a function", () => fs.stat(`${dir}/a.txt`, "nope"));
attempt("data number", () => fs.writeFileSync(`${dir}/b.txt`, 5));
attempt("data object", () => fs.writeFileSync(`${dir}/b.txt`, {}));
attempt("mkdir recursive not boolean", () => fs.mkdirSync(`${dir}/c`, { recursive: "yes" }));
attempt("rm force not boolean", () => fs.rmSync(`${dir}/c`, { force: 1 }));
attempt("mode not octal", () => fs.mkdirSync(`${dir}/d`, "9x"));
attempt("read into a string", () => fs.readSync(0, "nope"));
const fd = fs.openSync(`${dir}/a.txt`);
attempt("read offset too big", () => fs.readSync(fd, new Uint8Array(4), 5, 1, 0));
attempt("read length too big", () => fs.readSync(fd, new Uint8Array(4), 1, 4, 0));
attempt("read position string", () => fs.readSync(fd, new Uint8Array(4), 0, 1, "0"));
fs.closeSync(fd);

// Paths as Buffers and file: URLs.
console.log("buffer path", fs.readFileSync(new TextEncoder().encode(`${dir}/a.txt`), "utf8"));
const url = new URL(`${dir}/a.txt`, `file://${fs.realpathSync(".")}/`);
console.log("url path", fs.readFileSync(url, "utf8"), fs.existsSync(url));
attempt("http url", () => fs.readFileSync(new URL("http://example.com/a")));
attempt("url with host", () => fs.readFileSync(new URL("file://host/a")));
attempt("url encoded slash", () => fs.readFileSync(new URL("file:///a%2fb")));
attempt("readdir buffer names", () => fs.readdirSync(dir, { encoding: "buffer" }).map((b) => b.length).join(","));

// A bad argument to a Promise form rejects (it does not throw).
const rejected = fsp.readFile(5);
console.log("promise form returns", rejected instanceof Promise);
await rejected.then(
  () => console.log("resolved"),
  (e) => console.log("rejected", e.code),
).catch(() => {});

// fs.constants: what a package reads from it.
const c = fs.constants;
console.log("constants", c.F_OK, c.R_OK, c.W_OK, c.X_OK, c.COPYFILE_EXCL, c.O_RDONLY, c.O_WRONLY, c.O_RDWR, c.O_CREAT, c.O_EXCL, c.O_TRUNC, c.O_APPEND, c.S_IFMT, c.S_IFREG, c.S_IFDIR, c.S_IFLNK);
console.log("constants frozen", Object.isFrozen(c), fs.F_OK, fs.R_OK, fs.W_OK, fs.X_OK);

fs.rmSync(dir, { recursive: true });
