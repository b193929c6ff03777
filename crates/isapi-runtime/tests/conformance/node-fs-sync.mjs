// node:fs, the sync forms: files, folders, descriptors, Stats and Dirent, and the errors
// Node gives (code, errno, syscall, path, message), in a scratch folder of the current one.
import fs, { readFileSync, writeFileSync, statSync, constants } from "node:fs";
import fsDefault from "fs";

const dir = "node-fs-sync.tmp";
fs.rmSync(dir, { recursive: true, force: true });
console.log("same module", fs === fsDefault, typeof fs.promises.readFile, fs.readFileSync === readFileSync);

/** @param {() => unknown} f */
function attempt(label, f) {
  try {
    const value = f();
    console.log(label, "->", JSON.stringify(value));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.errno, e.syscall, e.path, e.dest, "|", e.message, "|", Object.keys(e).sort().join(","));
  }
}

// Folders.
console.log("mkdir", fs.mkdirSync(dir), fs.mkdirSync(`${dir}/a/b/c`, { recursive: true }), fs.mkdirSync(`${dir}/a/b`, { recursive: true }));
attempt("mkdir existing", () => fs.mkdirSync(`${dir}/a`));
attempt("mkdir no parent", () => fs.mkdirSync(`${dir}/x/y`));

// Files and encodings.
writeFileSync(`${dir}/t.txt`, "héllo wörld\n");
console.log("utf8", JSON.stringify(readFileSync(`${dir}/t.txt`, "utf8")));
console.log("utf-8 option", JSON.stringify(readFileSync(`${dir}/t.txt`, { encoding: "utf-8" })));
const bytes = readFileSync(`${dir}/t.txt`);
console.log("buffer", bytes.length, bytes instanceof Uint8Array, bytes[1], bytes[2]);
console.log("hex", readFileSync(`${dir}/t.txt`, "hex"));
console.log("base64", readFileSync(`${dir}/t.txt`, "base64"));
fs.appendFileSync(`${dir}/t.txt`, "more");
fs.appendFileSync(`${dir}/t.txt`, new Uint8Array([33, 10]));
console.log("appended", JSON.stringify(readFileSync(`${dir}/t.txt`, "utf8")));
writeFileSync(`${dir}/h.bin`, "00ff7f", "hex");
console.log("hex write", Array.from(readFileSync(`${dir}/h.bin`)).join(","));
writeFileSync(`${dir}/h.bin`, new Uint16Array([0x4142, 0x4344]));
console.log("typed array write", readFileSync(`${dir}/h.bin`, "utf8"));
writeFileSync(`${dir}/flags.txt`, "one");
attempt("wx on existing", () => writeFileSync(`${dir}/flags.txt`, "two", { flag: "wx" }));
writeFileSync(`${dir}/flags.txt`, "two", { flag: "a" });
console.log("flag a", readFileSync(`${dir}/flags.txt`, "utf8"));
console.log("read with a+", readFileSync(`${dir}/new-by-read.txt`, { encoding: "utf8", flag: "a+" }) === "", fs.existsSync(`${dir}/new-by-read.txt`));
writeFileSync(`${dir}/empty.txt`, "");
console.log("empty", JSON.stringify(readFileSync(`${dir}/empty.txt`, "utf8")), readFileSync(`${dir}/empty.txt`).length);

// Stats.
const st = statSync(`${dir}/t.txt`);
console.log("stat", st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.size, typeof st.mtimeMs, st.mtime instanceof Date, st instanceof fs.Stats);
console.log("stat keys", Object.keys(st).join(","));
console.log("stat dir", statSync(dir).isDirectory(), statSync(dir).isFile(), (statSync(dir).mode & constants.S_IFMT) === constants.S_IFDIR);
console.log("mtime matches", Math.abs(st.mtime.getTime() - st.mtimeMs) < 1);
console.log("throwIfNoEntry", statSync(`${dir}/nope`, { throwIfNoEntry: false }));
console.log("lstat", fs.lstatSync(`${dir}/t.txt`).isFile());
console.log("bigint", typeof statSync(`${dir}/t.txt`, { bigint: true }).size);

// readdir.
console.log("readdir", JSON.stringify(fs.readdirSync(dir)));
console.log(
  "withFileTypes",
  JSON.stringify(fs.readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d.isFile(), d.isDirectory(), d.path === dir, d instanceof fs.Dirent])),
);
console.log("recursive", JSON.stringify(fs.readdirSync(`${dir}/a`, { recursive: true })));
attempt("readdir a file", () => fs.readdirSync(`${dir}/t.txt`));
attempt("readdir missing", () => fs.readdirSync(`${dir}/nope`));

