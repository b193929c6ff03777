import semver from "semver";

export function run() {
  return {
    valid: [semver.valid("1.2.3"), semver.valid("a.b.c")],
    clean: semver.clean("  =v1.2.3   "),
    satisfies: semver.satisfies("1.2.3", "1.x || >=2.5.0 || 5.0.0 - 7.2.3"),
    gt: semver.gt("1.2.3", "9.8.7"),
    sorted: semver.sort(["1.10.0", "1.2.0", "1.2.0-beta.1", "0.9.9"]),
    max: semver.maxSatisfying(["1.2.3", "1.2.4", "1.3.0"], "~1.2.0"),
    inc: semver.inc("1.2.3", "prerelease", "rc"),
    coerce: semver.coerce("v2")?.version,
  };
}
