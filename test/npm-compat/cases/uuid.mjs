import { v4, v5, v7, validate, version, parse, stringify, NIL } from "uuid";

export function run() {
  const random = v4();
  const named = v5("hello", v5.URL);
  const timed = v7();
  return {
    v4: validate(random) && version(random) === 4,
    v5: named,
    v7: validate(timed) && version(timed) === 7,
    roundTrip: stringify(parse(named)) === named,
    nil: NIL,
    invalid: validate("nope"),
  };
}
