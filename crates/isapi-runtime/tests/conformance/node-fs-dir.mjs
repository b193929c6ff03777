// node:fs opendir/Dir (sync, callback, Promise, async iteration) and readdir's recursive
// listing, printed sorted (a folder's own order is the file system's).
import fs from "node:fs";
import * as fsp from "node:fs/promises";

const dir = "node-fs-dir.tmp";
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(`${dir}/sub/deeper`, { recursive: true });
for (const name of ["b.txt", "a.txt", "sub/c.txt", "sub/deeper/d.txt"]) fs.writeFileSync(`${dir}/${name}`, name);

const handle = fs.opendirSync(dir);
console.log("path", handle.path, handle.constructor.name);
const names = [];
for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
  names.push(`${entry.name}:${entry.isFile() ? "file" : entry.isDirectory() ? "dir" : "?"}:${entry.path === dir}`);
}
console.log("readSync", names.sort().join(","));
handle.closeSync();
try {
  handle.readSync();
} catch (e) {
  console.log("after close", e.name, e.code, e.message);
}

const iterated = [];
for await (const entry of await fsp.opendir(dir)) iterated.push(entry.name);
console.log("for await", iterated.sort().join(","));

await new Promise((done) =>
  fs.opendir(`${dir}/sub`, (error, opened) => {
    console.log("callback", error, opened.path);
    opened.read((error, entry) => {
      console.log("read callback", error, typeof entry.name);
      opened.close((error) => {
        console.log("close callback", error);
        done();
      });
    });
  }),
);
const opened = fs.opendirSync(`${dir}/sub/deeper`);
console.log("read promise", (await opened.read()).name, await opened.read());
await opened.close();

try {
  fs.opendirSync(`${dir}/nope`);
} catch (e) {
  console.log("missing", e.code, e.syscall, e.message);
}

console.log("recursive", JSON.stringify(fs.readdirSync(dir, { recursive: true }).sort()));
console.log(
  "recursive entries",
  JSON.stringify(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .map((d) => `${d.path}|${d.name}|${d.isDirectory()}`)
      .sort(),
  ),
);
fs.rmSync(dir, { recursive: true });
