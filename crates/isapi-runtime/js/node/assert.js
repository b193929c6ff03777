// node:assert — the legacy (loose) assert with `assert.strict` (./assert/strict.js is that
// object). AssertionError carries Node's code, actual/expected/operator and
// generatedMessage; generated messages follow Node's wording, and the "+ actual -
// expected" diff for multi-line values is a plain line diff (Node also collapses long
// runs of equal lines and marks the first differing column; ours does neither).
import { inspect } from "./internal/inspect.js";
import { isDeepStrictEqual, isDeepLooseEqual } from "./internal/comparisons.js";
import { isPromise, isRegExp, isNativeError } from "./internal/types.js";
import { codedError, describeReceived, invalidArgType } from "./internal/errors.js";

/**
 * ERR_INVALID_ARG_TYPE for throws' `error` argument, worded as Node words it (its class
 * list keeps Object last, which invalidArgType would move first).
 * @param {unknown} value
 */
function invalidErrorArg(value) {
  return codedError(
    TypeError,
    "ERR_INVALID_ARG_TYPE",
    `The "error" argument must be of type function or an instance of Error, RegExp, or Object.${describeReceived(value)}`,
  );
}

const HEADERS = /** @type {Record<string, string>} */ ({
  deepStrictEqual: "Expected values to be strictly deep-equal:",
  strictEqual: "Expected values to be strictly equal:",
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: "Expected values to be loosely deep-equal:",
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: "Values have same structure but are not reference-equal:",
  notDeepEqualUnequal: "Expected values not to be loosely deep-equal:",
});

