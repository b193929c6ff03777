import ejs from "ejs";

export function run() {
  const template =
    "<ul><% items.forEach(function (item) { %><li><%= item %></li><% }) %></ul><%- raw %> <%= n * 2 %>";
  return {
    rendered: ejs.render(template, { items: ["<a>", "b"], raw: "<hr>", n: 21 }),
    compiled: ejs.compile("<%= greeting %>, <%= name %>")({ greeting: "Hi", name: "Ann" }),
  };
}
