// The locale-sensitive built-ins, called before anything touches `Intl` (the engine loads
// Intl on their first call), then what luxon asks of Intl: a zone's offset from
// formatToParts, resolvedOptions, numbers and relative times.
const show = (label, f) => {
  try {
    console.log(label, JSON.stringify(f()));
  } catch (e) {
    console.log(label, "throws", e.name, e instanceof RangeError, e instanceof TypeError);
  }
};
const date = new Date(Date.UTC(2024, 2, 10, 6, 30, 0));

// First calls: no `Intl` touched yet.
show("Date toLocaleString", () => date.toLocaleString());
show("Date toLocaleDateString", () => date.toLocaleDateString("de-DE", { timeZone: "Europe/Berlin" }));
show("Date toLocaleTimeString", () => date.toLocaleTimeString("en-US", { timeZone: "America/Chicago" }));
show("Number toLocaleString", () => (1234.5).toLocaleString());
show("BigInt toLocaleString", () => (10n ** 12n).toLocaleString("fr"));
show("String localeCompare", () => ["b", "a", "C"].sort((x, y) => x.localeCompare(y)));
show("Array toLocaleString", () => [1234.5, date, null, undefined, "s", 10n].toLocaleString("en-US", { timeZone: "UTC" }));
show("Invalid Date", () => [new Date(NaN).toLocaleString(), new Date(NaN).toLocaleDateString()]);
show("date options", () => date.toLocaleDateString("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" }));
show("time-only styles", () => date.toLocaleTimeString("en-US", { timeStyle: "short", timeZone: "UTC" }));
show("dateStyle in time string", () => date.toLocaleTimeString("en-US", { dateStyle: "short" }));
show("timeStyle in date string", () => date.toLocaleDateString("en-US", { timeStyle: "short" }));
show("hour in date string", () => date.toLocaleDateString("en-US", { hour: "numeric", timeZone: "UTC" }));
show("number options", () => (0.256).toLocaleString("de", { style: "percent", minimumFractionDigits: 1 }));
show("wrong this", () => Date.prototype.toLocaleString.call({}));
show("lengths", () => [
  Date.prototype.toLocaleString.length,
  Number.prototype.toLocaleString.length,
  String.prototype.localeCompare.length,
  Array.prototype.toLocaleString.length,
]);
show("names", () => [Date.prototype.toLocaleDateString.name, String.prototype.localeCompare.name]);
show("Intl type", () => typeof Intl);

// luxon: the offset of a zone at an instant, from formatToParts (its partsOffset).
const formatters = new Map();
function offsetOf(zone, ts) {
  let dtf = formatters.get(zone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat("en-US", {
      hour12: false,
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      era: "short",
    });
    formatters.set(zone, dtf);
  }
  const filled = {};
  for (const { type, value } of dtf.formatToParts(ts)) {
    if (type !== "literal") filled[type] = type === "era" ? value : parseInt(value, 10);
  }
  const hour = filled.hour === 24 ? 0 : filled.hour;
  const year = filled.era === "BC" ? -Math.abs(filled.year) + 1 : filled.year;
  const asUTC = Date.UTC(year, filled.month - 1, filled.day, hour, filled.minute, filled.second);
  return (asUTC - (ts - (ts % 1000))) / 60000;
}
for (const zone of ["America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Adelaide", "America/Sao_Paulo", "Pacific/Chatham"]) {
  show(`offset ${zone}`, () =>
    [Date.UTC(2024, 0, 1), Date.UTC(2024, 6, 1), Date.UTC(2024, 2, 10, 7), Date.UTC(1990, 5, 1)].map((ts) =>
      offsetOf(zone, ts),
    ),
  );
}
show("midnight hour", () =>
  new Intl.DateTimeFormat("en-US", { hourCycle: "h23", timeZone: "UTC", hour: "2-digit" })
    .formatToParts(Date.UTC(2024, 0, 1))
    .find((p) => p.type === "hour").value,
);
show("zone valid", () => ["Europe/Paris", "Nowhere/Land", "utc"].map((zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}));
const ro = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo" }).resolvedOptions();
show("resolved", () => [ro.locale, ro.timeZone, ro.numberingSystem, ro.calendar]);
show("resolved de", () => {
  const { locale, numberingSystem, calendar } = new Intl.DateTimeFormat("de-CH").resolvedOptions();
  return [locale, numberingSystem, calendar];
});
show("luxon numbers", () => [
  new Intl.NumberFormat("en-US", { useGrouping: false, minimumIntegerDigits: 2 }).format(7),
  new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(12.7),
]);
const rtf = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
show("luxon relative", () => [rtf.format(-1, "days"), rtf.format(2, "weeks"), rtf.format(-3, "minutes")]);
show("month names", () =>
  Array.from({ length: 12 }, (_, m) =>
    new Intl.DateTimeFormat("fr", { month: "long", timeZone: "UTC" }).format(Date.UTC(2024, m, 15)),
  ),
);
show("weekday names", () =>
  Array.from({ length: 7 }, (_, d) =>
    new Intl.DateTimeFormat("de", { weekday: "short", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1 + d)),
  ),
);
show("meridiems", () =>
  [0, 12].map((h) =>
    new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h12", timeZone: "UTC" })
      .formatToParts(Date.UTC(2024, 0, 1, h))
      .find((p) => p.type === "dayPeriod").value,
  ),
);
