import he from "he";

export function run() {
  return {
    encoded: he.encode("foo © bar ≠ baz 𝌆 qux <&>"),
    named: he.encode("<&> ©", { useNamedReferences: true }),
    decoded: he.decode("foo &copy; bar &ne; baz &#x1D306; qux &amp;lt; &nbsp;"),
    escaped: he.escape("<img src='x'>"),
  };
}
