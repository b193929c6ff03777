// FormData (XHR standard): the entry list, Blob-to-File conversion, iteration, errors.
const show = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof TypeError);
  }
};
const describe = (value) =>
  typeof value === "string"
    ? JSON.stringify(value)
    : value === null
      ? "null"
      : `${Object.prototype.toString.call(value)} ${JSON.stringify(value.name)} ${JSON.stringify(value.type)} ${value.size}`;
const dump = (form) => [...form].map(([k, v]) => `${k}=${describe(v)}`).join(" | ");

const form = new FormData();
form.append("a", "1");
form.append("b", new Blob(["blob!"], { type: "Text/Plain" }));
form.append("c", new Blob(["named"]), "c.txt");
const file = new File(["file"], "orig.bin", { type: "application/x-thing", lastModified: 1234 });
form.append("d", file);
form.append("e", file, "renamed.bin");
form.append("a", 2);
form.append("\ud800", "lone\udc00");
console.log("entries", dump(form));
console.log("same File kept", form.get("d") === file, "renamed is new", form.get("e") !== file);
console.log("renamed lastModified", form.get("e").lastModified, "Blob becomes File", form.get("b") instanceof File);
console.log("get", describe(form.get("a")), describe(form.get("zz")), "getAll", form.getAll("a").join(","), form.getAll("zz").length);
console.log("has", form.has("a"), form.has("zz"), form.has("\ufffd"));

form.set("a", "replaced");
console.log("set first", dump(form));
form.set("new", new Blob(["n"]), "n.txt");
form.set("b", "now text");
console.log("set", dump(form));
form.delete("a");
form.delete("missing");
console.log("delete", dump(form));

console.log("keys", [...form.keys()].join(","));
console.log("values", [...form.values()].map(describe).join(","));
const seen = [];
form.forEach(function (value, key, owner) {
  seen.push(`${key}:${owner === form}:${this.tag}`);
}, { tag: "t" });
console.log("forEach", seen.join(" "));

// Iterators are live: entries appended during iteration are visited.
const live = new FormData();
live.append("x", "1");
const visited = [];
for (const [key] of live) {
  visited.push(key);
  if (visited.length < 3) live.append(`k${visited.length}`, "v");
}
console.log("live", visited.join(","));
const iterator = new FormData().entries();
console.log("iterator", Object.prototype.toString.call(iterator), typeof iterator.next, iterator[Symbol.iterator]() === iterator);
console.log("iterator prototype", Object.getPrototypeOf(Object.getPrototypeOf(iterator)) === Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
console.log("default iterator", FormData.prototype[Symbol.iterator] === FormData.prototype.entries);

// Errors.
show("form element", () => new FormData({}));
show("form null", () => new FormData(null));
show("form undefined", () => dump(new FormData(undefined)));
show("append one argument", () => new FormData().append("a"));
show("filename without Blob", () => new FormData().append("a", "b", "c"));
show("set filename without Blob", () => new FormData().set("a", "b", "c"));
show("get no argument", () => new FormData().get());
show("forEach not a function", () => new FormData().forEach(5));
show("symbol name", () => new FormData().append(Symbol("s"), "v"));
show("append on a non-FormData", () => FormData.prototype.append.call({}, "a", "b"));
// (FormData.length is 0 by WebIDL; Node 20 says 1, so it is not printed.)
console.log("tag", Object.prototype.toString.call(new FormData()));
console.log("converted", dump((() => { const f = new FormData(); f.append(1, null); f.append("u", undefined); f.append("o", { toString: () => "obj" }); return f; })()));
