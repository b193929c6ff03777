// console.log as Node writes it: strings as they are, anything else and format strings
// (%s, %d, …) as util.format words them.
console.log("plain", "strings");
console.log([1, "two", { a: [1, 2, { b: 3 }] }]);
console.log("%s is %d years", "Bob", 42, { extra: true });
console.log(new Map([[1, 2]]), new Set(["a"]), null, undefined, 1n, -0, Symbol("s"));
console.log(Buffer.from("hi"), new Uint8Array(3));
console.log({ nested: { deep: { deeper: { deepest: 1 } } } });
console.log("100%", "x");
class Foo { constructor() { this.x = 1; } }
console.log(new Foo(), function named() {}, () => {});
console.log("%o and %O and %j and %i and %f and %c.", [1], { a: 1 }, { b: 2 }, "42.9", "1.5", "color: red");
console.log();
console.log("%%", "%%");
