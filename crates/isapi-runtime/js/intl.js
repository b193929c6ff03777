// ECMA-402 `Intl` and the locale-sensitive methods of Date, Number, BigInt, String and
// Array. Option reading and validation (the standard's order and errors) is here; the
// formatting, collation, plural rules and segmentation are ICU4X's (isapi:native/intl).
// Evaluating this module also replaces the engine's `toLocale*String`/`localeCompare`
// (QuickJS ignores locales) with the ones below.
import * as native from "isapi:native/intl";

const DEFAULT_LOCALE = "en-US";

/** @typedef {Record<string, any>} Options */

/**
 * CanonicalizeLocaleList.
 * @param {unknown} locales
 * @returns {string[]}
 */
function canonicalizeLocaleList(locales) {
  if (locales === undefined) return [];
  /** @type {string[]} */
  const seen = [];
  /** @type {any} */
  const list = typeof locales === "string" || locales instanceof Locale ? [locales] : Object(locales);
  const length = Math.min(Math.max(Math.trunc(Number(list.length)) || 0, 0), 2 ** 53 - 1);
  for (let k = 0; k < length; k++) {
    if (!(k in list)) continue;
    const value = list[k];
    if (typeof value !== "string" && (typeof value !== "object" || value === null)) {
      throw new TypeError(`Language ID should be string or object.`);
    }
    const tag = native.canonicalizeLocale(value instanceof Locale ? value.toString() : String(value));
    if (!seen.includes(tag)) seen.push(tag);
  }
  return seen;
}

/**
 * The Unicode extension keywords of a tag, and the tag without them.
 * @param {string} tag
 * @returns {[string, Map<string, string>]}
 */
function splitExtensions(tag) {
  const keywords = new Map();
  const at = tag.indexOf("-u-");
  if (at < 0) return [tag.replace(/-x-.*$/, ""), keywords];
  const base = tag.slice(0, at);
  const subtags = tag.slice(at + 3).split("-");
  let key = "";
  for (const subtag of subtags) {
    if (subtag.length === 1) break;
    if (subtag.length === 2) {
      key = subtag;
      keywords.set(key, "true");
    } else if (key) {
      keywords.set(key, keywords.get(key) === "true" ? subtag : `${keywords.get(key)}-${subtag}`);
    }
  }
  return [base, keywords];
}

/**
 * ResolveLocale (lookup): the first requested locale whose language has data, else
 * the default; its extension keywords as given.
 * @param {unknown} locales
 * @returns {[string, Map<string, string>]}
 */
function resolveLocale(locales) {
  for (const tag of canonicalizeLocaleList(locales)) {
    const [base, keywords] = splitExtensions(tag);
    const supported = native.supportedLocale(base);
    if (supported) return [supported, keywords];
  }
  return [DEFAULT_LOCALE, new Map()];
}

/**
 * @param {string} base
 * @param {[string, string | undefined][]} keywords
 */
function withKeywords(base, keywords) {
  const present = keywords.filter(([, value]) => value !== undefined);
  if (!present.length) return base;
  return `${base}-u-${present.map(([k, v]) => (v === "true" ? k : `${k}-${v}`)).join("-")}`;
}

/**
 * @param {unknown} options
 * @returns {Options}
 */
function toOptions(options) {
  if (options === undefined) return Object.create(null);
  if (options === null) throw new TypeError("Cannot convert undefined or null to object");
  return Object(options);
}

/**
 * GetOption.
 * @param {Options} options
 * @param {string} property
 * @param {"string" | "boolean"} type
 * @param {readonly any[] | undefined} values
 * @param {any} fallback
 */
function getOption(options, property, type, values, fallback) {
  let value = options[property];
  if (value === undefined) return fallback;
  value = type === "boolean" ? Boolean(value) : String(value);
  if (values && !values.includes(value)) {
    throw new RangeError(`Value ${value} out of range for Intl options property ${property}`);
  }
  return value;
}

/**
 * GetNumberOption / DefaultNumberOption.
 * @param {Options} options
 * @param {string} property
 * @param {number} minimum
 * @param {number} maximum
 * @param {number | undefined} fallback
 */
function getNumberOption(options, property, minimum, maximum, fallback) {
  const value = options[property];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (Number.isNaN(number) || number < minimum || number > maximum) {
    throw new RangeError(`${property} value is out of range.`);
  }
  return Math.floor(number);
}

const LOCALE_MATCHERS = ["lookup", "best fit"];

/**
 * SupportedLocales.
 * @param {unknown} locales
 * @param {unknown} options
 */
