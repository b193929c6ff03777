import ms from "ms";

export function run() {
  return [
    ms("2 days"),
    ms("1.5h"),
    ms("10s"),
    ms(60000),
    ms(2 * 60 * 60 * 1000, { long: true }),
    ms("nonsense"),
  ];
}
