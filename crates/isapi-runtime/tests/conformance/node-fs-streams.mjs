// node:fs streams: createReadStream/createWriteStream — events, ranges, encodings,
// highWaterMark chunks, piping and pipeline, errors.
import fs from "node:fs";
import { pipeline } from "node:stream/promises";

const dir = "node-fs-streams.tmp";
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
fs.writeFileSync(`${dir}/src.txt`, "0123456789abcdefghij");

// Reading: the events in order, the chunks, bytesRead.
await new Promise((done) => {
  const events = [];
  const stream = fs.createReadStream(`${dir}/src.txt`, { highWaterMark: 8 });
  console.log("pending before open", stream.pending, stream.path, stream instanceof fs.ReadStream);
  stream.on("open", (fd) => events.push(`open ${typeof fd}`));
  stream.on("ready", () => events.push("ready"));
  stream.on("data", (chunk) => events.push(`data ${chunk.length} ${chunk}`));
  stream.on("end", () => events.push("end"));
  stream.on("close", () => {
    events.push(`close ${stream.bytesRead} ${stream.destroyed}`);
    console.log(events.join("\n"));
    done();
  });
});

// start/end (inclusive) and an encoding.
for (const options of [{ start: 2, end: 5 }, { start: 15 }, { end: 0 }, { start: 3, end: 3, encoding: "hex" }, "base64"]) {
  const chunks = [];
  for await (const chunk of fs.createReadStream(`${dir}/src.txt`, options)) chunks.push(typeof chunk === "string" ? chunk : chunk.toString());
  console.log("range", JSON.stringify(options), JSON.stringify(chunks.join("")));
}
try {
  fs.createReadStream(`${dir}/src.txt`, { start: 5, end: 2 });
} catch (e) {
  console.log("start > end", e.code, e.message);
}

// A missing file: an error event, then close.
await new Promise((done) => {
  const stream = fs.createReadStream(`${dir}/missing.txt`);
  stream.on("error", (e) => console.log("read error", e.code, e.syscall, e.path));
  stream.on("close", () => {
    console.log("closed after error", stream.destroyed);
    done();
  });
});

// Writing: events, bytesWritten, the file.
await new Promise((done) => {
  const events = [];
  const out = fs.createWriteStream(`${dir}/out.txt`);
  out.on("open", () => events.push("open"));
  out.on("ready", () => events.push("ready"));
  out.on("finish", () => events.push("finish"));
  out.on("close", () => {
    events.push(`close ${out.bytesWritten}`);
    console.log(events.join(","), JSON.stringify(fs.readFileSync(`${dir}/out.txt`, "utf8")));
    done();
  });
  console.log("write returns", out.write("héllo "), out.write(new Uint8Array([119, 111])));
  out.end("rld");
});

// Flags and start: append, and writing into the middle of a file.
await new Promise((done) => fs.createWriteStream(`${dir}/out.txt`, { flags: "a" }).end("!", done));
await new Promise((done) => fs.createWriteStream(`${dir}/out.txt`, { flags: "r+", start: 1 }).end("E", done));
console.log("after append and r+", JSON.stringify(fs.readFileSync(`${dir}/out.txt`, "utf8")));

// pipe and pipeline.
await new Promise((done) => {
  const copy = fs.createWriteStream(`${dir}/piped.txt`);
  copy.on("close", done);
  fs.createReadStream(`${dir}/src.txt`, { highWaterMark: 3 }).pipe(copy);
});
console.log("piped", fs.readFileSync(`${dir}/piped.txt`, "utf8"));
await pipeline(fs.createReadStream(`${dir}/src.txt`), fs.createWriteStream(`${dir}/pipeline.txt`));
console.log("pipeline", fs.readFileSync(`${dir}/pipeline.txt`, "utf8"));

// A stream over a descriptor the caller opened (autoClose: false leaves it open).
const fd = fs.openSync(`${dir}/src.txt`);
await new Promise((done) => {
  const chunks = [];
  const stream = fs.createReadStream(null, { fd, autoClose: false, start: 10 });
  stream.on("data", (c) => chunks.push(c.toString()));
  stream.on("end", () => {
    console.log("fd stream", chunks.join(""), fs.fstatSync(fd).size);
    done();
  });
});
fs.closeSync(fd);

// Writing into a folder fails on open.
await new Promise((done) => {
  const out = fs.createWriteStream(dir);
  out.on("error", (e) => {
    console.log("write error", e.code, e.syscall);
    done();
  });
});

fs.rmSync(dir, { recursive: true });
console.log("done");
