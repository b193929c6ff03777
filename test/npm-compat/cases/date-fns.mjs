import {
  addDays,
  differenceInCalendarDays,
  format,
  formatISO,
  parseISO,
  isLeapYear,
  eachDayOfInterval,
} from "date-fns";

export function run() {
  const d = parseISO("2024-02-28T12:00:00Z");
  return {
    added: formatISO(addDays(d, 2), { representation: "date" }),
    diff: differenceInCalendarDays(parseISO("2024-12-25"), parseISO("2024-02-28")),
    formatted: format(parseISO("2024-07-04T09:05:00"), "EEEE, MMMM do yyyy 'at' HH:mm"),
    leap: [isLeapYear(d), isLeapYear(parseISO("2023-01-01"))],
    days: eachDayOfInterval({ start: parseISO("2024-02-27"), end: parseISO("2024-03-01") }).map((day) =>
      format(day, "MM/dd"),
    ),
  };
}