// Copy, rename, remove.
fs.copyFileSync(`${dir}/t.txt`, `${dir}/copy.txt`);
console.log("copied", readFileSync(`${dir}/copy.txt`, "utf8") === readFileSync(`${dir}/t.txt`, "utf8"));
attempt("copy excl", () => fs.copyFileSync(`${dir}/t.txt`, `${dir}/copy.txt`, constants.COPYFILE_EXCL));
attempt("copy missing", () => fs.copyFileSync(`${dir}/nope`, `${dir}/x`));
fs.renameSync(`${dir}/copy.txt`, `${dir}/moved.txt`);
console.log("renamed", fs.existsSync(`${dir}/copy.txt`), fs.existsSync(`${dir}/moved.txt`));
attempt("rename missing", () => fs.renameSync(`${dir}/nope`, `${dir}/x`));
attempt("unlink folder", () => fs.unlinkSync(`${dir}/a`));
attempt("unlink missing", () => fs.unlinkSync(`${dir}/nope`));
attempt("rmdir not empty", () => fs.rmdirSync(`${dir}/a`));
attempt("rm folder", () => fs.rmSync(`${dir}/a`));
attempt("rm missing", () => fs.rmSync(`${dir}/nope`));
attempt("rm missing force", () => fs.rmSync(`${dir}/nope`, { force: true }));
attempt("read a folder", () => readFileSync(dir));
attempt("write a folder", () => writeFileSync(dir, "x"));
attempt("read missing", () => readFileSync(`${dir}/nope.txt`));
attempt("write under a file", () => writeFileSync(`${dir}/t.txt/x`, "x"));
attempt("mkdir -p under a file", () => fs.mkdirSync(`${dir}/t.txt/x`, { recursive: true }));
attempt("mkdir -p a file", () => fs.mkdirSync(`${dir}/t.txt`, { recursive: true }));
fs.rmSync(`${dir}/a`, { recursive: true });
fs.unlinkSync(`${dir}/moved.txt`);
console.log("removed", fs.existsSync(`${dir}/a`), fs.existsSync(`${dir}/moved.txt`));

// access and exists.
attempt("access", () => fs.accessSync(`${dir}/t.txt`, constants.R_OK | constants.W_OK));
attempt("access missing", () => fs.accessSync(`${dir}/nope`));
console.log("exists", fs.existsSync(`${dir}/t.txt`), fs.existsSync(`${dir}/nope`), fs.existsSync(), fs.existsSync(42), fs.existsSync("a\0b"));

// realpath, truncate, utimes.
console.log("realpath", fs.realpathSync(`${dir}/./a/../t.txt`).endsWith(`/${dir}/t.txt`));
try {
  fs.realpathSync(`${dir}/nope`);
} catch (e) {
  // Node names the absolute path: shown from the current folder, so every run agrees.
  const here = fs.realpathSync(".");
  console.log("realpath missing", e.code, e.syscall, e.path.replace(here, "<cwd>"), e.message.replace(here, "<cwd>"));
}
fs.truncateSync(`${dir}/t.txt`, 5);
console.log("truncated", JSON.stringify(readFileSync(`${dir}/t.txt`, "utf8")));
fs.utimesSync(`${dir}/t.txt`, 1000, new Date(2000000));
console.log("utimes", statSync(`${dir}/t.txt`).mtimeMs, statSync(`${dir}/t.txt`).atime.toISOString());

// Descriptors.
const fd = fs.openSync(`${dir}/fd.txt`, "w+");
console.log("fd", typeof fd, fd > 2);
console.log("writeSync", fs.writeSync(fd, "abcdef"), fs.writeSync(fd, new Uint8Array([49, 50, 51]), 1, 2), fs.writeSync(fd, "Z", 0));
const into = new Uint8Array(8);
console.log("readSync at 0", fs.readSync(fd, into, 0, 8, 0), Array.from(into).join(","));
console.log("readSync options", fs.readSync(fd, into, { offset: 2, length: 3, position: 1 }), Array.from(into).join(","));
console.log("fstat", fs.fstatSync(fd).size, fs.fstatSync(fd).isFile());
fs.ftruncateSync(fd, 3);
console.log("readFile fd", readFileSync(fd, "utf8"), readFileSync(`${dir}/fd.txt`, "utf8"));
fs.closeSync(fd);
attempt("closed fd", () => fs.fstatSync(fd));
attempt("close twice", () => fs.closeSync(fd));
attempt("open missing", () => fs.openSync(`${dir}/nope`, "r"));
attempt("open wx existing", () => fs.openSync(`${dir}/fd.txt`, "wx"));
const ro = fs.openSync(`${dir}/fd.txt`);
attempt("write to a read-only fd", () => fs.writeSync(ro, "x"));
fs.closeSync(ro);
const ap = fs.openSync(`${dir}/fd.txt`, "a");
fs.writeSync(ap, "END");
fs.closeSync(ap);
console.log("append fd", readFileSync(`${dir}/fd.txt`, "utf8"));

// mkdtemp.
const temp = fs.mkdtempSync(`${dir}/tmp-`);
console.log("mkdtemp", temp.startsWith(`${dir}/tmp-`), temp.length - `${dir}/tmp-`.length, statSync(temp).isDirectory());

fs.rmSync(dir, { recursive: true });
console.log("cleaned", fs.existsSync(dir));
