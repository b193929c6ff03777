import { clsx } from "clsx";

export function run() {
  return [
    clsx("a", { b: true, c: false }, ["d", ["e", { f: 1 }]], null, undefined, 0, "g"),
    clsx({ active: 1 > 0, disabled: false }),
  ];
}
