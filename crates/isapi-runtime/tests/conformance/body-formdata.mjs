// formData() (Fetch standard): urlencoded and multipart/form-data bodies, file parts as
// File, a FormData body's encoding read back, and malformed input as TypeError.
// Where Node 20 differs from the web-platform-tests (it refuses padding after a boundary,
// an epilogue, and content holding the boundary not after a CRLF; it decodes %22 in names;
// it keeps a part's Content-Type unparsed; it dates parsed files now, not 0), the cases
// are in src/body.rs and tests/body_standard.rs instead.
const describe = (value) =>
  typeof value === "string"
    ? JSON.stringify(value)
    : `${Object.prototype.toString.call(value)} ${JSON.stringify(value.name)} ${JSON.stringify(value.type)} ${value.size}`;
const parse = async (label, body, type) => {
  try {
    const headers = type === undefined || type === "none" ? {} : { "content-type": type };
    const response = new Response(body, { headers });
    if (type === "none") response.headers.delete("content-type");
    const form = await response.formData();
    console.log(label, [...form].map(([k, v]) => `${k}=${describe(v)}`).join(" | "));
    return form;
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof TypeError);
  }
};

// application/x-www-form-urlencoded.
const urlencoded = "application/x-www-form-urlencoded";
await parse("urlencoded", "a=1&b=%C3%A9&c+d=e+f&&x&=empty&y=", urlencoded);
await parse("urlencoded charset", "a=1", `${urlencoded};charset=UTF-8`);
await parse("urlencoded case", "a=1", "Application/X-WWW-Form-URLEncoded");
await parse("urlencoded empty", "", urlencoded);
await parse("urlencoded bytes", new Uint8Array([0x61, 0x3d, 0xc3, 0xa9]), urlencoded);
await parse("URLSearchParams body", new URLSearchParams({ q: "x y", r: "ü" }));

// multipart/form-data.
const b = "XyZzy";
const multipart = (...parts) => parts.map((p) => `--${b}\r\n${p}\r\n`).join("") + `--${b}--\r\n`;
const form = multipart(
  'Content-Disposition: form-data; name="text"\r\n\r\nhello\r\nworld',
  'Content-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\nfile data',
  'Content-Disposition: form-data; name="bin"; filename="y.bin"\r\nContent-Type: Application/Octet-Stream\r\n\r\n\u0000\u0001',
  'content-disposition: form-data; name="é"; filename="ü.txt"\r\nContent-Type: text/plain\r\n\r\nç',
  'Content-Disposition: form-data; name="empty"; filename=""\r\n\r\n',
  'Content-Disposition: form-data; name="utf8"\r\n\r\n€uro',
  'Content-Disposition: form-data; name="text"\r\n\r\nsecond',
);
const parsed = await parse("multipart", form, `multipart/form-data; boundary=${b}`);
const file = parsed.get("file");
console.log("file", file instanceof File, file instanceof Blob, await file.text());
console.log("bin", Array.from(await parsed.get("bin").bytes()).join(","));
await parse("quoted boundary", form, `multipart/form-data; boundary="${b}"`);
await parse("type case", form, `Multipart/Form-Data; charset=utf-8; Boundary=${b}`);
await parse("only the close", `--${b}--`, `multipart/form-data; boundary=${b}`);
const large = "L".repeat(300000);
const big = await parse("large", multipart(`Content-Disposition: form-data; name="f"; filename="big"\r\n\r\n${large}`), `multipart/form-data; boundary=${b}`);
console.log("large content", (await big.get("f").text()) === large);

// Malformed or unsupported.
const bad = [
  ["no boundary", form, "multipart/form-data"],
  ["wrong boundary", form, "multipart/form-data; boundary=other"],
  ["empty body", "", `multipart/form-data; boundary=${b}`],
  ["no close", `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n`, `multipart/form-data; boundary=${b}`],
  ["cut", `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello`, `multipart/form-data; boundary=${b}`],
  ["no disposition", `--${b}\r\nX-Other: y\r\n\r\nhello\r\n--${b}--`, `multipart/form-data; boundary=${b}`],
  ["no name", `--${b}\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--${b}--`, `multipart/form-data; boundary=${b}`],
  ["not form-data", `--${b}\r\nContent-Disposition: attachment; name="a"\r\n\r\nhello\r\n--${b}--`, `multipart/form-data; boundary=${b}`],
  ["bad header line", `--${b}\r\nContent-Disposition: form-data; name="a"\r\nbad header\r\n\r\nx\r\n--${b}--`, `multipart/form-data; boundary=${b}`],
  ["boundary too long", form, `multipart/form-data; boundary=${"a".repeat(71)}`],
  ["text/plain", "a=1", "text/plain"],
  ["json", "{}", "application/json"],
  ["no content type", "a=1", "none"],
];
for (const [label, body, type] of bad) await parse(label, body, type);

// A FormData body: multipart with a boundary of its own, read back as it was.
const source = new FormData();
source.append("name", "value with\nnewline");
source.append("crlf", "a\r\nb\rc");
source.append("file", new Blob(["file bytes"], { type: "text/csv" }), "data.csv");
source.append("blob", new Blob([new Uint8Array([0, 255, 10, 13])]));
source.append("ünï", "ç");
const encoded = new Response(source);
const type = encoded.headers.get("content-type");
console.log("FormData type", type.startsWith("multipart/form-data; boundary="), type.length > 40);
const text = await encoded.clone().text();
console.log("FormData encoding ends", text.endsWith("--\r\n"), text.includes('filename="data.csv"'), text.includes("Content-Type: text/csv"));
const back = await encoded.formData();
for (const [k, v] of back) console.log("round trip", k, describe(v), typeof v === "string" ? "" : Array.from(await v.bytes()).join(","));
const request = new Request("http://example.com/", { method: "POST", body: source });
console.log("request form", [...(await request.formData()).keys()].join(","));
// Two encodings use different boundaries.
console.log("boundaries differ", new Response(source).headers.get("content-type") !== type);

// formData() reads the body even when it then refuses it.
const refused = new Response("a=1", { headers: { "content-type": "text/plain" } });
await refused.formData().catch(() => {});
console.log("used after refusal", refused.bodyUsed);