function supportedLocales(locales, options) {
  const requested = canonicalizeLocaleList(locales);
  getOption(toOptions(options), "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
  return requested.filter((tag) => Boolean(native.supportedLocale(splitExtensions(tag)[0])));
}

/** @param {Options} options */
function keyOf(options) {
  return JSON.stringify(options);
}

/**
 * The numbering system a locale's formatter uses, read off its digits.
 * @param {string} locale
 */
function numberingSystemOf(locale) {
  const options = { locale };
  const zero = String(native.numberFormat(keyOf(options) + "#n", options, 0, false));
  const digit = zero.codePointAt(zero.length - 1) ?? 0x30;
  /** @type {Record<number, string>} */
  const systems = { 0x660: "arab", 0x6f0: "arabext", 0x966: "deva", 0x9e6: "beng", 0x1040: "mymr" };
  return systems[digit] ?? "latn";
}

// ---------------------------------------------------------------- DateTimeFormat

const COMPONENTS = /** @type {const} */ ([
  ["weekday", ["narrow", "short", "long"]],
  ["era", ["narrow", "short", "long"]],
  ["year", ["2-digit", "numeric"]],
  ["month", ["2-digit", "numeric", "narrow", "short", "long"]],
  ["day", ["2-digit", "numeric"]],
  ["dayPeriod", ["narrow", "short", "long"]],
  ["hour", ["2-digit", "numeric"]],
  ["minute", ["2-digit", "numeric"]],
  ["second", ["2-digit", "numeric"]],
  ["fractionalSecondDigits", [1, 2, 3]],
  ["timeZoneName", ["short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric"]],
]);

/** @type {Record<string, Record<string, string>>} */
const SKELETON = {
  era: { narrow: "GGGGG", short: "G", long: "GGGG" },
  year: { "2-digit": "yy", numeric: "y" },
  month: { "2-digit": "MM", numeric: "M", narrow: "MMMMM", short: "MMM", long: "MMMM" },
  day: { "2-digit": "dd", numeric: "d" },
  weekday: { narrow: "EEEEE", short: "EEE", long: "EEEE" },
  minute: { "2-digit": "mm", numeric: "m" },
  second: { "2-digit": "ss", numeric: "s" },
  fractionalSecondDigits: { 1: "S", 2: "SS", 3: "SSS" },
  timeZoneName: {
    short: "z",
    long: "zzzz",
    shortOffset: "O",
    longOffset: "OOOO",
    shortGeneric: "v",
    longGeneric: "vvvv",
  },
};

const STYLES = ["full", "long", "medium", "short"];

/**
 * The locales whose CLDR skeletons `yMd`/`Md` (ECMA-402's numeric month and day, as ICU4C
 * formats them) are unpadded: ICU4X's short date pads them (`16.01.2024` for `16.1.2024`).
 * Elsewhere (fr, it, pt, ru, en-GB, …) both pad.
 */
const UNPADDED = /^(?:(?:de|ja|zh|nl|es|ko|ar)(?:-|$)|en(?:-US)?(?:-u-|$))/;

/** @type {string | undefined} */
let systemZone;

function defaultTimeZone() {
  systemZone ??= native.timeZone() ?? "UTC";
  return systemZone;
}

/**
 * @param {unknown} date
 */
function timeValue(date) {
  const time = date === undefined ? Date.now() : Number(date);
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) throw new RangeError("Invalid time value");
  return Math.trunc(time) + 0;
}

