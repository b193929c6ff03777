// node:perf_hooks — the platform's `performance` (High Resolution Time, User Timing) and
// a PerformanceObserver of its marks and measures. Event-loop delay monitoring and
// histograms are absent (docs/node.md).
import {
  performance,
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  onEntry,
} from "../performance.js";
import { invalidArgType, invalidArgValue } from "./internal/errors.js";
import { setImmediate } from "./timers.js";

export { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure };

const SUPPORTED = Object.freeze(["mark", "measure"]);

export class PerformanceObserverEntryList {
  #entries;
  /** @param {PerformanceEntry[]} entries */
  constructor(entries) {
    // By start time, as Node lists them (ties keep their order).
    this.#entries = entries.slice().sort((a, b) => a.startTime - b.startTime);
  }
  getEntries() {
    return [...this.#entries];
  }
  /** @param {string} type */
  getEntriesByType(type) {
    return this.#entries.filter((entry) => entry.entryType === `${type}`);
  }
  /** @param {string} name @param {string} [type] */
  getEntriesByName(name, type) {
    return this.#entries.filter(
      (entry) => entry.name === `${name}` && (type === undefined || entry.entryType === `${type}`),
    );
  }
}

export class PerformanceObserver {
  /** @type {(list: PerformanceObserverEntryList, observer: PerformanceObserver) => void} */
  #callback;
  /** @type {Set<string>} */
  #types = new Set();
  /** @type {PerformanceEntry[]} */
  #queued = [];
  /** @type {(() => void) | undefined} */
  #stop;
  #scheduled = false;

  static get supportedEntryTypes() {
    return SUPPORTED;
  }

  /** @param {unknown} callback */
  constructor(callback) {
    if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
    this.#callback = /** @type {any} */ (callback);
  }

  /** @param {{ entryTypes?: string[], type?: string, buffered?: boolean }} [options] */
  observe(options = {}) {
    if (typeof options !== "object" || options === null) throw invalidArgType("options", "object", options);
    const { entryTypes, type, buffered } = options;
    if (entryTypes !== undefined && type !== undefined) {
      throw invalidArgValue(
        "options.entryTypes",
        entryTypes,
        "options.entryTypes can not set with options.type together",
      );
    }
    const types = entryTypes !== undefined ? [...entryTypes] : type !== undefined ? [type] : [];
    if (entryTypes !== undefined && !Array.isArray(entryTypes)) {
      throw invalidArgType("options.entryTypes", "string[]", entryTypes);
    }
    for (const each of types) if (SUPPORTED.includes(`${each}`)) this.#types.add(`${each}`);
    if (this.#stop === undefined) {
      this.#stop = onEntry((entry) => {
        if (!this.#types.has(entry.entryType)) return;
        this.#queued.push(entry);
        this.#schedule();
      });
    }
    if (buffered && type !== undefined && this.#types.has(`${type}`)) {
      this.#queued.push(...performance.getEntriesByType(`${type}`));
      this.#schedule();
    }
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Delivered after the current work, as Node does (not within the same microtasks).
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#queued.length === 0) return;
      const list = new PerformanceObserverEntryList(this.takeRecords());
      this.#callback.call(this, list, this);
    });
  }

  disconnect() {
    this.#stop?.();
    this.#stop = undefined;
    this.#types.clear();
    this.#queued = [];
  }

  takeRecords() {
    const records = this.#queued;
    this.#queued = [];
    return records;
  }
}

export const constants = Object.freeze({
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
});

export default {
  performance,
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  constants,
};
