import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import relativeTime from "dayjs/plugin/relativeTime.js";

export function run() {
  dayjs.extend(utc);
  dayjs.extend(relativeTime);
  const d = dayjs.utc("2024-02-28T13:45:00Z");
  return {
    formatted: d.format("YYYY-MM-DD HH:mm dddd"),
    plus: d.add(2, "day").format("YYYY-MM-DD"),
    startOfMonth: d.startOf("month").toISOString(),
    diff: dayjs.utc("2024-03-01").diff(d, "hour"),
    relative: d.from(dayjs.utc("2024-03-30T13:45:00Z")),
    valid: dayjs("not a date").isValid(),
  };
}
