// node:assert/strict — `require("assert").strict`: assert with the strict comparisons.
import assert from "../assert.js";

/** @type {any} */
const strict = /** @type {any} */ (assert).strict;

export const {
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
} = strict;
export { strict };
export default strict;