/** How assertion messages show a value: every level, one entry per line, keys sorted. @param {unknown} value */
function inspectValue(value) {
  return inspect(value, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

/** @param {unknown} value */
const isObjectLike = (value) => (typeof value === "object" && value !== null) || typeof value === "function";

/**
 * The message of a failed strictEqual/deepStrictEqual: the values inline when short,
 * else a line diff. Returns [header, body] so a user message can replace the header.
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} operator
 * @returns {[string, string]}
 */
function diffMessage(actual, expected, operator) {
  if (
    operator === "strictEqual" &&
    isObjectLike(actual) &&
    isObjectLike(expected) &&
    typeof actual === typeof expected
  ) {
    operator = "strictEqualObject";
  }
  const actualLines = inspectValue(actual).split("\n");
  const expectedLines = inspectValue(expected).split("\n");
  if (
    actualLines.length === 1 &&
    expectedLines.length === 1 &&
    actualLines[0] !== expectedLines[0] &&
    actualLines[0].length + expectedLines[0].length <= 12 &&
    !isObjectLike(actual) &&
    !isObjectLike(expected) &&
    (actual !== 0 || expected !== 0)
  ) {
    return [HEADERS[operator], `\n\n${actualLines[0]} !== ${expectedLines[0]}\n`];
  }
  if (actualLines.join("\n") === expectedLines.join("\n")) {
    return [HEADERS.notIdentical, `\n\n${actualLines.join("\n")}\n`];
  }
  // Common lines at the start and end, the differing middle as + (actual) and - (expected).
  let start = 0;
  while (
    start < actualLines.length &&
    start < expectedLines.length &&
    sameLine(actualLines[start], expectedLines[start])
  ) {
    start++;
  }
  let endA = actualLines.length;
  let endE = expectedLines.length;
  while (endA > start && endE > start && sameLine(actualLines[endA - 1], expectedLines[endE - 1])) {
    endA--;
    endE--;
  }
  const lines = [];
  for (let i = 0; i < start; i++) lines.push(`  ${withComma(actualLines[i], expectedLines[i])}`);
  for (let i = start; i < endA; i++) lines.push(`+ ${actualLines[i]}`);
  for (let i = start; i < endE; i++) lines.push(`- ${expectedLines[i]}`);
  for (let i = endA; i < actualLines.length; i++)
    lines.push(`  ${withComma(actualLines[i], expectedLines[i - endA + endE])}`);
  return [HEADERS[operator], `\n+ actual - expected\n\n${lines.join("\n")}`];
}

/** Lines equal but for a trailing comma (the last item of one is not last in the other). @param {string} a @param {string} b */
function sameLine(a, b) {
  return a === b || `${a},` === b || a === `${b},`;
}

/** @param {string} a @param {string} b */
function withComma(a, b) {
  return b !== undefined && b.endsWith(",") && !a.endsWith(",") ? `${a},` : a;
}

/**
 * @typedef {{
 *   message?: string | Error, actual?: unknown, expected?: unknown, operator?: string,
 *   stackStartFn?: Function, stackStartFunction?: Function, details?: unknown,
 * }} AssertionErrorOptions
 */

export class AssertionError extends Error {
  /** @param {AssertionErrorOptions} options */
  constructor(options) {
    if (options === null || typeof options !== "object") throw invalidArgType("options", "Object", options);
    const { message, operator, actual, expected } = options;
    if (message != null) {
      let text = String(message);
      if (operator === "deepStrictEqual" || operator === "strictEqual") {
        text += diffMessage(actual, expected, operator)[1];
      }
      super(text);
    } else if (operator === "deepStrictEqual" || operator === "strictEqual") {
      super(diffMessage(actual, expected, operator).join(""));
    } else if (operator === "notDeepStrictEqual" || operator === "notStrictEqual") {
      let header = HEADERS[operator];
      if (operator === "notStrictEqual" && isObjectLike(actual)) header = HEADERS.notStrictEqualObject;
      const lines = inspectValue(actual).split("\n");
      if (lines.length === 1) super(`${header}${lines[0].length > 5 ? "\n\n" : " "}${lines[0]}`);
      else super(`${header}\n\n${lines.join("\n")}\n`);
    } else {
      const shownActual = inspectValue(actual);
      const shownExpected = inspectValue(expected);
      if (operator === "notDeepEqual" && shownActual === shownExpected) {
        super(`${HEADERS.notDeepEqual}\n\n${shownActual}`);
      } else if (operator === "deepEqual") {
        super(`${HEADERS.deepEqual}\n\n${shownActual}\n\nshould loosely deep-equal\n\n${shownExpected}`);
      } else if (operator === "notDeepEqual") {
        super(
          `${HEADERS.notDeepEqualUnequal}\n\n${shownActual}\n\nshould not loosely deep-equal\n\n${shownExpected}`,
        );
      } else {
        super(`${shownActual} ${operator} ${shownExpected}`);
      }
    }
    this.generatedMessage = message == null;
    Object.defineProperty(this, "name", {
      value: "AssertionError [ERR_ASSERTION]",
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = "ERR_ASSERTION";
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    // The name with the code is only for the stack's first line, as in Node.
    void this.stack;
    this.name = "AssertionError";
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  /** @param {number} _depth @param {object} options */
  [Symbol.for("nodejs.util.inspect.custom")](_depth, options) {
    return inspect(this, { ...options, customInspect: false, depth: 0 });
  }
}

/**
 * Throws `message` if it is an Error, else an AssertionError.
 * @param {AssertionErrorOptions} options
 * @returns {never}
 */
function fail_(options, generated = false) {
  if (options.message instanceof Error) throw options.message;
  const error = new AssertionError(options);
  if (generated) error.generatedMessage = true;
  throw error;
}

/**
 * @param {unknown} value
 * @param {string | Error} [message]
 */
function ok(value, message) {
  if (!value) {
    if (arguments.length === 0) {
      fail_(
        {
          message: "No value argument passed to `assert.ok()`",
          actual: value,
          expected: true,
          operator: "==",
        },
        true,
      );
    }
    const error = new AssertionError({
      message,
      actual: value,
      expected: true,
      operator: "==",
      stackStartFn: ok,
    });
    if (message instanceof Error) throw message;
    // Node quotes the calling source line here when it can read the file; without source, as here, it says `value == true`.
    error.generatedMessage = message == null;
    throw error;
  }
}

/**
 * The default export: `assert(value, message)` is `assert.ok`.
 * @param {unknown} value
 * @param {string | Error} [message]
 */
function assert(value, message) {
  // eslint-disable-next-line prefer-rest-params
  Reflect.apply(ok, undefined, arguments);
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function equal(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  // eslint-disable-next-line eqeqeq
  if (actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected))) {
    fail_({ actual, expected, message, operator: "==" });
  }
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function notEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  // eslint-disable-next-line eqeqeq
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) {
    fail_({ actual, expected, message, operator: "!=" });
  }
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function strictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  if (!Object.is(actual, expected)) fail_({ actual, expected, message, operator: "strictEqual" });
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function notStrictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  if (Object.is(actual, expected)) fail_({ actual, expected, message, operator: "notStrictEqual" });
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function deepEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  if (!isDeepLooseEqual(actual, expected)) fail_({ actual, expected, message, operator: "deepEqual" });
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function notDeepEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  if (isDeepLooseEqual(actual, expected)) fail_({ actual, expected, message, operator: "notDeepEqual" });
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function deepStrictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  if (!isDeepStrictEqual(actual, expected)) fail_({ actual, expected, message, operator: "deepStrictEqual" });
}

/**
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error} [message]
 */
function notDeepStrictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs("actual", "expected");
  if (isDeepStrictEqual(actual, expected))
    fail_({ actual, expected, message, operator: "notDeepStrictEqual" });
}

/** @param {string[]} names */
function missingArgs(...names) {
  const list = names.map((n) => `"${n}"`).join(" and ");
  return codedError(TypeError, "ERR_MISSING_ARGS", `The ${list} arguments must be specified`);
}

/**
 * `assert.fail(message)`; the deprecated `fail(actual, expected, message, operator)` too.
 * @param {unknown} [actual]
 * @param {unknown} [expected]
 * @param {string | Error} [message]
 * @param {string} [operator]
 * @returns {never}
 */
function fail(actual, expected, message, operator) {
  const count = arguments.length;
  if (count === 0) return fail_({ message: "Failed", operator: "fail" }, true);
  if (count === 1) {
    return fail_({ message: /** @type {string | Error} */ (actual), operator: "fail" });
  }
  if (count === 2) operator = "!=";
  return fail_({ actual, expected, message, operator: operator ?? "fail" });
}

/** @param {unknown} value */
function ifError(value) {
  if (value === null || value === undefined) return;
  let message = "ifError got unwanted exception: ";
  const v = /** @type {any} */ (value);
  if (typeof v === "object" && typeof v.message === "string") {
    message += v.message.length === 0 && v.constructor ? v.constructor.name : v.message;
  } else {
    message += inspect(value);
  }
  const error = new AssertionError({ actual: value, expected: null, operator: "ifError", message });
  error.generatedMessage = false;
  throw error;
}

const NO_EXCEPTION = Symbol("no exception");

/** @param {Function} fn */
function getActual(fn) {
  if (typeof fn !== "function") throw invalidArgType("fn", "Function", fn);
  try {
    fn();
  } catch (error) {
    return error;
  }
  return NO_EXCEPTION;
}

/** @param {unknown} promiseFn */
async function waitForActual(promiseFn) {
  let promise;
  if (typeof promiseFn === "function") {
    promise = promiseFn();
    if (!isThenable(promise)) {
      throw codedError(
        TypeError,
        "ERR_INVALID_RETURN_VALUE",
        `Expected instance of Promise to be returned from the "promiseFn" function but got ${describeValue(promise)}.`,
      );
    }
  } else if (isThenable(promiseFn)) {
    promise = promiseFn;
  } else {
    throw invalidArgType("promiseFn", ["Function", "Promise"], promiseFn);
  }
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return NO_EXCEPTION;
}

/** @param {unknown} value */
function isThenable(value) {
  return (
    isPromise(value) ||
    (value !== null &&
      typeof value === "object" &&
      typeof (/** @type {any} */ (value).then) === "function" &&
      typeof (/** @type {any} */ (value).catch) === "function")
  );
}

/** Node's wording of a value: `undefined`, `type number (5)`, `an instance of Object`. @param {unknown} value */
function describeValue(value) {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return `function ${value.name}`;
  if (typeof value === "object") {
    const name = /** @type {any} */ (value).constructor?.name;
    return name ? `an instance of ${name}` : inspect(value, { depth: -1 });
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `type ${typeof value} (${shown})`;
}

/**
 * Checks a caught error against `expected` (a RegExp, a class, a validation function
 * or an object of properties); throws an AssertionError when it does not match.
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string | Error | undefined} message
 * @param {string} operator
 */
function expectedException(actual, expected, message, operator) {
  let generatedMessage = false;
  let throwError = false;
  if (typeof expected !== "function") {
    if (isRegExp(expected)) {
      const text = String(actual);
      if (RegExp.prototype.test.call(expected, text)) return;
      if (!message) {
        generatedMessage = true;
        message = `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(text)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== "object" || actual === null) {
      const error = new AssertionError({ actual, expected, message, operator: "deepStrictEqual" });
      error.operator = operator;
      throw error;
    } else {
      const keys = Object.keys(/** @type {object} */ (expected));
      if (expected instanceof Error) keys.push("name", "message");
      else if (keys.length === 0) throw invalidArgValue("error", expected, "may not be an empty object");
      for (const key of keys) {
        const want = /** @type {any} */ (expected)[key];
        const got = /** @type {any} */ (actual)[key];
        if (typeof got === "string" && isRegExp(want) && RegExp.prototype.test.call(want, got)) continue;
        if (!(key in /** @type {object} */ (actual)) || !isDeepStrictEqual(got, want)) {
          compareExceptionKey(actual, expected, keys, message, operator);
        }
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Error.isPrototypeOf(expected)) {
    if (!message) {
      generatedMessage = true;
      message = "The error is expected to be an instance of " + `"${expected.name}". Received `;
      if (isNativeError(actual) || actual instanceof Error) {
        const name = /** @type {any} */ (actual).constructor?.name || /** @type {any} */ (actual).name;
        if (expected.name === name) message += "an error with identical name but a different prototype.";
        else message += `"${name}"`;
        if (/** @type {any} */ (actual).message)
          message += `\n\nError message:\n\n${/** @type {any} */ (actual).message}`;
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
    throwError = true;
  } else {
    const result = expected.call({}, actual);
    if (result !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : "";
        message = `The ${name}validation function is expected to return "true". Received ${inspect(result)}`;
        if (isNativeError(actual) || actual instanceof Error) message += `\n\nCaught error:\n\n${actual}`;
      }
      throwError = true;
    }
  }
  if (throwError) {
    const error = new AssertionError({ actual, expected, message, operator });
    error.generatedMessage = generatedMessage;
    throw error;
  }
}

/**
 * @param {string} name
 * @param {unknown} value
 * @param {string} reason
 */
function invalidArgValue(name, value, reason) {
  return codedError(
    TypeError,
    "ERR_INVALID_ARG_VALUE",
    `The argument '${name}' ${reason}. Received ${inspect(value)}`,
  );
}

/**
 * The properties of `expected` compared with the caught error's, in a "Comparison" object
 * as Node shows them.
 * @param {any} actual
 * @param {any} expected
 * @param {string[]} keys
 * @param {string | Error | undefined} message
 * @param {string} operator
 */
function compareExceptionKey(actual, expected, keys, message, operator) {
  const Comparison = class Comparison {};
  const a = new Comparison();
  const b = new Comparison();
  for (const key of keys) {
    if (
      key in actual &&
      typeof actual[key] === "string" &&
      isRegExp(expected[key]) &&
      expected[key].test(actual[key])
    ) {
      /** @type {any} */ (a)[key] = actual[key];
      /** @type {any} */ (b)[key] = actual[key];
    } else {
      if (key in actual) /** @type {any} */ (a)[key] = actual[key];
      /** @type {any} */ (b)[key] = expected[key];
    }
  }
  const error = new AssertionError({ actual: a, expected: b, operator: "deepStrictEqual", message });
  error.actual = actual;
  error.expected = expected;
  error.operator = operator;
  throw error;
}

/**
 * @param {unknown} actual
 * @param {string} fnName
 * @param {unknown[]} args
 */
function expectsError(actual, fnName, args) {
  let [error, message] = args;
  if (typeof error === "string") {
    if (args.length === 2) {
      throw invalidErrorArg(error);
    }
    if (typeof actual === "object" && actual !== null) {
      if (/** @type {any} */ (actual).message === error) {
        throw codedError(
          TypeError,
          "ERR_AMBIGUOUS_ARGUMENT",
          `The "error/message" argument is ambiguous. The error message "${/** @type {any} */ (actual).message}" is identical to the message.`,
        );
      }
    } else if (actual === error) {
      throw codedError(
        TypeError,
        "ERR_AMBIGUOUS_ARGUMENT",
        `The "error/message" argument is ambiguous. The error "${actual}" is identical to the message.`,
      );
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== "object" && typeof error !== "function") {
    throw invalidErrorArg(error);
  }
  if (actual === NO_EXCEPTION) {
    let details = "";
    const e = /** @type {any} */ (error);
    if (e?.name) details += ` (${e.name})`;
    details += message ? `: ${message}` : ".";
    const kind = fnName === "rejects" ? "rejection" : "exception";
    const failure = new AssertionError({
      actual: undefined,
      expected: error,
      operator: fnName,
      message: `Missing expected ${kind}${details}`,
    });
    failure.generatedMessage = false;
    throw failure;
  }
  if (error !== undefined) expectedException(actual, error, /** @type {any} */ (message), fnName);
}

/**
 * @param {unknown} actual
 * @param {string} fnName
 * @param {unknown[]} args
 */
function expectsNoError(actual, fnName, args) {
  if (actual === NO_EXCEPTION) return;
  let [error, message] = args;
  if (typeof error === "string") {
    message = error;
    error = undefined;
  }
  if (!error || hasMatchingError(actual, error)) {
    const details = message ? `: ${message}` : ".";
    const kind = fnName === "doesNotReject" ? "rejection" : "exception";
    const failure = new AssertionError({
      actual,
      expected: error,
      operator: fnName,
      message: `Got unwanted ${kind}${details}\nActual message: "${/** @type {any} */ (actual)?.message}"`,
    });
    failure.generatedMessage = false;
    throw failure;
  }
  throw actual;
}

/** @param {unknown} actual @param {any} expected */
function hasMatchingError(actual, expected) {
  if (typeof expected !== "function") {
    if (isRegExp(expected)) return RegExp.prototype.test.call(expected, String(actual));
    throw invalidArgType("expected", ["Function", "RegExp"], expected);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Error.isPrototypeOf(expected)) return false;
  return expected.call({}, actual) === true;
}

/**
 * @param {Function} fn
 * @param {unknown[]} args
 */
function throws(fn, ...args) {
  expectsError(getActual(fn), "throws", args);
}

/**
 * @param {unknown} promiseFn
 * @param {unknown[]} args
 */
async function rejects(promiseFn, ...args) {
  expectsError(await waitForActual(promiseFn), "rejects", args);
}

/**
 * @param {Function} fn
 * @param {unknown[]} args
 */
function doesNotThrow(fn, ...args) {
  expectsNoError(getActual(fn), "doesNotThrow", args);
}

/**
 * @param {unknown} promiseFn
 * @param {unknown[]} args
 */
async function doesNotReject(promiseFn, ...args) {
  expectsNoError(await waitForActual(promiseFn), "doesNotReject", args);
}

/**
 * @param {unknown} string
 * @param {RegExp} regexp
 * @param {string | Error | undefined} message
 * @param {string} fnName
 */
function internalMatch(string, regexp, message, fnName) {
  if (!isRegExp(regexp)) throw invalidArgType("regexp", "RegExp", regexp);
  const match = fnName === "match";
  if (typeof string !== "string" || RegExp.prototype.test.call(regexp, string) !== match) {
    if (message instanceof Error) throw message;
    const generatedMessage = !message;
    message =
      message ||
      (typeof string !== "string"
        ? `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`
        : (match
            ? "The input did not match the regular expression "
            : "The input was expected to not match the regular expression ") +
          `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
    const error = new AssertionError({ actual: string, expected: regexp, message, operator: fnName });
    error.generatedMessage = generatedMessage;
    throw error;
  }
}

/**
 * @param {unknown} string
 * @param {RegExp} regexp
 * @param {string | Error} [message]
 */
function match(string, regexp, message) {
  internalMatch(string, regexp, message, "match");
}

/**
 * @param {unknown} string
 * @param {RegExp} regexp
 * @param {string | Error} [message]
 */
function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, "doesNotMatch");
}

/** Node's deprecated call counter; kept so code that names it loads. */
class CallTracker {
  constructor() {
    throw codedError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The CallTracker() method is not implemented");
  }
}

const members = {
  fail,
  AssertionError,
  ok,
  equal,
  notEqual,
  deepEqual,
  notDeepEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  strictEqual,
  notStrictEqual,
  throws,
  rejects,
  doesNotThrow,
  doesNotReject,
  ifError,
  match,
  doesNotMatch,
  CallTracker,
};
Object.assign(assert, members);

/**
 * `assert.strict`: the same checks with the loose ones replaced by the strict ones.
 * @param {unknown} value
 * @param {string | Error} [message]
 */
function strict(value, message) {
  // eslint-disable-next-line prefer-rest-params
  Reflect.apply(ok, undefined, arguments);
}
Object.assign(strict, members, {
  equal: strictEqual,
  deepEqual: deepStrictEqual,
  notEqual: notStrictEqual,
  notDeepEqual: notDeepStrictEqual,
});
/** @type {any} */ (assert).strict = strict;
/** @type {any} */ (strict).strict = strict;

export {
  fail,
  ok,
  equal,
  notEqual,
  deepEqual,
  notDeepEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  strictEqual,
  notStrictEqual,
  throws,
  rejects,
  doesNotThrow,
  doesNotReject,
  ifError,
  match,
  doesNotMatch,
  CallTracker,
  strict,
};
export default assert;
