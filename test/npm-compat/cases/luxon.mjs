import { DateTime, Duration, Interval } from "luxon";

export function run() {
  const dt = DateTime.fromISO("2024-03-10T12:30:00", { zone: "utc" });
  return {
    iso: dt.plus({ days: 1, hours: 3 }).toISO(),
    formatted: dt.toFormat("cccc, LLLL d, yyyy HH:mm"),
    duration: Duration.fromObject({ hours: 2, minutes: 7 }).toFormat("hh:mm"),
    interval: Interval.fromDateTimes(dt, dt.plus({ weeks: 2 })).length("days"),
    startOfWeek: dt.startOf("week").toISODate(),
    invalid: DateTime.fromISO("nope").invalidReason,
  };
}