export class DateTimeFormat {
  /** @type {Options} */
  #native;
  /** @type {string} */
  #key;
  /** @type {Options} */
  #resolved;
  /** @type {((date?: unknown) => string) | undefined} */
  #bound;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   * @param {"date" | "time" | "any"} [required]
   * @param {"date" | "time" | "all"} [defaults]
   */
  constructor(locales = undefined, options = undefined, required = "any", defaults = "date") {
    const [locale, keywords] = resolveLocale(locales);
    const opts = toOptions(options);
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    const calendar = getOption(opts, "calendar", "string", undefined, undefined);
    const numberingSystem = getOption(opts, "numberingSystem", "string", undefined, undefined);
    for (const value of [calendar, numberingSystem]) {
      if (value !== undefined && !/^[a-z0-9]{3,8}(-[a-z0-9]{3,8})*$/i.test(value)) {
        throw new RangeError(`Invalid calendar or numberingSystem : ${value}`);
      }
    }
    const hour12 = getOption(opts, "hour12", "boolean", undefined, undefined);
    let hourCycle = getOption(opts, "hourCycle", "string", ["h11", "h12", "h23", "h24"], undefined);
    if (hour12 !== undefined) hourCycle = null;
    const zoneOption = opts.timeZone;
    let timeZone;
    if (zoneOption === undefined) {
      timeZone = defaultTimeZone();
    } else {
      timeZone = native.timeZone(String(zoneOption));
      if (timeZone === undefined) throw new RangeError(`Invalid time zone specified: ${String(zoneOption)}`);
    }
    /** @type {Options} */
    const components = {};
    for (const [name, values] of COMPONENTS) {
      if (name === "fractionalSecondDigits") {
        components[name] = getNumberOption(opts, name, 1, 3, undefined);
      } else {
        components[name] = getOption(opts, name, "string", values, undefined);
      }
    }
    getOption(opts, "formatMatcher", "string", ["basic", "best fit"], "best fit");
    const dateStyle = getOption(opts, "dateStyle", "string", STYLES, undefined);
    const timeStyle = getOption(opts, "timeStyle", "string", STYLES, undefined);
    const anyComponent = Object.values(components).some((v) => v !== undefined);
    if ((dateStyle !== undefined || timeStyle !== undefined) && anyComponent) {
      throw new TypeError("Can't set option dateStyle or timeStyle together with other date/time options");
    }
    if (required === "date" && timeStyle !== undefined && dateStyle === undefined) {
      throw new TypeError("Invalid option : timeStyle");
    }
    if (required === "time" && dateStyle !== undefined && timeStyle === undefined) {
      throw new TypeError("Invalid option : dateStyle");
    }
    if (dateStyle === undefined && timeStyle === undefined) {
      // ToDateTimeOptions: defaults only when none of the required kind was asked for.
      const c = components;
      let needDefaults = true;
      if (required !== "time" && [c.weekday, c.year, c.month, c.day].some((v) => v !== undefined)) {
        needDefaults = false;
      }
      if (
        required !== "date" &&
        [c.dayPeriod, c.hour, c.minute, c.second, c.fractionalSecondDigits].some((v) => v !== undefined)
      ) {
        needDefaults = false;
      }
      if (needDefaults && (defaults === "date" || defaults === "all")) {
        c.year = c.month = c.day = "numeric";
      }
      if (needDefaults && (defaults === "time" || defaults === "all")) {
        c.hour = c.minute = c.second = "numeric";
      }
    }
    const hasHour = components.hour !== undefined || timeStyle !== undefined;
    // The hour cycle: hour12 wins over hourCycle, which wins over -u-hc.
    let cycle = hourCycle ?? (hour12 === undefined ? keywords.get("hc") : undefined);
    if (hour12 !== undefined) cycle = hour12 ? (locale.startsWith("ja") ? "h11" : "h12") : "h23";
    if (cycle === "h24") cycle = "h23";
    const calendarKeyword = calendar ?? keywords.get("ca");
    const nativeLocale = withKeywords(locale, [
      ["ca", calendarKeyword === "gregory" ? undefined : calendarKeyword],
      ["hc", hasHour ? cycle : undefined],
    ]);
    let skeleton = "";
    if (dateStyle === undefined && timeStyle === undefined) {
      for (const [name] of COMPONENTS) {
        const value = components[name];
        if (value === undefined || name === "dayPeriod") continue;
        if (name === "hour") {
          const letter = cycle === undefined ? "j" : cycle === "h11" || cycle === "h12" ? "h" : "H";
          skeleton += value === "2-digit" ? letter + letter : letter;
        } else {
          skeleton += SKELETON[name][value];
        }
      }
    }
    const named = (/** @type {string[]} */ names, /** @type {string} */ value) =>
      names.filter((name) => components[name] === value).join(",");
    this.#native = {
      locale: nativeLocale,
      timeZone,
      dateStyle,
      timeStyle,
      skeleton,
      numeric: UNPADDED.test(locale) ? named(["month", "day"], "numeric") : "",
      twoDigit: named(["month", "day", "hour", "minute", "second"], "2-digit"),
    };
    this.#key = "dtf" + keyOf(this.#native);
    const [resolvedCycle, resolvedCalendar] = native.dateTimeResolve(this.#key, this.#native);
    /** @type {Options} */
    const resolved = {
      locale: withKeywords(locale, [
        ["ca", calendar === undefined ? keywords.get("ca") : undefined],
        ["hc", hourCycle === undefined && hour12 === undefined && hasHour ? keywords.get("hc") : undefined],
        ["nu", numberingSystem === undefined ? keywords.get("nu") : undefined],
      ]),
      calendar: resolvedCalendar,
      numberingSystem: numberingSystemOf(locale),
      timeZone,
    };
    if (hasHour) {
      const hc = cycle ?? resolvedCycle ?? "h23";
      resolved.hourCycle = hc;
      resolved.hour12 = hc === "h11" || hc === "h12";
    }
    for (const [name] of COMPONENTS) {
      if (components[name] !== undefined) resolved[name] = components[name];
    }
    if (dateStyle !== undefined) resolved.dateStyle = dateStyle;
    if (timeStyle !== undefined) resolved.timeStyle = timeStyle;
    this.#resolved = resolved;
  }

  /** @returns {(date?: unknown) => string} */
  get format() {
    this.#bound ??= (date = undefined) => /** @type {string} */ (this.#format(date, false));
    return this.#bound;
  }

  /**
   * @param {unknown} date
   * @param {boolean} parts
   */
  #format(date, parts) {
    return native.dateTimeFormat(this.#key, this.#native, timeValue(date), parts);
  }

