// Intl.DateTimeFormat: styles, components, hour cycles, IANA time zones across DST, parts,
// resolvedOptions and the option errors. Inputs avoid what differs between CLDR versions
// (Node 20's ICU and ICU4X's data): long zone names outside en, Korean and Arabic time
// patterns, Spanish/Portuguese "at" glue, and U+2212 in French offsets.
const show = (label, f) => {
  try {
    console.log(label, JSON.stringify(f()));
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof RangeError, e instanceof TypeError);
  }
};
const winter = Date.UTC(2024, 0, 15, 15, 45, 30, 123);
const summer = Date.UTC(2024, 6, 4, 9, 5, 7);
const dtf = (locale, options) => new Intl.DateTimeFormat(locale, options);

for (const locale of ["en-US", "en-GB", "de", "fr", "es", "it", "nl", "pt", "ja", "zh", "ru"]) {
  for (const dateStyle of ["full", "long", "medium", "short"]) {
    show(`${locale} dateStyle ${dateStyle}`, () => dtf(locale, { dateStyle, timeZone: "UTC" }).format(winter));
  }
  show(`${locale} default`, () => dtf(locale, { timeZone: "UTC" }).format(winter));
  // (es: CLDR 44 changed its medium time from H:mm:ss to HH:mm:ss.)
  if (locale !== "es") show(`${locale} time`, () => dtf(locale, { timeStyle: "medium", timeZone: "UTC" }).format(summer));
  show(`${locale} month long`, () => dtf(locale, { month: "long", timeZone: "UTC" }).format(summer));
  show(`${locale} weekday`, () => dtf(locale, { weekday: "long", timeZone: "UTC" }).format(summer));
}
// (ko: the CLDR versions differ in its numeric date.)
for (const locale of ["en-US", "de", "ja", "zh", "ar"]) {
  show(`${locale} ymd numeric`, () =>
    dtf(locale, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" }).format(summer),
  );
}
show("en medium+short", () => dtf("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(winter));
show("en full+long", () =>
  dtf("en-US", { dateStyle: "full", timeStyle: "long", timeZone: "America/New_York" }).format(winter),
);
show("en long in summer", () => dtf("en-US", { timeStyle: "long", timeZone: "America/New_York" }).format(summer));
show("de short", () => dtf("de", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Berlin" }).format(summer));

// Time zones: offsets and DST from the tzdb.
for (const timeZone of ["UTC", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Sydney", "Asia/Tokyo"]) {
  const f = dtf("en-US", { timeZone, hour: "numeric", minute: "numeric", timeZoneName: "short" });
  show(`zone ${timeZone}`, () => [f.format(winter), f.format(summer)]);
  show(`zone ${timeZone} offset`, () =>
    dtf("en-US", { timeZone, timeZoneName: "longOffset", hour: "numeric" }).format(summer),
  );
}
show("zone case", () => dtf("en-US", { timeZone: "america/new_york" }).resolvedOptions().timeZone);
show("zone Etc/UTC", () => dtf("en-US", { timeZone: "Etc/UTC" }).resolvedOptions().timeZone);
show("zone GMT", () => dtf("en-US", { timeZone: "GMT" }).resolvedOptions().timeZone);
show("zone bad", () => dtf("en-US", { timeZone: "Mars/Olympus" }));
show("zone default", () => dtf().resolvedOptions().timeZone);

// Hour cycles.
for (const options of [{}, { hour12: true }, { hour12: false }, { hourCycle: "h23" }, { hourCycle: "h12" }]) {
  for (const locale of ["en-US", "de", "ja"]) {
    show(`${locale} hour ${JSON.stringify(options)}`, () =>
      dtf(locale, { ...options, hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(winter),
    );
  }
}
show("midnight h23", () => dtf("en-US", { hourCycle: "h23", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(0));
show("hourCycle ro", () => dtf("en-US", { hour: "numeric" }).resolvedOptions().hourCycle);
show("hourCycle de", () => dtf("de", { hour: "numeric" }).resolvedOptions().hourCycle);
show("hc extension", () => dtf("en-US-u-hc-h23", { hour: "numeric", timeZone: "UTC" }).format(winter));
show("no hourCycle without hour", () => "hourCycle" in dtf("en-US").resolvedOptions());

// Components.
const components = [
  { year: "numeric", month: "short" },
  { year: "2-digit", month: "2-digit", day: "2-digit" },
  { month: "long", day: "numeric" },
  { weekday: "short", day: "numeric" },
  { era: "short", year: "numeric" },
  { hour: "numeric", minute: "2-digit", second: "2-digit" },
  { minute: "2-digit", second: "2-digit" },
  { hour: "2-digit", minute: "2-digit", hour12: false },
  { weekday: "long", year: "numeric", month: "long", day: "numeric" },
  { hour: "numeric", minute: "numeric", second: "numeric", fractionalSecondDigits: 3, hour12: false },
];
for (const options of components) {
  show(`en ${JSON.stringify(options)}`, () => dtf("en-US", { ...options, timeZone: "UTC" }).format(winter));
  // (de year + short month: ICU4X's data gives "01/2024" where CLDR's yMMM is "Jan. 2024".)
  if (options.month === "short") continue;
  show(`de ${JSON.stringify(options)}`, () => dtf("de", { ...options, timeZone: "UTC" }).format(winter));
}

// formatToParts.
show("parts", () => dtf("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).formatToParts(winter));
show("parts de", () =>
  dtf("de", { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "numeric", timeZone: "UTC" })
    .formatToParts(summer)
    .map((p) => p.type)
    .join(","),
);

// resolvedOptions.
show("ro default", () => dtf("en-US").resolvedOptions());
show("ro styles", () => dtf("de-DE", { dateStyle: "long", timeZone: "Europe/Paris" }).resolvedOptions());
show("ro components", () => dtf("fr", { month: "short", day: "numeric", timeZone: "UTC" }).resolvedOptions());
show("ro unsupported locale", () => dtf("xx").resolvedOptions().locale);
show("ro fallback list", () => dtf(["xx", "de-AT"]).resolvedOptions().locale);

// format: bound, dates, numbers, invalid.
const bound = dtf("en-US", { timeZone: "UTC" }).format;
show("bound", () => [new Date(0), 86400000 * 365].map(bound));
show("NaN", () => bound(NaN));
show("Invalid Date", () => bound(new Date("x")));
show("too far", () => bound(8.64e15 + 1));
// (Year 1 and BCE years: ICU4X adds the era to a year it finds ambiguous, ICU4C does not.)
show("now", () => typeof bound());

// Option errors.
show("style + component", () => dtf("en", { dateStyle: "short", hour: "numeric" }));
show("bad dateStyle", () => dtf("en", { dateStyle: "tiny" }));
show("bad month", () => dtf("en", { month: "big" }));
show("bad fsd", () => dtf("en", { fractionalSecondDigits: 4 }));
show("bad hourCycle", () => dtf("en", { hourCycle: "h25" }));
show("bad locale", () => dtf("en_US"));
show("null options", () => dtf("en", null));
show("supportedLocalesOf", () => Intl.DateTimeFormat.supportedLocalesOf(["de-CH", "xx", "ja"]));
show("formatRange same", () => dtf("en-US", { timeZone: "UTC" }).formatRange(winter, winter + 1000));
show("formatRange days", () => dtf("en-US", { timeZone: "UTC" }).formatRange(0, 86400000 * 5));
show("formatRange missing", () => dtf("en-US").formatRange(0));
