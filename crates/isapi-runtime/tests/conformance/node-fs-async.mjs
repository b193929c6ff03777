// node:fs, the callback and Promise forms (node:fs/promises, FileHandle): results, errors,
// and that callbacks run after the code that started them.
import fs from "node:fs";
import * as fsp from "node:fs/promises";
import fspDefault from "fs/promises";

const dir = "node-fs-async.tmp";
fs.rmSync(dir, { recursive: true, force: true });
console.log("modules", fs.promises.readFile === fsp.readFile, fspDefault.readFile === fsp.readFile, typeof fsp.constants.O_RDONLY);

/** @param {Error & Record<string, unknown>} e */
const described = (e) => [e.name, e.code, e.errno, e.syscall, e.path, e.dest, e.message].join(" | ");

// Callbacks run later, in the order their calls finish; each with (error, value).
const order = [];
await new Promise((done) => {
  fs.mkdir(dir, (error) => {
    order.push(`mkdir ${error}`);
    fs.writeFile(`${dir}/a.txt`, "alpha", (error) => {
      order.push(`writeFile ${error}`);
      fs.readFile(`${dir}/a.txt`, "utf8", (error, text) => {
        order.push(`readFile ${error} ${text}`);
        fs.readFile(`${dir}/missing`, (error, data) => {
          order.push(`missing ${described(error)} ${data}`);
          done();
        });
      });
    });
  });
  order.push("sync code first");
});
console.log(order.join("\n"));

await new Promise((done) =>
  fs.stat(`${dir}/a.txt`, (error, st) => {
    console.log("stat cb", error, st.isFile(), st.size);
    fs.readdir(dir, { withFileTypes: true }, (error, entries) => {
      console.log("readdir cb", error, entries.map((d) => `${d.name}:${d.isFile()}`).join(","));
      fs.appendFile(`${dir}/a.txt`, "+beta", () =>
        fs.copyFile(`${dir}/a.txt`, `${dir}/b.txt`, (error) => {
          console.log("copy cb", error);
          fs.rename(`${dir}/b.txt`, `${dir}/c.txt`, (error) => {
            console.log("rename cb", error, fs.existsSync(`${dir}/c.txt`));
            fs.unlink(`${dir}/c.txt`, (error) => {
              console.log("unlink cb", error);
              fs.exists(`${dir}/c.txt`, (exists) => {
                console.log("exists cb", exists);
                done();
              });
            });
          });
        }),
      );
    });
  }),
);

// Descriptors through callbacks.
await new Promise((done) =>
  fs.open(`${dir}/fd.txt`, "w+", (error, fd) => {
    console.log("open cb", error, typeof fd);
    fs.write(fd, "hello world", (error, written, data) => {
      console.log("write cb", error, written, data);
      const buffer = new Uint8Array(5);
      fs.read(fd, buffer, 0, 5, 6, (error, bytesRead, same) => {
        console.log("read cb", error, bytesRead, new TextDecoder().decode(buffer), same === buffer);
        fs.fstat(fd, (error, st) => {
          console.log("fstat cb", error, st.size);
          fs.close(fd, (error) => {
            console.log("close cb", error);
            fs.close(fd, (error) => {
              console.log("close again", described(error));
              done();
            });
          });
        });
      });
    });
  }),
);

// Promises.
console.log("promise readFile", await fsp.readFile(`${dir}/a.txt`, "utf8"));
console.log("promise buffer", (await fsp.readFile(`${dir}/a.txt`)).length);
await fsp.writeFile(`${dir}/p.txt`, "one");
await fsp.appendFile(`${dir}/p.txt`, "two");
console.log("promise write", await fsp.readFile(`${dir}/p.txt`, { encoding: "utf8" }));
console.log("promise mkdir", await fsp.mkdir(`${dir}/x/y`, { recursive: true }));
console.log("promise readdir", JSON.stringify(await fsp.readdir(dir)));
console.log("promise stat", (await fsp.stat(`${dir}/p.txt`)).size, (await fsp.lstat(dir)).isDirectory());
console.log("promise access", await fsp.access(`${dir}/p.txt`));
await fsp.copyFile(`${dir}/p.txt`, `${dir}/q.txt`);
await fsp.rename(`${dir}/q.txt`, `${dir}/r.txt`);
console.log("promise realpath", (await fsp.realpath(`${dir}/r.txt`)).endsWith("/r.txt"));
await fsp.unlink(`${dir}/r.txt`);
for (const [label, promise] of [
  ["readFile missing", () => fsp.readFile(`${dir}/nope`)],
  ["mkdir existing", () => fsp.mkdir(`${dir}/x`)],
  ["rmdir not empty", () => fsp.rmdir(`${dir}/x`)],
  ["rm folder", () => fsp.rm(`${dir}/x`)],
  ["unlink missing", () => fsp.unlink(`${dir}/nope`)],
  ["rename missing", () => fsp.rename(`${dir}/nope`, `${dir}/b`)],
  ["access missing", () => fsp.access(`${dir}/nope`)],
  ["stat missing", () => fsp.stat(`${dir}/nope`)],
  ["open missing", () => fsp.open(`${dir}/nope`)],
]) {
  try {
    await promise();
    console.log(label, "resolved");
  } catch (e) {
    console.log(label, "rejected", described(e));
  }
}
await fsp.rm(`${dir}/x`, { recursive: true });

// FileHandle.
const handle = await fsp.open(`${dir}/h.txt`, "w+");
console.log("handle", handle.constructor.name, "FileHandle" in fsp, typeof handle.fd);
const wrote = await handle.write("0123456789");
console.log("handle write", wrote.bytesWritten, wrote.buffer);
const read = await handle.read(new Uint8Array(4), 0, 4, 3);
console.log("handle read", read.bytesRead, Array.from(read.buffer).join(","), Object.getPrototypeOf(read));
console.log("handle stat", (await handle.stat()).size);
await handle.truncate(4);
await handle.writeFile("!");
console.log("handle readFile", await handle.readFile("utf8"));
await handle.close();
console.log("closed fd", handle.fd);
console.log("file", await fsp.readFile(`${dir}/h.txt`, "utf8"));
await handle.close();

// Many calls in flight at once finish, each with its own answer.
const names = Array.from({ length: 20 }, (_, i) => `${dir}/n${i}.txt`);
await Promise.all(names.map((name, i) => fsp.writeFile(name, String(i))));
const texts = await Promise.all(names.map((name) => fsp.readFile(name, "utf8")));
console.log("parallel", texts.join(","));

await fsp.rm(dir, { recursive: true, force: true });
console.log("cleaned", fs.existsSync(dir));
