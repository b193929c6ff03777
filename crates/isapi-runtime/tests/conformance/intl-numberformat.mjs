// Intl.NumberFormat and Number/BigInt toLocaleString: styles, digit options, grouping,
// notations, signs, parts, resolvedOptions and the option errors.
const show = (label, f) => {
  try {
    console.log(label, JSON.stringify(f()));
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof RangeError, e instanceof TypeError);
  }
};
const nf = (locale, options) => new Intl.NumberFormat(locale, options);
const values = [0, -0, 1, -1, 0.5, 1.005, 2.5, -2.5, 1234.5678, -1234567.891, 1e21, 0.000123, 123456789012];

for (const locale of ["en-US", "de", "fr", "es", "it", "nl", "pt", "ja", "zh", "ko", "ru", "en-IN"]) {
  show(`${locale} decimal`, () => values.map((v) => nf(locale).format(v)));
  show(`${locale} percent`, () => [0.256, -0.5, 1].map((v) => nf(locale, { style: "percent" }).format(v)));
  show(`${locale} EUR`, () => [1234.5, -0.5].map((v) => nf(locale, { style: "currency", currency: "EUR" }).format(v)));
  show(`${locale} toLocaleString`, () => (9876543.21).toLocaleString(locale));
}
show("USD JPY", () => [nf("en-US", { style: "currency", currency: "usd" }).format(5), nf("en-US", { style: "currency", currency: "JPY" }).format(1234.5)]);
show("currencyDisplay", () =>
  ["code", "symbol", "narrowSymbol"].map((currencyDisplay) =>
    nf("en-US", { style: "currency", currency: "CAD", currencyDisplay }).format(12.5),
  ),
);

// Digits.
const digits = [
  { minimumFractionDigits: 2 },
  { maximumFractionDigits: 0 },
  { minimumFractionDigits: 1, maximumFractionDigits: 2 },
  { maximumSignificantDigits: 3 },
  { minimumSignificantDigits: 5 },
  { minimumSignificantDigits: 2, maximumSignificantDigits: 4 },
  { minimumIntegerDigits: 4 },
  { maximumFractionDigits: 1 },
];
for (const options of digits) {
  show(`digits ${JSON.stringify(options)}`, () => [0, 1.25, 1.35, 123.456, -9.995, 99999.5].map((v) => nf("en-US", options).format(v)));
}
show("grouping", () =>
  [true, false, "always", "auto", "min2"].map((useGrouping) => nf("en-US", { useGrouping }).format(12345)),
);
show("min2 four digits", () => nf("es", { useGrouping: "min2" }).format(1234));
show("es auto four digits", () => nf("es").format(1234));
show("signDisplay", () =>
  ["auto", "never", "always", "exceptZero", "negative"].map((signDisplay) =>
    [-1, 0, -0, 1].map((v) => nf("en-US", { signDisplay }).format(v)),
  ),
);
show("scientific", () => [0, 1, 1234.5, 0.000123, -98765].map((v) => nf("en-US", { notation: "scientific" }).format(v)));
show("engineering", () => [1234.5, 0.000123, 12345678].map((v) => nf("en-US", { notation: "engineering" }).format(v)));
show("compact short", () => [0, 999, 1000, 1234, 15678, 999999, 1234567, 2.5e9].map((v) => nf("en-US", { notation: "compact" }).format(v)));
show("compact long", () => [1234, 1234567].map((v) => nf("en-US", { notation: "compact", compactDisplay: "long" }).format(v)));
show("compact de", () => [1234, 1234567].map((v) => nf("de", { notation: "compact" }).format(v)));
show("special", () => [NaN, Infinity, -Infinity].map((v) => nf("en-US").format(v)));
show("special percent", () => nf("en-US", { style: "percent" }).format(-Infinity));
show("BigInt", () => [0n, 12345678901234567890n, -5n].map((v) => nf("de").format(v)));
show("BigInt toLocaleString", () => (123456789n).toLocaleString("en-US"));
show("string exact", () => nf("en-US", { maximumFractionDigits: 20 }).format("1.23456789012345678901"));
show("string junk", () => nf("en-US").format("abc"));
show("undefined", () => nf("en-US").format());
show("bound", () => [1, 2].map(nf("en-US").format));

// formatToParts.
show("parts decimal", () => nf("en-US").formatToParts(-1234.5));
show("parts de", () => nf("de").formatToParts(1234567.5));
show("parts percent", () => nf("en-US", { style: "percent" }).formatToParts(0.5));
show("parts currency", () => nf("en-US", { style: "currency", currency: "USD" }).formatToParts(-1234.5));
show("parts currency de", () => nf("de", { style: "currency", currency: "EUR" }).formatToParts(1234.5));
show("parts NaN", () => nf("en-US").formatToParts(NaN));
show("parts scientific", () => nf("en-US", { notation: "scientific" }).formatToParts(-0.00123));

// resolvedOptions.
show("ro default", () => nf().resolvedOptions());
show("ro currency", () => nf("de-DE", { style: "currency", currency: "eur" }).resolvedOptions());
show("ro percent", () => nf("en", { style: "percent", maximumFractionDigits: 2 }).resolvedOptions());
show("ro significant", () => nf("en", { maximumSignificantDigits: 3 }).resolvedOptions());
show("ro grouping false", () => nf("en", { useGrouping: false }).resolvedOptions().useGrouping);

// Errors.
show("currency missing", () => nf("en", { style: "currency" }));
show("currency bad", () => nf("en", { style: "currency", currency: "EURO" }));
show("style bad", () => nf("en", { style: "money" }));
show("fraction range", () => nf("en", { maximumFractionDigits: 101 }));
show("fraction order", () => nf("en", { minimumFractionDigits: 3, maximumFractionDigits: 1 }));
show("significant range", () => nf("en", { maximumSignificantDigits: 0 }));
show("notation bad", () => nf("en", { notation: "roman" }));
show("grouping bad", () => nf("en", { useGrouping: "sometimes" }));
show("Number.prototype on string", () => Number.prototype.toLocaleString.call("1"));
show("supportedLocalesOf", () => Intl.NumberFormat.supportedLocalesOf("fr-CA"));
