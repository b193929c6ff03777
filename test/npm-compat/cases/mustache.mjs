import Mustache from "mustache";

export function run() {
  return Mustache.render(
    "Hello {{name}}! {{#items}}<{{.}}>{{/items}}{{^none}} (no none){{/none}} {{{html}}} {{html}} {{> footer}}",
    { name: "Jo & Co", items: ["a", "b"], html: "<i>x</i>" },
    { footer: "-- {{name}}" },
  );
}
