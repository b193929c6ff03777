// The benchmark's configuration S3: Node's `node:http` running the same compiled handler
// bundle (dist/bench.js) that our library runs, through a thin adapter that gives it an
// ECB-like object. What a user who picked Node instead would run; iisnode adds a named
// pipe in front of this.
//
//   node bench/node_server.mjs <bundle.js> <port>    (prints "listening on http://…")
//
// The adapter is deliberately minimal and does what our host and library do for the
// same handler: the body is read before the handler runs (IIS preloads it), writes are
// collected and sent with the end of the response (our library stages small writes).
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

const [bundlePath, portText = "0"] = process.argv.slice(2);
if (!bundlePath) {
  console.error("usage: node node_server.mjs <bundle.js> <port>");
  process.exit(2);
}

const UNKNOWN_LENGTH = 0xffffffff;
const { __ExtensionFactory__ } = await import(pathToFileURL(bundlePath).href);
const handler = __ExtensionFactory__();
handler.GetExtensionVersion?.({ ExtensionDesc: "", ExtensionVersion: 0x00080000 });

let connections = 0;

/** The ECB members the benchmark handlers (and simple handlers in general) use. */
function makeEcb(request, response, body) {
  const url = request.url ?? "/";
  const question = url.indexOf("?");
  const path = question < 0 ? url : url.slice(0, question);
  const query = question < 0 ? "" : url.slice(question + 1);
  const length = request.headers["content-length"];
  const chunks = [];
  let status = 200;
  let headers = {};
  let readOffset = 0;
  return {
    Method: request.method,
    QueryString: query,
    PathInfo: path,
    ContentType: request.headers["content-type"] ?? "",
    TotalBytes: length === undefined ? UNKNOWN_LENGTH : Number(length),
    AvailableBytes: body.length,
    ConnID: ++connections,
    HttpStatusCode: 200,
    LogData: "",
    GetServerVariable(name, defaultValue) {
      const known = {
        REQUEST_METHOD: request.method,
        URL: path,
        PATH_INFO: path,
        QUERY_STRING: query,
        SERVER_SOFTWARE: "node:http",
      };
      let value = known[name];
      if (value === undefined && name.startsWith("HTTP_")) {
        value = request.headers[name.slice(5).toLowerCase().replaceAll("_", "-")];
      }
      if (value !== undefined) return String(value);
      if (defaultValue !== undefined) return defaultValue;
      throw new Error(`no server variable ${name}`);
    },
    SendResponseHeaders(statusLine, headerBlock = {}) {
      status = Number.parseInt(statusLine, 10);
      if (typeof headerBlock === "string") {
        headers = {};
        for (const line of headerBlock.split(/\r?\n/)) {
          const colon = line.indexOf(":");
          if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
        }
      } else {
        headers = headerBlock;
      }
    },
    WriteClient(data) {
      chunks.push(typeof data === "string" ? Buffer.from(data) : data);
      return data.length;
    },
    ReadClient(size = 64 * 1024) {
      const chunk = body.subarray(readOffset, readOffset + size);
      readOffset += chunk.length;
      return chunk;
    },
    finish() {
      response.writeHead(status, headers);
      response.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    },
  };
}

/** Runs the handler; a Promise it returns is awaited, a plain status is not. */
function serve(request, response, body) {
  const ecb = makeEcb(request, response, body);
  let result;
  try {
    result = handler.HttpExtensionProc(ecb);
  } catch (error) {
    fail(response, error);
    return;
  }
  if (typeof result?.then === "function") {
    result.then(
      () => ecb.finish(),
      (error) => fail(response, error),
    );
  } else {
    ecb.finish();
  }
}

function fail(response, error) {
  console.error(error);
  response.writeHead(500, { "Content-Type": "text/plain" });
  response.end("500 Internal Server Error\n");
}

const server = createServer((request, response) => {
  if (request.method === "GET" || request.method === "HEAD") {
    request.resume();
    serve(request, response, Buffer.alloc(0));
    return;
  }
  const parts = [];
  request.on("data", (part) => parts.push(part));
  request.on("end", () => serve(request, response, Buffer.concat(parts)));
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portText), "127.0.0.1", () => {
  const { port } = server.address();
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
