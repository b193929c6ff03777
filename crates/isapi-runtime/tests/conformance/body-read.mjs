// The body mixin (Fetch standard) on Response and Request: extracting a body from each
// kind of value, reading it once in every way, bodyUsed, locking, and clone().
const attempt = async (label, f) => {
  try {
    console.log(label, await f());
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof TypeError);
  }
};
const bytesOf = async (body) => Array.from(new Uint8Array(await body.arrayBuffer())).join(",");
const streamOf = (...chunks) =>
  new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

// What each kind of body becomes, and the Content-Type it implies.
const params = new URLSearchParams([["a", "1"], ["b", "x y"]]);
const kinds = [
  ["string", "héllo"],
  ["lone surrogate", "a\ud800"],
  ["ArrayBuffer", new Uint8Array([1, 2, 3]).buffer],
  ["Uint8Array", new Uint8Array([4, 5])],
  ["view", new Uint16Array([0x4142, 0x4344]).subarray(1)],
  ["DataView", new DataView(new Uint8Array([9, 8, 7]).buffer, 1)],
  ["Blob", new Blob(["blob"], { type: "Text/X" })],
  ["Blob untyped", new Blob(["b"])],
  ["URLSearchParams", params],
  ["stream", streamOf(new Uint8Array([104, 105]))],
  ["object", { toString: () => "obj" }],
  ["number", 42],
];
for (const [label, body] of kinds) {
  const response = new Response(body);
  console.log(label, JSON.stringify(response.headers.get("content-type")), await bytesOf(response));
}
for (const [label, body] of kinds.slice(0, 9)) {
  const request = new Request("http://example.com/", { method: "POST", body });
  console.log("request", label, JSON.stringify(request.headers.get("content-type")), await request.text());
}
console.log("explicit type kept", new Response("x", { headers: { "Content-Type": "a/b" } }).headers.get("content-type"));
console.log("null body", new Response(null).body, new Response().body, new Response(undefined).body);

// Every way to read, and that each reads once.
const readers = ["arrayBuffer", "blob", "bytes", "json", "text", "formData"];
for (const method of readers) {
  const response = new Response('{"a":[1,2]}', { headers: { "content-type": "application/x-www-form-urlencoded" } });
  await attempt(`first ${method}`, async () => {
    const value = await response[method]();
    return value instanceof ArrayBuffer
      ? `ArrayBuffer ${value.byteLength}`
      : value instanceof Uint8Array
        ? `Uint8Array ${value.length}`
        : value instanceof Blob
          ? `Blob ${value.size} ${value.type}`
          : value instanceof FormData
            ? `FormData ${[...value.keys()].join(",")}`
            : JSON.stringify(value);
  });
  console.log("used", response.bodyUsed);
  await attempt(`again ${method}`, () => response.text());
}
// A null body can be read any number of times.
const empty = new Response(null);
console.log("null reads", JSON.stringify(await empty.text()), JSON.stringify(await empty.text()), empty.bodyUsed);
console.log("null bytes", (await empty.bytes()).length, (await empty.arrayBuffer()).byteLength, (await empty.blob()).size);
await attempt("null json", () => empty.json());

// text(): UTF-8, a BOM dropped, malformed bytes replaced.
console.log("bom", JSON.stringify(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])).text()));
console.log("bad utf-8", JSON.stringify(await new Response(new Uint8Array([0x61, 0xc3, 0x28])).text()));
console.log("json bom", JSON.stringify(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x31])).json()));
await attempt("json invalid", () => new Response("{nope").json());
// blob(): the type is the Content-Type's MIME type, serialized.
for (const type of ["Text/HTML; Charset=X", 'text/plain;charset="utf-8"', "bogus", "a/b, c/d", "text/html;x=1;x=2"]) {
  console.log("blob type", JSON.stringify(type), JSON.stringify((await new Response("x", { headers: { "content-type": type } }).blob()).type));
}
const noType = new Response(new Uint8Array([1]));
console.log("blob no type", JSON.stringify((await noType.blob()).type));
// Bytes handed out are the caller's: changing them changes nothing else.
const shared = new Blob(["abc"]);
const fromBlob = new Response(shared);
const handed = await fromBlob.bytes();
handed[0] = 0x7a;
console.log("blob unchanged", await shared.text());

