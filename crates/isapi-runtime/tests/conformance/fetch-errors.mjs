// fetch's argument checks and network failures, which need no server: what is thrown
// (name, class, message where Node's is the standard's) and when (synchronously or as a
// rejection). A refused connection uses 127.0.0.1 port 1, where nothing listens.
// `message`: false where Node's wording is its own (WebIDL conversion errors).
const attempt = async (label, run, message = true) => {
  let promise;
  try {
    promise = run();
  } catch (error) {
    console.log(label, "threw synchronously", error.name);
    return;
  }
  console.log(label, "returns a promise", promise instanceof Promise);
  try {
    const response = await promise;
    console.log(label, "resolved", response.status);
  } catch (error) {
    console.log(label, "rejected", error.name, error instanceof TypeError, message ? error.message : "");
  }
};

await attempt("not a URL", () => fetch("not a url"));
await attempt("relative", () => fetch("/relative"));
await attempt("unknown scheme", () => fetch("ftp://127.0.0.1/"));
await attempt("GET with a body", () => fetch("http://127.0.0.1:1/", { body: "x" }));
await attempt("HEAD with a body", () => fetch("http://127.0.0.1:1/", { method: "HEAD", body: "x" }));
await attempt("bad redirect mode", () => fetch("http://127.0.0.1:1/", { redirect: "sometimes" }), false);
await attempt("CONNECT", () => fetch("http://127.0.0.1:1/", { method: "CONNECT" }));
await attempt("stream without duplex", () =>
  fetch("http://127.0.0.1:1/", { method: "POST", body: new ReadableStream({ start: (c) => c.close() }) }),
);
await attempt("refused", () => fetch("http://127.0.0.1:1/"));
const refused = await fetch("http://127.0.0.1:1/").catch((error) => error);
console.log("refused cause", refused.cause instanceof Error);

// Already aborted: the signal's reason, or an AbortError DOMException when it has none.
for (const signal of [AbortSignal.abort(), AbortSignal.abort("mine")]) {
  try {
    await fetch("http://127.0.0.1:9/", { signal });
  } catch (error) {
    console.log("aborted:", typeof error === "string" ? error : `${error.name} ${error instanceof DOMException}`);
  }
}
