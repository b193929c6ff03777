import slugify from "slugify";

export function run() {
  return [
    slugify("Some string: with ünïcödé & stuff!"),
    slugify("Hello World", { lower: true, replacement: "_" }),
    slugify("  Ça va? Très bien  ", { strict: true, lower: true }),
  ];
}
