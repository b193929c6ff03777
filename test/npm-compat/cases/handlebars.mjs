import Handlebars from "handlebars";

export function run() {
  Handlebars.registerHelper("upper", (s) => String(s).toUpperCase());
  Handlebars.registerPartial("item", "<li>{{name}}: {{upper kind}}</li>");
  const template = Handlebars.compile(
    "<h1>{{title}}</h1>{{#if items.length}}<ul>{{#each items}}{{> item}}{{/each}}</ul>{{else}}none{{/if}}{{{raw}}}",
  );
  return template({
    title: "Fruit & <veg>",
    items: [
      { name: "apple", kind: "fruit" },
      { name: "leek", kind: "veg" },
    ],
    raw: "<b>bold</b>",
  });
}
