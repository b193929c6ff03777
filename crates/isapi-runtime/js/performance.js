// The Performance interface (High Resolution Time, User Timing): `now()` on the
// monotonic clock the timers use, `timeOrigin`, and marks and measures kept in one
// buffer per engine (as a browser's per page; clearMarks/clearMeasures empty it).
import { now } from "isapi:native/timers";
import { DOMException } from "./dom_exception.js";
import { EventTarget, dictionary, requireArgs } from "./events.js";
import { structuredClone } from "./structured_clone.js";

const CREATE = Symbol("create");
// The wall-clock time at which now() was 0.
const timeOrigin = Date.now() - now();

/** @type {PerformanceEntry[]} */
const buffer = [];

export class PerformanceEntry {
  #name;
  #entryType;
  #startTime;
  #duration;
  /** @param {unknown} key @param {string} name @param {string} entryType @param {number} startTime @param {number} duration */
  constructor(key, name, entryType, startTime, duration) {
    if (key !== CREATE) throw new TypeError("Illegal constructor");
    this.#name = name;
    this.#entryType = entryType;
    this.#startTime = startTime;
    this.#duration = duration;
  }
  get name() {
    return this.#name;
  }
  get entryType() {
    return this.#entryType;
  }
  get startTime() {
    return this.#startTime;
  }
  get duration() {
    return this.#duration;
  }
  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration };
  }
}
Object.defineProperty(PerformanceEntry.prototype, Symbol.toStringTag, {
  value: "PerformanceEntry",
  configurable: true,
});

/** @param {unknown} value @param {string} what */
function timestamp(value, what) {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new TypeError(`${what} must be a finite number`);
  if (number < 0) throw new TypeError(`${number} is not a valid timestamp`);
  return number;
}

export class PerformanceMark extends PerformanceEntry {
  #detail;
  /** @param {string} name @param {{ startTime?: number, detail?: unknown }} [options] */
  constructor(name, options = undefined) {
    requireArgs(arguments, 1, "PerformanceMark constructor");
    const init = dictionary(options);
    const startTime = init.startTime === undefined ? now() : timestamp(init.startTime, "startTime");
    super(CREATE, String(name), "mark", startTime, 0);
    this.#detail = init.detail === undefined ? null : structuredClone(init.detail);
  }
  get detail() {
    return this.#detail;
  }
  toJSON() {
    return { ...super.toJSON(), detail: this.detail };
  }
}
Object.defineProperty(PerformanceMark.prototype, Symbol.toStringTag, {
  value: "PerformanceMark",
  configurable: true,
});

export class PerformanceMeasure extends PerformanceEntry {
  #detail;
  /** @param {unknown} key @param {string} name @param {number} start @param {number} duration @param {unknown} detail */
  constructor(key, name, start, duration, detail) {
    super(key, name, "measure", start, duration);
    this.#detail = detail;
  }
  get detail() {
    return this.#detail;
  }
  toJSON() {
    return { ...super.toJSON(), detail: this.detail };
  }
}
Object.defineProperty(PerformanceMeasure.prototype, Symbol.toStringTag, {
  value: "PerformanceMeasure",
  configurable: true,
});

/** The time a mark name or a number stands for (User Timing "convert a mark to a timestamp"). @param {unknown} mark */
function markTime(mark) {
  if (typeof mark === "number") return timestamp(mark, "a mark's time");
  const name = String(mark);
  for (let i = buffer.length - 1; i >= 0; i--) {
    const entry = buffer[i];
    if (entry.entryType === "mark" && entry.name === name) return entry.startTime;
  }
  throw new DOMException(`The "${name}" performance mark has not been set`, "SyntaxError");
}

/** @param {string} type @param {unknown} name */
function clear(type, name) {
  for (let i = buffer.length - 1; i >= 0; i--) {
    const entry = buffer[i];
    if (entry.entryType === type && (name === undefined || entry.name === String(name))) buffer.splice(i, 1);
  }
}