// The body stream.
const streamed = new Response("stream me");
const body = streamed.body;
console.log("body", body instanceof ReadableStream, streamed.body === body, streamed.bodyUsed, body.locked);
const reader = body.getReader();
console.log("locked", body.locked, streamed.bodyUsed);
await attempt("text while locked", () => streamed.text());
await attempt("clone while locked", () => streamed.clone().status);
const first = await reader.read();
console.log("read", first.value instanceof Uint8Array, new TextDecoder().decode(first.value), "used", streamed.bodyUsed);
console.log("done", (await reader.read()).done);
const cancelled = new Response("x");
await cancelled.body.cancel();
console.log("cancelled used", cancelled.bodyUsed);
// A stream given as the body is the body.
const given = streamOf(new Uint8Array([1]));
const withStream = new Response(given);
console.log("same stream", withStream.body === given);
await attempt("stream body text", () => withStream.text());
await attempt("string chunk", () => new Response(streamOf("text")).text());
await attempt("locked stream body", () => {
  const locked = streamOf();
  locked.getReader();
  return new Response(locked).status;
});
console.log("chunks joined", await new Response(streamOf(new Uint8Array([97]), new Uint8Array(), new Uint8Array([98, 99]))).text());

// clone(): both copies read the same bytes, whatever the body.
for (const [label, make] of [
  ["bytes", () => new Response("cloned")],
  ["stream", () => new Response(streamOf(new Uint8Array([115]), new Uint8Array([116])))],
  ["null", () => new Response(null, { status: 201 })],
  ["blob", () => new Response(new Blob(["b"], { type: "x/y" }))],
]) {
  const original = make();
  const copy = original.clone();
  console.log("clone", label, copy.status, copy.headers.get("content-type"), JSON.stringify(await copy.text()), JSON.stringify(await original.text()));
}
const pair = new Response("abc");
const twin = pair.clone();
console.log("clone independent", JSON.stringify(await pair.text()), twin.bodyUsed, JSON.stringify(await twin.text()));
const read = new Response("x");
await read.text();
await attempt("clone used", () => read.clone());
const request = new Request("http://example.com/", { method: "PUT", body: "req" });
const requestCopy = request.clone();
console.log("request clone", requestCopy.method, JSON.stringify(await requestCopy.text()), JSON.stringify(await request.text()));
const streamedRequest = new Request("http://example.com/", { method: "POST", body: streamOf(new Uint8Array([65])), duplex: "half" });
const streamedCopy = streamedRequest.clone();
console.log("streamed request clone", await streamedCopy.text(), await streamedRequest.text());
console.log("members", typeof Response.prototype.bytes, typeof Request.prototype.formData, "body" in Response.prototype);

// A stream body read by its own reader is disturbed: bodyUsed, and reading again throws.
const direct = new Response(streamOf(new Uint8Array([1])));
const directReader = direct.body.getReader();
console.log("direct before", direct.bodyUsed);
await directReader.read();
directReader.releaseLock();
console.log("direct after", direct.bodyUsed, direct.body.locked);
await attempt("direct text", () => direct.text());
await attempt("direct clone", () => direct.clone());
await attempt("disturbed stream as body", () => new Response(direct.body).status);

// A body made of bytes is a byte stream too.
const byobBody = new Response("xyz").body.getReader({ mode: "byob" });
const part = await byobBody.read(new Uint8Array(2));
console.log("byob body", part.value.length, new TextDecoder().decode(part.value));

// After a read, `body` is the spent stream: disturbed and locked, the same each time.
const spentResponse = new Response("abc");
await spentResponse.text();
const spent = spentResponse.body;
console.log("spent", spent instanceof ReadableStream, spent.locked, spentResponse.body === spent, spentResponse.bodyUsed);
const movedFrom = new Request("http://example.com/", { method: "POST", body: "m" });
new Request(movedFrom);
console.log("moved from", movedFrom.bodyUsed, movedFrom.body.locked);
