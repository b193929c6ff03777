import superjson from "superjson";

export function run() {
  const value = {
    when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    set: new Set([1, 2]),
    map: new Map([["k", { n: 1n }]]),
    re: /a+b/gi,
    undef: undefined,
  };
  const text = superjson.stringify(value);
  const back = superjson.parse(text);
  return {
    text,
    back: [
      back.when.toISOString(),
      [...back.set],
      back.map.get("k").n.toString(),
      back.re.flags,
      "undef" in back,
    ],
  };
}
