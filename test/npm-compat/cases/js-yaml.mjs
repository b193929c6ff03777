import * as yaml from "js-yaml";

export function run() {
  const doc = yaml.load(
    "name: app\nversion: 2\nlist:\n  - a\n  - b: [1, 2]\nanchors:\n  base: &b { x: 1 }\n  copy: *b\nmultiline: |\n  line 1\n  line 2\n",
  );
  let error;
  try {
    yaml.load("a: [1, 2");
  } catch (e) {
    error = e.name;
  }
  return { doc, dumped: yaml.dump({ a: 1, b: ["x", "y"], c: { d: null } }), error };
}
