// Intl.NumberFormat style "unit": the units whose CLDR data this engine has (see
// docs/platform.md: metric length, mass, area and volume, and durations), in every
// unitDisplay, for en, de, fr and ja; formatToParts, digit and sign options, compact
// notation (format only: its parts are one literal here), resolvedOptions, and the errors
// of a missing or malformed unit. Left out: scientific notation (the plural category is
// taken from the scaled number, so French says "1,235E6 jour" for Node's "jours").
const units = [
  "centimeter", "day", "gram", "hectare", "hour", "kilogram", "kilometer", "liter", "meter",
  "microsecond", "mile-scandinavian", "milliliter", "millimeter", "millisecond", "minute",
  "month", "nanosecond", "second", "stone", "week", "yard", "year",
];
for (const locale of ["en", "de", "fr", "ja"]) {
  for (const unitDisplay of ["short", "long", "narrow"]) {
    for (const unit of units) {
      const nf = new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay });
      console.log(locale, unitDisplay, unit, [0, 1, 2.5, -1234.5, 1e6].map((n) => nf.format(n)).join(" | "));
    }
  }
}
const parts = (locale, options, value) =>
  console.log(locale, JSON.stringify(options), value, JSON.stringify(new Intl.NumberFormat(locale, options).formatToParts(value)));
for (const locale of ["en", "de", "fr", "ja"]) {
  parts(locale, { style: "unit", unit: "kilometer" }, -1234.5);
  parts(locale, { style: "unit", unit: "hour", unitDisplay: "long" }, 1);
  parts(locale, { style: "unit", unit: "liter", unitDisplay: "narrow" }, 12);
  parts(locale, { style: "unit", unit: "meter", signDisplay: "always", maximumFractionDigits: 1 }, 2.25);
  parts(locale, { style: "unit", unit: "gram", minimumFractionDigits: 2 }, 5);
  parts(locale, { style: "unit", unit: "second", maximumSignificantDigits: 2 }, 1234);
}
for (const locale of ["en", "de", "fr", "ja"]) {
  for (const unitDisplay of ["short", "long"]) {
    const nf = new Intl.NumberFormat(locale, { style: "unit", unit: "kilometer", unitDisplay, notation: "compact" });
    console.log(locale, unitDisplay, "compact", nf.format(1234567), nf.format(999));
  }
}
const resolved = new Intl.NumberFormat("de", { style: "unit", unit: "kilogram", unitDisplay: "long" }).resolvedOptions();
console.log(JSON.stringify(resolved));
console.log(JSON.stringify(new Intl.NumberFormat("en", { unit: "meter" }).resolvedOptions()));
for (const options of [
  { style: "unit" },
  { style: "unit", unit: "furlong" },
  { style: "unit", unit: "Meter" },
  { style: "unit", unit: "meter-per-" },
  { style: "unit", unit: "meter", unitDisplay: "wide" },
  { style: "decimal", unit: "parsec" },
]) {
  try {
    new Intl.NumberFormat("en", options);
    console.log(JSON.stringify(options), "accepted");
  } catch (e) {
    console.log(JSON.stringify(options), e.name);
  }
}
