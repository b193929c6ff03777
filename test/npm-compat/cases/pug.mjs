import pug from "pug";

export function run() {
  const fn = pug.compile(
    "doctype html\nhtml\n  body\n    h1= title\n    ul\n      each item in items\n        li(class=item.cls)= item.name\n    p #{note}",
  );
  return fn({
    title: "Pug & co",
    items: [
      { name: "a", cls: "x" },
      { name: "b", cls: "y" },
    ],
    note: "<escaped>",
  });
}
