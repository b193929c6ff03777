import _ from "lodash";

export function run() {
  const people = [
    { name: "ann", age: 31, team: "a" },
    { name: "bob", age: 25, team: "b" },
    { name: "cy", age: 40, team: "a" },
  ];
  return {
    grouped: _.groupBy(people, "team"),
    sorted: _.map(_.sortBy(people, ["age"]), "name"),
    merged: _.merge({ a: { b: 1 } }, { a: { c: 2 } }),
    picked: _.pick({ a: 1, b: 2, c: 3 }, ["a", "c"]),
    chunk: _.chunk([1, 2, 3, 4, 5], 2),
    camel: _.camelCase("Foo Bar-baz"),
    template: _.template("hi <%= name %>!")({ name: "<jo>" }),
    escaped: _.escape("<a & b>"),
    deep: _.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
    debounce: typeof _.debounce(() => {}, 10),
  };
}
