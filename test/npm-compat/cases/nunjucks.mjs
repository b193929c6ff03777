import nunjucks from "nunjucks";

export function run() {
  const env = new nunjucks.Environment(null, { autoescape: true });
  env.addFilter("shout", (s) => String(s).toUpperCase() + "!");
  return env.renderString(
    "{% set total = 0 %}<ul>{% for item in items %}<li>{{ loop.index }}. {{ item.name | shout }}</li>{% endfor %}</ul>{{ html }} {{ items | length }} {% if items | length > 1 %}many{% endif %}",
    { items: [{ name: "a" }, { name: "b" }], html: "<b>x</b>" },
  );
}
