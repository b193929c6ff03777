// Response (Fetch standard): status and statusText validation, null-body statuses,
// Response.json/redirect/error, and the members a constructed Response has.
const show = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof TypeError, e instanceof RangeError);
  }
};
const plain = new Response();
for (const name of ["status", "statusText", "ok", "type", "url", "redirected", "bodyUsed", "body"]) console.log("default", name, JSON.stringify(plain[name]));
console.log("tag", Object.prototype.toString.call(plain), Response.length);

// status: WebIDL unsigned short, then 200-599. (-65336 is 200 by WebIDL's modulo; Node 20
// refuses it, so tests/body_standard.rs checks it.)
for (const status of [0, 100, 101, 199, 200, 204, 299, 300, 404, 599, 600, 65736, 204.9, "201", NaN, null, "x"]) {
  show(`status ${String(status)}`, () => {
    const response = new Response(null, { status });
    return `${response.status} ${response.ok}`;
  });
}
// statusText: a reason phrase (tab, space, visible ASCII, obs-text).
for (const statusText of ["OK", "Not Found", "é", "a\tb", "a\nb", "a\rb", "\u0100", "\x7f", 5]) {
  show(`statusText ${JSON.stringify(statusText)}`, () => JSON.stringify(new Response(null, { statusText }).statusText));
}
show("status checked first", () => new Response(null, { status: 100, statusText: "\n" }).status);
// Null-body statuses refuse a body, even an empty one, but take null.
for (const status of [204, 205, 304]) {
  show(`status ${status} with body`, () => new Response("", { status }).status);
  show(`status ${status} null`, () => new Response(null, { status }).body);
}
show("init not an object", () => new Response(null, 5).status);
show("init null", () => new Response(null, null).status);
show("headers init", () => JSON.stringify([...new Response("x", { headers: [["X-A", "1"], ["x-a", "2"]] }).headers]));
show("bad headers", () => new Response(null, { headers: { "bad name": "x" } }).status);
show("call without new", () => Response());

// Response.json.
const json = Response.json({ a: [1, "é"] }, { status: 201, statusText: "Made", headers: { "X-B": "1" } });
console.log("json", json.status, json.statusText, json.headers.get("content-type"), json.headers.get("x-b"), await json.text());
console.log("json type kept", Response.json(1, { headers: { "Content-Type": "text/x" } }).headers.get("content-type"));
console.log("json null", await Response.json(null).text(), await Response.json("s").text());
show("json undefined", () => Response.json(undefined).status);
show("json function", () => Response.json(() => 1).status);
show("json BigInt", () => Response.json(1n).status);
show("json cycle", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  return Response.json(cyclic).status;
});
show("json 204", () => Response.json({}, { status: 204 }).status);
show("json status 99", () => Response.json({}, { status: 99 }).status);

// Response.redirect.
for (const status of [undefined, 301, 302, 303, 307, 308, 200, 300, 304]) {
  show(`redirect ${status}`, () => {
    const response = Response.redirect("http://example.com/a b?c#d", status);
    return `${response.status} ${response.headers.get("location")} ${response.body} ${response.type}`;
  });
}
show("redirect URL object", () => Response.redirect(new URL("http://example.com/x")).headers.get("location"));
show("redirect relative", () => Response.redirect("/relative").status);
show("redirect invalid", () => Response.redirect("http://[bad").status);

// Response.error.
const error = Response.error();
console.log("error", error.type, error.status, JSON.stringify(error.statusText), error.ok, error.body, error.url, [...error.headers].length);
console.log("error clone", error.clone().type, error.clone().status);
console.log("static", typeof Response.json, typeof Response.redirect, typeof Response.error);

// clone keeps status, statusText, headers (copied), type.
const original = new Response("body", { status: 299, statusText: "Fine", headers: { "x-c": "1" } });
const copy = original.clone();
original.headers.set("x-c", "2");
console.log("clone", copy.status, copy.statusText, copy.headers.get("x-c"), copy.type, await copy.text());

// Headers guards: error() and redirect() give immutable headers, their clones too.
show("error headers set", () => Response.error().headers.set("x", "1"));
show("redirect headers append", () => Response.redirect("http://example.com/").headers.append("x", "1"));
show("error clone headers", () => Response.error().clone().headers.delete("x"));
show("plain headers set", () => {
  const response = new Response();
  response.headers.set("x", "1");
  return response.headers.get("x");
});
show("json headers set", () => {
  const response = Response.json({});
  response.headers.set("x", "1");
  return response.headers.get("x");
});