  /** @param {unknown} [date] */
  formatToParts(date = undefined) {
    const pairs = /** @type {[string, string][]} */ (this.#format(date, true));
    return pairs.map(([type, value]) => ({ type, value }));
  }

  /**
   * A range as CLDR's fallback "start – end" (thin spaces): ICU4X's range patterns are
   * not used, so shared fields are not collapsed (`Jan 1 – 6, 1970` is
   * `Jan 1, 1970 – Jan 6, 1970`); one date when both format the same.
   * @param {unknown} start
   * @param {unknown} end
   */
  formatRange(start, end) {
    if (start === undefined || end === undefined) throw new TypeError("startDate and endDate are required");
    const a = /** @type {string} */ (this.#format(start, false));
    const b = /** @type {string} */ (this.#format(end, false));
    return a === b ? a : `${a}\u2009–\u2009${b}`;
  }

  resolvedOptions() {
    return { ...this.#resolved };
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- NumberFormat

/** ECMA-402's sanctioned single units (a unit is one of them, or two joined by "-per-"). */
const SANCTIONED_UNITS = new Set(
  (
    "acre bit byte celsius centimeter day degree fahrenheit fluid-ounce foot gallon gigabit " +
    "gigabyte gram hectare hour inch kilobit kilobyte kilogram kilometer liter megabit megabyte " +
    "meter microsecond mile mile-scandinavian milliliter millimeter millisecond minute month " +
    "nanosecond ounce percent petabyte pound second stone terabit terabyte week yard year"
  ).split(" "),
);

/** ECMA-402 IsWellFormedUnitIdentifier. @param {string} unit */
function isWellFormedUnit(unit) {
  if (SANCTIONED_UNITS.has(unit)) return true;
  const at = unit.indexOf("-per-");
  return at > 0 && SANCTIONED_UNITS.has(unit.slice(0, at)) && SANCTIONED_UNITS.has(unit.slice(at + 5));
}

/** ISO 4217 minor units where they are not 2. */
/** @type {Record<string, number>} */
const CURRENCY_DIGITS = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

/**
 * SetNumberFormatDigitOptions (the parts this implementation honours).
 * @param {Options} opts
 * @param {number} minDefault
 * @param {number} maxDefault
 * @param {string} notation
 */
function digitOptions(opts, minDefault, maxDefault, notation) {
  /** @type {Options} */
  const digits = {};
  digits.minimumIntegerDigits = getNumberOption(opts, "minimumIntegerDigits", 1, 21, 1);
  const mnfd = opts.minimumFractionDigits;
  const mxfd = opts.maximumFractionDigits;
  const mnsd = opts.minimumSignificantDigits;
  const mxsd = opts.maximumSignificantDigits;
  if (mnsd !== undefined || mxsd !== undefined) {
    const min = getNumberOption(opts, "minimumSignificantDigits", 1, 21, 1) ?? 1;
    const max = getNumberOption(opts, "maximumSignificantDigits", min, 21, 21) ?? 21;
    digits.minimumSignificantDigits = min;
    digits.maximumSignificantDigits = max;
    return digits;
  }
  if (mnfd !== undefined || mxfd !== undefined) {
    let min = getNumberOption(opts, "minimumFractionDigits", 0, 100, undefined);
    let max = getNumberOption(opts, "maximumFractionDigits", 0, 100, undefined);
    if (min === undefined) min = Math.min(minDefault, /** @type {number} */ (max));
    else if (max === undefined) max = Math.max(maxDefault, min);
    else if (min > max) throw new RangeError("maximumFractionDigits value is out of range.");
    digits.minimumFractionDigits = min;
    digits.maximumFractionDigits = max;
    return digits;
  }
  if (notation === "compact") {
    digits.minimumFractionDigits = 0;
    digits.maximumFractionDigits = 0;
    digits.minimumSignificantDigits = 1;
    digits.maximumSignificantDigits = 2;
    digits.compact = true;
    return digits;
  }
  digits.minimumFractionDigits = minDefault;
  digits.maximumFractionDigits = maxDefault;
  return digits;
}

const NUMBER_SYMBOLS = { nan: "NaN", infinity: "∞" };

export class NumberFormat {
  /** @type {Options} */
  #native;
  /** @type {string} */
  #key;
  /** @type {Options} */
  #resolved;
  /** @type {((value?: unknown) => string) | undefined} */
  #bound;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   */
  constructor(locales = undefined, options = undefined) {
    const [locale, keywords] = resolveLocale(locales);
    const opts = toOptions(options);
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    const numberingSystem = getOption(opts, "numberingSystem", "string", undefined, undefined);
    const style = getOption(opts, "style", "string", ["decimal", "percent", "currency", "unit"], "decimal");
    let currency = getOption(opts, "currency", "string", undefined, undefined);
    if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) {
      throw new RangeError(`Invalid currency code : ${currency}`);
    }
    const currencyDisplay = getOption(
      opts,
      "currencyDisplay",
      "string",
      ["code", "symbol", "narrowSymbol", "name"],
      "symbol",
    );
    const currencySign = getOption(opts, "currencySign", "string", ["standard", "accounting"], "standard");
    const unit = getOption(opts, "unit", "string", undefined, undefined);
    const unitDisplay = getOption(opts, "unitDisplay", "string", ["short", "narrow", "long"], "short");
    if (style === "currency" && currency === undefined)
      throw new TypeError("Currency code is required with currency style.");
    if (unit !== undefined && !isWellFormedUnit(unit))
      throw new RangeError(`Invalid unit argument for Intl.NumberFormat() '${unit}'`);
    if (style === "unit" && unit === undefined) throw new TypeError("Unit is required with unit style.");
    currency = currency?.toUpperCase();
    const notation = getOption(
      opts,
      "notation",
      "string",
      ["standard", "scientific", "engineering", "compact"],
      "standard",
    );
    const cDigits = style === "currency" ? (CURRENCY_DIGITS[/** @type {string} */ (currency)] ?? 2) : 0;
    const minDefault = style === "currency" && notation !== "compact" ? cDigits : 0;
    const maxDefault = style === "currency" && notation !== "compact" ? cDigits : style === "percent" ? 0 : 3;
    const digits = digitOptions(opts, minDefault, maxDefault, notation);
    const compactDisplay = getOption(opts, "compactDisplay", "string", ["short", "long"], "short");
    const groupingDefault = notation === "compact" ? "min2" : "auto";
    let useGrouping = opts.useGrouping;
    if (useGrouping === undefined) useGrouping = groupingDefault;
    else if (useGrouping === true) useGrouping = "always";
    else if (useGrouping === false || useGrouping === null || useGrouping === "" || useGrouping === 0)
      useGrouping = false;
    else {
      useGrouping = String(useGrouping);
      if (useGrouping === "true" || useGrouping === "false") useGrouping = groupingDefault;
      else if (!["min2", "auto", "always"].includes(useGrouping)) {
        throw new RangeError(
          `Value ${useGrouping} out of range for Intl.NumberFormat options property useGrouping`,
        );
      }
    }
    const signDisplay = getOption(
      opts,
      "signDisplay",
      "string",
      ["auto", "never", "always", "exceptZero", "negative"],
      "auto",
    );
    this.#native = {
      locale: withKeywords(locale, [["nu", numberingSystem ?? keywords.get("nu")]]),
      style,
      currency,
      currencyDisplay,
      notation,
      compactDisplay,
      useGrouping: String(useGrouping),
      signDisplay,
      ...(style === "unit" ? { unit, unitDisplay } : {}),
      ...digits,
    };
    this.#key = "nf" + keyOf(this.#native);
    // A unit the engine has no data for fails here, not at the first format.
    if (style === "unit") native.numberFormat(this.#key, this.#native, 0, false);
    /** @type {Options} */
    const resolved = { locale, numberingSystem: numberingSystemOf(this.#native.locale), style };
    if (style === "currency") Object.assign(resolved, { currency, currencyDisplay, currencySign });
    if (style === "unit") Object.assign(resolved, { unit, unitDisplay });
    resolved.minimumIntegerDigits = digits.minimumIntegerDigits;
    if (digits.minimumFractionDigits !== undefined) {
      resolved.minimumFractionDigits = digits.minimumFractionDigits;
      resolved.maximumFractionDigits = digits.maximumFractionDigits;
    }
    if (digits.minimumSignificantDigits !== undefined) {
      resolved.minimumSignificantDigits = digits.minimumSignificantDigits;
      resolved.maximumSignificantDigits = digits.maximumSignificantDigits;
    }
    resolved.useGrouping = useGrouping;
    resolved.notation = notation;
    if (notation === "compact") resolved.compactDisplay = compactDisplay;
    resolved.signDisplay = signDisplay;
    // In Node 20's order (V8's), which the standard leaves to the implementation here.
    resolved.roundingMode = "halfExpand";
    resolved.roundingIncrement = 1;
    resolved.trailingZeroDisplay = "auto";
    resolved.roundingPriority = digits.compact ? "morePrecision" : "auto";
    this.#resolved = resolved;
  }

  /** @returns {(value?: unknown) => string} */
  get format() {
    this.#bound ??= (value = undefined) =>
      this.#parts(value)
        .map((p) => p.value)
        .join("");
    return this.#bound;
  }

  /** @param {unknown} [value] */
  formatToParts(value = undefined) {
    return this.#parts(value);
  }

  /**
   * @param {unknown} value
   * @returns {{ type: string, value: string }[]}
   */
  #parts(value) {
    /** @type {number | string} */
    let x;
    if (typeof value === "bigint") x = value.toString();
    else if (typeof value === "string") {
      const text = value.trim();
      x = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? text.replace(/^\+/, "") : Number(text);
    } else x = Number(value);
    if (typeof x === "number" && !Number.isFinite(x)) {
      // NaN and ±∞: the locale's affixes around the symbol.
      const symbol = Number.isNaN(x) ? "nan" : "infinity";
      const pairs = /** @type {[string, string][]} */ (
        native.numberFormat(this.#key, this.#native, x < 0 ? -1 : 1, true)
      );
      /** @type {{ type: string, value: string }[]} */
      const out = [];
      for (const [type, text] of pairs) {
        if (type === "integer" || type === "group" || type === "decimal" || type === "fraction") {
          if (!out.some((p) => p.type === symbol)) out.push({ type: symbol, value: NUMBER_SYMBOLS[symbol] });
        } else if (!(symbol === "nan" && (type === "minusSign" || type === "plusSign"))) {
          out.push({ type, value: text });
        }
      }
      return out;
    }
    const pairs = /** @type {[string, string][]} */ (native.numberFormat(this.#key, this.#native, x, true));
    return pairs.map(([type, text]) => ({ type, value: text }));
  }

  resolvedOptions() {
    return { ...this.#resolved };
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- Collator

export class Collator {
  /** @type {Options} */
  #native;
  /** @type {string} */
  #key;
  /** @type {Options} */
  #resolved;
  /** @type {((a: unknown, b: unknown) => number) | undefined} */
  #bound;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   */
  constructor(locales = undefined, options = undefined) {
    const [locale, keywords] = resolveLocale(locales);
    const opts = toOptions(options);
    const usage = getOption(opts, "usage", "string", ["sort", "search"], "sort");
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    getOption(opts, "collation", "string", undefined, undefined);
    let numeric = getOption(opts, "numeric", "boolean", undefined, undefined);
    if (numeric === undefined && keywords.has("kn")) numeric = keywords.get("kn") !== "false";
    let caseFirst = getOption(opts, "caseFirst", "string", ["upper", "lower", "false"], undefined);
    caseFirst ??= keywords.get("kf") ?? "false";
    const sensitivity = getOption(
      opts,
      "sensitivity",
      "string",
      ["base", "accent", "case", "variant"],
      "variant",
    );
    const ignorePunctuation = getOption(opts, "ignorePunctuation", "boolean", undefined, false);
    this.#native = {
      locale: withKeywords(locale, [
        ["kn", numeric ? "true" : undefined],
        ["kf", caseFirst === "false" ? undefined : caseFirst],
      ]),
      sensitivity,
      ignorePunctuation,
    };
    this.#key = "co" + keyOf(this.#native);
    this.#resolved = {
      locale,
      usage,
      sensitivity,
      ignorePunctuation,
      collation: "default",
      numeric: Boolean(numeric),
      caseFirst,
    };
  }

  /** @returns {(a: unknown, b: unknown) => number} */
  get compare() {
    this.#bound ??= (a, b) => native.collatorCompare(this.#key, this.#native, String(a), String(b));
    return this.#bound;
  }

  resolvedOptions() {
    return { ...this.#resolved };
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- PluralRules

export class PluralRules {
  /** @type {Options} */
  #native;
  /** @type {string} */
  #key;
  /** @type {Options} */
  #resolved;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   */
  constructor(locales = undefined, options = undefined) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.PluralRules requires 'new'");
    const [locale] = resolveLocale(locales);
    const opts = toOptions(options);
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    const type = getOption(opts, "type", "string", ["cardinal", "ordinal"], "cardinal");
    const digits = digitOptions(opts, 0, 3, "standard");
    this.#native = { locale, type, ...digits };
    this.#key = "pr" + keyOf(this.#native);
    const categories = native.pluralCategories(this.#key, this.#native);
    const order = ["zero", "one", "two", "few", "many", "other"];
    this.#resolved = {
      locale,
      type,
      ...digits,
      pluralCategories: order.filter((c) => categories.includes(c)),
      roundingIncrement: 1,
      roundingMode: "halfExpand",
      roundingPriority: "auto",
      trailingZeroDisplay: "auto",
    };
  }

  /** @param {unknown} value */
  select(value) {
    const n = Number(value);
    if (!Number.isFinite(n)) return "other";
    return native.pluralSelect(this.#key, this.#native, n);
  }

  resolvedOptions() {
    const copy = { ...this.#resolved };
    copy.pluralCategories = [...copy.pluralCategories];
    return copy;
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- RelativeTimeFormat

const RELATIVE_UNITS = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"];

export class RelativeTimeFormat {
  /** @type {Options} */
  #native;
  /** @type {Options} */
  #resolved;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   */
  constructor(locales = undefined, options = undefined) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.RelativeTimeFormat requires 'new'");
    const [locale, keywords] = resolveLocale(locales);
    const opts = toOptions(options);
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    const numberingSystem = getOption(opts, "numberingSystem", "string", undefined, undefined);
    const style = getOption(opts, "style", "string", ["long", "short", "narrow"], "long");
    const numeric = getOption(opts, "numeric", "string", ["always", "auto"], "always");
    const nativeLocale = withKeywords(locale, [["nu", numberingSystem ?? keywords.get("nu")]]);
    this.#native = { locale: nativeLocale, style, numeric };
    this.#resolved = { locale, style, numeric, numberingSystem: numberingSystemOf(nativeLocale) };
  }

  /**
   * @param {unknown} value
   * @param {unknown} unit
   */
  format(value, unit) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new RangeError("Invalid number value");
    let name = String(unit);
    if (name.endsWith("s")) name = name.slice(0, -1);
    if (!RELATIVE_UNITS.includes(name))
      throw new RangeError(`Invalid unit argument for format() '${String(unit)}'`);
    const options = { ...this.#native, unit: name };
    return native.relativeTimeFormat("rt" + keyOf(options), options, n);
  }

  /**
   * @param {unknown} value
   * @param {unknown} unit
   */
  formatToParts(value, unit) {
    const text = this.format(value, unit);
    const n = Math.abs(Number(value));
    let name = String(unit);
    if (name.endsWith("s")) name = name.slice(0, -1);
    const number = new NumberFormat(this.#native.locale).formatToParts(n);
    const digits = number.map((p) => p.value).join("");
    const at = text.indexOf(digits);
    if (at < 0) return [{ type: "literal", value: text }];
    /** @type {{ type: string, value: string, unit?: string }[]} */
    const parts = [];
    if (at > 0) parts.push({ type: "literal", value: text.slice(0, at) });
    for (const part of number) parts.push({ type: part.type, value: part.value, unit: name });
    if (at + digits.length < text.length)
      parts.push({ type: "literal", value: text.slice(at + digits.length) });
    return parts;
  }

  resolvedOptions() {
    return { ...this.#resolved };
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- ListFormat

export class ListFormat {
  /** @type {Options} */
  #native;
  /** @type {string} */
  #key;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   */
  constructor(locales = undefined, options = undefined) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.ListFormat requires 'new'");
    const [locale] = resolveLocale(locales);
    const opts = toOptions(options);
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    const type = getOption(opts, "type", "string", ["conjunction", "disjunction", "unit"], "conjunction");
    const style = getOption(opts, "style", "string", ["long", "short", "narrow"], "long");
    this.#native = { locale, type, style };
    this.#key = "lf" + keyOf(this.#native);
  }

  /** @param {unknown} list */
  #strings(list) {
    if (list === undefined) return [];
    /** @type {string[]} */
    const items = [];
    for (const item of /** @type {Iterable<unknown>} */ (list)) {
      if (typeof item !== "string")
        throw new TypeError(`Iterable yielded ${String(item)} which is not a string`);
      items.push(item);
    }
    return items;
  }

  /** @param {unknown} list */
  format(list) {
    return /** @type {string} */ (native.listFormat(this.#key, this.#native, this.#strings(list), false));
  }

  /** @param {unknown} list */
  formatToParts(list) {
    const pairs = /** @type {[string, string][]} */ (
      native.listFormat(this.#key, this.#native, this.#strings(list), true)
    );
    return pairs.map(([type, value]) => ({ type, value }));
  }

  resolvedOptions() {
    const { locale, type, style } = this.#native;
    return { locale, type, style };
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- Segmenter

/**
 * @typedef {{ segment: string, index: number, input: string, isWordLike?: boolean }} SegmentData
 */

class Segments {
  /** @type {string} */
  #input;
  /** @type {string} */
  #granularity;
  /** @type {number[]} */
  #bounds;
  /** @type {boolean[]} */
  #words;

  /**
   * @param {string} input
   * @param {string} granularity
   */
  constructor(input, granularity) {
    this.#input = input;
    this.#granularity = granularity;
    [this.#bounds, this.#words] = native.segment(input, granularity);
  }

  /** @param {number} i */
  #data(i) {
    const start = this.#bounds[i];
    /** @type {SegmentData} */
    const data = { segment: this.#input.slice(start, this.#bounds[i + 1]), index: start, input: this.#input };
    if (this.#granularity === "word") data.isWordLike = this.#words[i];
    return data;
  }

  /** @param {unknown} [index] */
  containing(index = undefined) {
    const n = Math.trunc(Number(index)) || 0;
    if (n < 0 || n >= this.#input.length) return undefined;
    let i = 0;
    while (this.#bounds[i + 1] <= n) i++;
    return this.#data(i);
  }

  *[Symbol.iterator]() {
    for (let i = 0; i + 1 < this.#bounds.length; i++) yield this.#data(i);
  }
}

export class Segmenter {
  /** @type {Options} */
  #resolved;

  /**
   * @param {unknown} [locales]
   * @param {unknown} [options]
   */
  constructor(locales = undefined, options = undefined) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.Segmenter requires 'new'");
    const [locale] = resolveLocale(locales);
    const opts = toOptions(options);
    getOption(opts, "localeMatcher", "string", LOCALE_MATCHERS, "best fit");
    const granularity = getOption(
      opts,
      "granularity",
      "string",
      ["grapheme", "word", "sentence"],
      "grapheme",
    );
    this.#resolved = { locale, granularity };
  }

  /** @param {unknown} input */
  segment(input) {
    return new Segments(String(input), this.#resolved.granularity);
  }

  resolvedOptions() {
    return { ...this.#resolved };
  }

  /**
   * @param {unknown} locales
   * @param {unknown} [options]
   */
  static supportedLocalesOf(locales, options = undefined) {
    return supportedLocales(locales, options);
  }
}

// ---------------------------------------------------------------- Locale

export class Locale {
  /** @type {string} */
  #tag;

  /**
   * @param {unknown} tag
   * @param {unknown} [options]
   */
  constructor(tag, options = undefined) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.Locale requires 'new'");
    if (typeof tag !== "string" && !(tag instanceof Locale) && (typeof tag !== "object" || tag === null)) {
      throw new TypeError("First argument to Intl.Locale constructor can't be empty or missing");
    }
    const canonical = native.canonicalizeLocale(tag instanceof Locale ? tag.toString() : String(tag));
    const opts = toOptions(options);
    let [base, keywords] = splitExtensions(canonical);
    const parts = base.split("-");
    const language = getOption(opts, "language", "string", undefined, undefined);
    const script = getOption(opts, "script", "string", undefined, undefined);
    const region = getOption(opts, "region", "string", undefined, undefined);
    if (language !== undefined) parts[0] = language;
    const hasScript = parts.length > 1 && /^[A-Za-z]{4}$/.test(parts[1]);
    if (script !== undefined) {
      if (hasScript) parts[1] = script;
      else parts.splice(1, 0, script);
    }
    if (region !== undefined) {
      const at = parts.length > 1 && /^[A-Za-z]{4}$/.test(parts[1]) ? 2 : 1;
      if (parts.length > at && /^([A-Za-z]{2}|\d{3})$/.test(parts[at])) parts[at] = region;
      else parts.splice(at, 0, region);
    }
    base = native.canonicalizeLocale(parts.join("-"));
    /** @type {[string, string][]} */
    const keys = [
      ["calendar", "ca"],
      ["collation", "co"],
      ["hourCycle", "hc"],
      ["caseFirst", "kf"],
      ["numeric", "kn"],
      ["numberingSystem", "nu"],
    ];
    for (const [option, key] of keys) {
      const value = getOption(
        opts,
        option,
        option === "numeric" ? "boolean" : "string",
        undefined,
        undefined,
      );
      if (value !== undefined) keywords.set(key, String(value));
    }
    const sorted = [...keywords.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    this.#tag = withKeywords(base, sorted);
  }

  toString() {
    return this.#tag;
  }

  get baseName() {
    return splitExtensions(this.#tag)[0];
  }

  get language() {
    return this.baseName.split("-")[0];
  }

  get script() {
    return this.baseName.split("-").find((s, i) => i > 0 && /^[A-Za-z]{4}$/.test(s));
  }

  get region() {
    return this.baseName.split("-").find((s, i) => i > 0 && /^([A-Za-z]{2}|\d{3})$/.test(s));
  }

  /** @param {string} key */
  #keyword(key) {
    return splitExtensions(this.#tag)[1].get(key);
  }

  get calendar() {
    return this.#keyword("ca");
  }

  get collation() {
    return this.#keyword("co");
  }

  get hourCycle() {
    return this.#keyword("hc");
  }

  get caseFirst() {
    return this.#keyword("kf");
  }

  get numeric() {
    const value = this.#keyword("kn");
    return value !== undefined && value !== "false";
  }

  get numberingSystem() {
    return this.#keyword("nu");
  }
}

// ---------------------------------------------------------------- the namespace

/** @param {unknown} locales */
function getCanonicalLocales(locales) {
  return canonicalizeLocaleList(locales);
}

export const Intl = {
  getCanonicalLocales,
  DateTimeFormat,
  NumberFormat,
  Collator,
  PluralRules,
  RelativeTimeFormat,
  ListFormat,
  Segmenter,
  Locale,
};
for (const name of Object.keys(Intl)) {
  Object.defineProperty(Intl, name, { enumerable: false });
}
Object.defineProperty(Intl, Symbol.toStringTag, { value: "Intl", configurable: true });

// ---------------------------------------------------------------- locale-sensitive methods

/** @type {Map<string, DateTimeFormat | NumberFormat | Collator>} */
const defaults = new Map();

/**
 * A formatter for (locales, options), the one for no arguments kept.
 * @template T
 * @param {string} kind
 * @param {unknown} locales
 * @param {unknown} options
 * @param {() => T} make
 * @returns {T}
 */
function formatterFor(kind, locales, options, make) {
  if (locales !== undefined || options !== undefined) return make();
  let formatter = /** @type {T | undefined} */ (defaults.get(kind));
  if (formatter === undefined) {
    formatter = make();
    defaults.set(kind, /** @type {any} */ (formatter));
  }
  return formatter;
}

/**
 * @param {unknown} date
 * @param {string} method
 */
function thisTime(date, method) {
  if (!(date instanceof Date)) throw new TypeError(`this is not a Date object.`);
  void method;
  return Date.prototype.getTime.call(date);
}

/** @param {unknown} value */
function thisNumber(value) {
  if (typeof value === "number") return value;
  if (value instanceof Number) return Number.prototype.valueOf.call(value);
  throw new TypeError("Number.prototype.toLocaleString requires that 'this' be a Number");
}

const localeMethods = {
  Date: {
    /**
     * @this {unknown}
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    toLocaleString(locales = undefined, options = undefined) {
      const time = thisTime(this, "toLocaleString");
      if (Number.isNaN(time)) return "Invalid Date";
      return formatterFor(
        "dateAll",
        locales,
        options,
        () => new DateTimeFormat(locales, options, "any", "all"),
      ).format(time);
    },
    /**
     * @this {unknown}
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    toLocaleDateString(locales = undefined, options = undefined) {
      const time = thisTime(this, "toLocaleDateString");
      if (Number.isNaN(time)) return "Invalid Date";
      return formatterFor(
        "dateDate",
        locales,
        options,
        () => new DateTimeFormat(locales, options, "date", "date"),
      ).format(time);
    },
    /**
     * @this {unknown}
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    toLocaleTimeString(locales = undefined, options = undefined) {
      const time = thisTime(this, "toLocaleTimeString");
      if (Number.isNaN(time)) return "Invalid Date";
      return formatterFor(
        "dateTime",
        locales,
        options,
        () => new DateTimeFormat(locales, options, "time", "time"),
      ).format(time);
    },
  },
  Number: {
    /**
     * @this {unknown}
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    toLocaleString(locales = undefined, options = undefined) {
      const value = thisNumber(this);
      return formatterFor("number", locales, options, () => new NumberFormat(locales, options)).format(value);
    },
  },
  BigInt: {
    /**
     * @this {unknown}
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    toLocaleString(locales = undefined, options = undefined) {
      const value =
        typeof this === "bigint"
          ? this
          : this instanceof BigInt
            ? BigInt.prototype.valueOf.call(this)
            : undefined;
      if (value === undefined)
        throw new TypeError("BigInt.prototype.toLocaleString requires that 'this' be a BigInt");
      return formatterFor("number", locales, options, () => new NumberFormat(locales, options)).format(value);
    },
  },
  String: {
    /**
     * @this {unknown}
     * @param {unknown} that
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    localeCompare(that, locales = undefined, options = undefined) {
      if (this === undefined || this === null)
        throw new TypeError("String.prototype.localeCompare called on null or undefined");
      const collator = formatterFor("collator", locales, options, () => new Collator(locales, options));
      return collator.compare(String(this), String(that));
    },
  },
  Array: {
    /**
     * @this {unknown}
     * @param {unknown} [locales]
     * @param {unknown} [options]
     */
    toLocaleString(locales = undefined, options = undefined) {
      if (this === undefined || this === null)
        throw new TypeError("Array.prototype.toLocaleString called on null or undefined");
      /** @type {any} */
      const array = Object(this);
      const length = Math.min(Math.max(Math.trunc(Number(array.length)) || 0, 0), 2 ** 53 - 1);
      let text = "";
      for (let k = 0; k < length; k++) {
        if (k > 0) text += ",";
        const element = array[k];
        if (element !== undefined && element !== null)
          text += String(element.toLocaleString(locales, options));
      }
      return text;
    },
  },
};

/** @type {Record<string, any>} */
const prototypes = {
  Date: Date.prototype,
  Number: Number.prototype,
  BigInt: BigInt.prototype,
  String: String.prototype,
  Array: Array.prototype,
};
for (const [owner, methods] of Object.entries(localeMethods)) {
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(prototypes[owner], name, {
      value: method,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