/** @type {Set<(entry: PerformanceEntry) => void>} */
const entryListeners = new Set();

/**
 * Calls `listener` with each mark and measure made from now on (node:perf_hooks'
 * PerformanceObserver); returns how to stop.
 * @param {(entry: PerformanceEntry) => void} listener
 */
export function onEntry(listener) {
  entryListeners.add(listener);
  return () => void entryListeners.delete(listener);
}

/** @param {PerformanceEntry} entry */
function add(entry) {
  buffer.push(entry);
  for (const listener of entryListeners) listener(entry);
}

/** The entries by start time (stable: ties keep the order they were made in). */
const sorted = () => buffer.slice().sort((a, b) => a.startTime - b.startTime);

export class Performance extends EventTarget {
  /** @param {unknown} [key] */
  constructor(key) {
    if (key !== CREATE) throw new TypeError("Illegal constructor");
    super();
  }
  now() {
    return now();
  }
  get timeOrigin() {
    return timeOrigin;
  }
  /** @param {string} name @param {{ startTime?: number, detail?: unknown }} [options] */
  mark(name, options = undefined) {
    requireArgs(arguments, 1, "performance.mark");
    const entry = new PerformanceMark(name, options);
    add(entry);
    return entry;
  }
  /**
   * @param {string} name
   * @param {string | { start?: string | number, end?: string | number, duration?: number, detail?: unknown }} [startOrOptions]
   * @param {string} [endMark]
   */
  measure(name, startOrOptions = undefined, endMark = undefined) {
    requireArgs(arguments, 1, "performance.measure");
    /** @type {Record<string, any> | null} */
    let options = null;
    if (typeof startOrOptions === "object" && startOrOptions !== null) {
      options = startOrOptions;
      const given = ["start", "end", "duration", "detail"].filter((k) => options?.[k] !== undefined);
      if (given.length > 0 && endMark !== undefined)
        throw new TypeError("performance.measure: options and an end mark cannot both be given");
      if (given.includes("start") && given.includes("end") && given.includes("duration"))
        throw new TypeError("performance.measure: start, end and duration cannot all be given");
    }
    const o = options ?? {};
    let end;
    if (endMark !== undefined) end = markTime(endMark);
    else if (o.end !== undefined) end = markTime(o.end);
    else if (o.start !== undefined && o.duration !== undefined)
      end = markTime(o.start) + timestamp(o.duration, "duration");
    else end = now();
    let start;
    if (o.start !== undefined) start = markTime(o.start);
    else if (o.duration !== undefined && o.end !== undefined) start = end - timestamp(o.duration, "duration");
    else if (options === null && startOrOptions !== undefined) start = markTime(startOrOptions);
    else start = 0;
    const detail = o.detail === undefined ? null : structuredClone(o.detail);
    const entry = new PerformanceMeasure(CREATE, String(name), start, end - start, detail);
    add(entry);
    return entry;
  }
  /** @param {string} [name] */
  clearMarks(name) {
    clear("mark", name);
  }
  /** @param {string} [name] */
  clearMeasures(name) {
    clear("measure", name);
  }
  getEntries() {
    return sorted();
  }
  /** @param {string} type */
  getEntriesByType(type) {
    requireArgs(arguments, 1, "performance.getEntriesByType");
    return sorted().filter((entry) => entry.entryType === String(type));
  }
  /** @param {string} name @param {string} [type] */
  getEntriesByName(name, type = undefined) {
    requireArgs(arguments, 1, "performance.getEntriesByName");
    return sorted().filter(
      (entry) => entry.name === String(name) && (type === undefined || entry.entryType === String(type)),
    );
  }
  toJSON() {
    return { timeOrigin };
  }
}
Object.defineProperty(Performance.prototype, Symbol.toStringTag, {
  value: "Performance",
  configurable: true,
});

export const performance = new Performance(CREATE);
