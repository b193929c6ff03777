import qs from "qs";

export function run() {
  const parsed = qs.parse("a[b][c]=1&list[]=x&list[]=y&flag&enc=%E2%9C%93&arr[1]=b&arr[0]=a");
  return {
    parsed,
    stringified: qs.stringify(
      { user: { name: "Jo Ann", tags: ["a", "b"] }, n: 3 },
      { encodeValuesOnly: true },
    ),
    brackets: qs.stringify({ a: [1, 2] }, { arrayFormat: "brackets" }),
    depth: qs.parse("a[b][c][d][e][f][g]=1", { depth: 2 }),
  };
}
