// node:crypto — Node's crypto API over the platform's one crypto backend (Rust,
// isapi:native/crypto: RustCrypto crates), the same one `crypto.subtle` uses: a KeyObject
// and a CryptoKey hold the same native key handle. This file checks arguments as Node
// does, gives Node's errors, and turns encodings and Buffers around the native calls.
import * as native from "isapi:native/crypto";
import { bytes as osRandom } from "isapi:native/random";
import { Buffer } from "./buffer.js";
import { crypto as webcrypto, CryptoKey, keyRecordOf } from "../crypto.js";
import { TextDecoder } from "../encoding.js";
import { setTimeout, queueMicrotask } from "../timers.js";
import { codedError, invalidArgType, invalidArgValue, outOfRange } from "./internal/errors.js";

/** @typedef {ArrayBufferView | ArrayBuffer} BinaryLike */

const BINARY = ["ArrayBuffer", "Buffer", "TypedArray", "DataView"];
const STRING_OR_BINARY = ["string", ...BINARY];

/**
 * An OpenSSL error as Node reports it: `error:<hex>:<library>::<reason>` with
 * `library`, `reason` and `code` own properties.
 * @param {string} hex
 * @param {string} library
 * @param {string} reason
 * @param {string} code
 * @param {ErrorConstructor} [Base]
 */
function opensslError(hex, library, reason, code, Base = Error) {
  const error = /** @type {Error & Record<string, string>} */ (
    new Base(`error:${hex}:${library}::${reason}`)
  );
  error.library = library;
  error.reason = reason;
  error.code = code;
  return error;
}

const unsupportedKey = () =>
  opensslError("1E08010C", "DECODER routines", "unsupported", "ERR_OSSL_UNSUPPORTED");

/**
 * Bytes of a string (in `encoding`), ArrayBuffer or view, else Node's ERR_INVALID_ARG_TYPE.
 * @param {unknown} value
 * @param {string} name
 * @param {string} [encoding]
 * @param {string[]} [expected]
 * @returns {Uint8Array}
 */
function toBytes(value, name, encoding, expected = STRING_OR_BINARY) {
  if (typeof value === "string") return Buffer.from(value, /** @type {any} */ (encoding ?? "utf8"));
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw invalidArgType(name, expected, value);
}

/**
 * A native Uint8Array as a Buffer (the same memory), or as text in `encoding`.
 * @param {Uint8Array} bytes
 * @param {string} [encoding]
 */
function output(bytes, encoding) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === undefined || encoding === "buffer" || !Buffer.isEncoding(encoding)) return buffer;
  return buffer.toString(/** @type {any} */ (encoding));
}

/**
 * @param {unknown} value
 * @param {string} name
 */
function checkString(value, name) {
  if (typeof value !== "string") throw invalidArgType(name, "string", value);
}

/**
 * @param {unknown} value
 * @param {string} name
 */
function checkFunction(value, name) {
  if (typeof value !== "function") throw invalidArgType(name, "Function", value);
}

/**
 * A whole number in [min, max], else Node's errors.
 * @param {unknown} value
 * @param {string} name
 * @param {number} [min]
 * @param {number} [max]
 */
function checkInt(value, name, min = 0, max = 2147483647) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

/**
 * Runs `work` and calls `callback(error, ...results)` on a later turn, as Node's
 * thread-pool jobs do (here the work itself runs now, on the engine's thread).
 * @param {Function} callback
 * @param {() => unknown[]} work
 */
function later(callback, work) {
  /** @type {unknown[]} */
  let results;
  try {
    results = [null, ...work()];
  } catch (error) {
    results = [error];
  }
  setTimeout(() => callback(...results), 0);
}

/**
 * Node's classes here can be called without `new` (they were functions before classes):
 * a function that constructs `Class`, with its prototype (so `instanceof` holds).
 * @template {new (...args: any[]) => any} C
 * @param {C} Class
 * @returns {C & ((...args: ConstructorParameters<C>) => InstanceType<C>)}
 */
function callable(Class) {
  /** @param {...any} args */
  const F = function (...args) {
    return new Class(...args);
  };
  Object.defineProperty(F, "name", { value: Class.name });
  F.prototype = Class.prototype;
  return /** @type {any} */ (F);
}

// ---------------------------------------------------------------------------- random

/** @param {Uint8Array} target */
function fillRandom(target) {
  for (let at = 0; at < target.length; at += 65536) {
    const size = Math.min(65536, target.length - at);
    target.set(osRandom(size), at);
  }
  return target;
}

/**
 * @param {number} size
 * @param {Function} [callback]
 */
export function randomBytes(size, callback) {
  checkInt(size, "size");
  if (callback !== undefined) checkFunction(callback, "callback");
  const make = () => fillRandom(Buffer.alloc(size));
  if (callback === undefined) return make();
  later(callback, () => [make()]);
}
export { randomBytes as pseudoRandomBytes, randomBytes as prng, randomBytes as rng };

/**
 * The view randomFill(Sync) fills, with its offset and size checked as Node does.
 * @param {unknown} buf
 * @param {unknown} offset
 * @param {unknown} size
 */
function fillTarget(buf, offset, size) {
  if (!ArrayBuffer.isView(buf) && !(buf instanceof ArrayBuffer))
    throw invalidArgType("buf", ["ArrayBuffer", "ArrayBufferView"], buf);
  const bytes = toBytes(buf, "buf");
  const start = offset === undefined ? 0 : checkInt(offset, "offset", 0, bytes.length);
  const length = size === undefined ? bytes.length - start : checkInt(size, "size", 0, 2147483647);
  if (start + length > bytes.length) throw outOfRange("size + offset", `<= ${bytes.length}`, start + length);
  return bytes.subarray(start, start + length);
}

/**
 * @template T
 * @param {T} buf
 * @param {number} [offset]
 * @param {number} [size]
 * @returns {T}
 */
export function randomFillSync(buf, offset, size) {
  fillRandom(fillTarget(buf, offset, size));
  return buf;
}

/**
 * @param {BinaryLike} buf
 * @param {...unknown} args `[offset, [size,]] callback`
 */
export function randomFill(buf, ...args) {
  const callback = args.pop();
  checkFunction(callback, "callback");
  const target = fillTarget(buf, args[0], args[1]);
  later(/** @type {Function} */ (callback), () => [fillRandom(target) && buf]);
}

const RANDOM_INT_RANGE = 2 ** 48;

/**
 * A uniform integer in [min, max), by rejection sampling over 48-bit values.
 * @param {...unknown} args `[min,] max [, callback]`
 */
export function randomInt(...args) {
  const callback = /** @type {Function | undefined} */ (
    typeof args[args.length - 1] === "function" ? args.pop() : undefined
  );
  let [min, max] = args;
  if (args.length < 2) {
    max = min;
    min = 0;
  }
  if (!Number.isSafeInteger(min)) throw invalidArgType("min", "a safe integer", min);
  if (!Number.isSafeInteger(max)) throw invalidArgType("max", "a safe integer", max);
  const low = /** @type {number} */ (min);
  const high = /** @type {number} */ (max);
  if (high <= low) throw outOfRange("max", `greater than the value of "min" (${low})`, high);
  const range = high - low;
  if (range > RANDOM_INT_RANGE - 1) throw outOfRange("max - min", `<= ${RANDOM_INT_RANGE - 1}`, range);
  const limit = RANDOM_INT_RANGE - (RANDOM_INT_RANGE % range);
  const pick = () => {
    for (;;) {
      const b = osRandom(6);
      const value =
        b[0] * 2 ** 40 + b[1] * 2 ** 32 + ((b[2] << 24) >>> 0) + (b[3] << 16) + (b[4] << 8) + b[5];
      if (value < limit) return low + (value % range);
    }
  };
  if (callback === undefined) return pick();
  // Node answers from its cache of random bytes on the next tick, with no error argument.
  const value = pick();
  queueMicrotask(() => /** @type {Function} */ (callback)(undefined, value));
}

/** @param {{ disableEntropyCache?: boolean }} [options] */
export function randomUUID(options) {
  if (options !== undefined && (typeof options !== "object" || options === null))
    throw invalidArgType("options", "object", options);
  return webcrypto.randomUUID();
}

/**
 * @template {ArrayBufferView} T
 * @param {T} array
 */
export function getRandomValues(array) {
  return webcrypto.getRandomValues(array);
}

export { webcrypto };
export const subtle = webcrypto.subtle;

// ------------------------------------------------------------------------- hashing

// Names Node (OpenSSL) gives each digest we have, case-insensitive, to ours.
const HASH_NAMES = {
  md5: ["RSA-MD5", "md5", "md5WithRSAEncryption", "ssl3-md5"],
  sha1: ["RSA-SHA1", "RSA-SHA1-2", "sha1", "sha1WithRSAEncryption", "ssl3-sha1", "sha-1"],
  sha224: ["RSA-SHA224", "sha224", "sha224WithRSAEncryption", "sha-224", "sha2-224"],
  sha256: ["RSA-SHA256", "sha256", "sha256WithRSAEncryption", "sha-256", "sha2-256"],
  sha384: ["RSA-SHA384", "sha384", "sha384WithRSAEncryption", "sha-384", "sha2-384"],
  sha512: ["RSA-SHA512", "sha512", "sha512WithRSAEncryption", "sha-512", "sha2-512"],
  "sha512-224": ["RSA-SHA512/224", "sha512-224", "sha512-224WithRSAEncryption", "sha2-512/224"],
  "sha512-256": ["RSA-SHA512/256", "sha512-256", "sha512-256WithRSAEncryption", "sha2-512/256"],
  "sha3-224": ["RSA-SHA3-224", "id-rsassa-pkcs1-v1_5-with-sha3-224", "sha3-224"],
  "sha3-256": ["RSA-SHA3-256", "id-rsassa-pkcs1-v1_5-with-sha3-256", "sha3-256"],
  "sha3-384": ["RSA-SHA3-384", "id-rsassa-pkcs1-v1_5-with-sha3-384", "sha3-384"],
  "sha3-512": ["RSA-SHA3-512", "id-rsassa-pkcs1-v1_5-with-sha3-512", "sha3-512"],
  ripemd160: ["RSA-RIPEMD160", "ripemd", "ripemd160", "ripemd160WithRSA", "rmd160"],
  shake128: ["shake128"],
  shake256: ["shake256"],
};
/** @type {Map<string, string>} */
const HASHES = new Map();
for (const [name, aliases] of Object.entries(HASH_NAMES))
  for (const alias of aliases) HASHES.set(alias, name).set(alias.toLowerCase(), name);
const HASH_LIST = Object.values(HASH_NAMES)
  .flat()
  .filter((name) => !/^sha2?-\d/.test(name))
  .sort();

/** Node's `getHashes()`: the names above (what OpenSSL lists that we have). */
export function getHashes() {
  return HASH_LIST.slice();
}

/**
 * Our name for a Node digest name, or undefined.
 * @param {string} name
 */
function hashName(name) {
  return HASHES.get(name) ?? HASHES.get(name.toLowerCase());
}

/**
 * Update's data: a string in `encoding` (UTF-8 strings go to Rust as they are) or a view.
 * @param {unknown} data
 * @param {unknown} encoding
 */
function updateData(data, encoding) {
  if (typeof data === "string") {
    if (encoding === undefined || encoding === "utf8" || encoding === "utf-8" || !Buffer.isEncoding(encoding))
      return data;
    return Buffer.from(data, /** @type {any} */ (encoding));
  }
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
}

/**
 * A digest the native side gave: text already (hex, base64, base64url, latin1), else
 * bytes for a Buffer or another encoding.
 * @param {string | Uint8Array} result
 * @param {unknown} encoding
 */
function digestOutput(result, encoding) {
  if (typeof result === "string") return result;
  return output(result, /** @type {string | undefined} */ (encoding));
}

class Hash {
  /** @type {object} */
  #handle;
  #finalized = false;

  /**
   * @param {string | Hash} algorithm (a Hash: copy() makes a new one in its state)
   * @param {{ outputLength?: number }} [options]
   */
  constructor(algorithm, options) {
    if (algorithm instanceof Hash) {
      this.#handle = native.hashCopy(algorithm.#handle, options?.outputLength ?? -1);
    } else {
      checkString(algorithm, "algorithm");
      const outputLength = options?.outputLength;
      if (outputLength !== undefined) checkInt(outputLength, "options.outputLength", 0, 2 ** 32 - 1);
      const name = hashName(algorithm);
      if (name === undefined) throw new Error("Digest method not supported");
      try {
        this.#handle = native.hashCreate(name, outputLength ?? -1);
      } catch {
        throw opensslError(
          "030000B2",
          "digital envelope routines",
          "not XOF or invalid length",
          "ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH",
        );
      }
    }
  }

  /**
   * @param {string | ArrayBufferView} data
   * @param {string} [encoding]
   */
  update(data, encoding) {
    if (this.#finalized) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
    native.hashUpdate(this.#handle, updateData(data, encoding));
    return this;
  }

  /** @param {string} [encoding] */
  digest(encoding) {
    if (this.#finalized) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
    this.#finalized = true;
    return digestOutput(native.hashDigest(this.#handle, encoding), encoding);
  }

  /** @param {{ outputLength?: number }} [options] */
  copy(options) {
    if (this.#finalized) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
    if (options?.outputLength !== undefined)
      checkInt(options.outputLength, "options.outputLength", 0, 2 ** 32 - 1);
    return new Hash(this, options);
  }
}

/**
 * @param {string} algorithm
 * @param {{ outputLength?: number }} [options]
 */
export function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

/**
 * Node 20.12's one-shot `hash(algorithm, data, outputEncoding = "hex")`.
 * @param {string} algorithm
 * @param {string | ArrayBufferView} data
 * @param {string} [outputEncoding]
 */
export function hash(algorithm, data, outputEncoding = "hex") {
  checkString(algorithm, "algorithm");
  if (typeof data !== "string" && !ArrayBuffer.isView(data))
    throw invalidArgType("input", ["string", "Buffer", "TypedArray", "DataView"], data);
  checkString(outputEncoding, "outputEncoding");
  const name = hashName(algorithm);
  if (name === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  const bytes = typeof data === "string" ? data : updateData(data, undefined);
  return digestOutput(native.hashOnce(name, bytes, outputEncoding), outputEncoding);
}

/**
 * A secret's bytes or handle from Node's accepted key forms.
 * @param {unknown} key
 * @param {string} name
 * @param {string} [encoding]
 * @returns {object | Uint8Array}
 */
function secretInput(key, name, encoding) {
  if (key instanceof KeyObject) {
    if (key.type !== "secret")
      throw codedError(
        TypeError,
        "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
        `Invalid key object type ${key.type}, expected secret.`,
      );
    return handleOf(key);
  }
  if (key instanceof CryptoKey) {
    const record = keyRecordOf(key);
    if (record.type !== "secret")
      throw codedError(
        TypeError,
        "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
        `Invalid key object type ${record.type}, expected secret.`,
      );
    return record.handle;
  }
  return toBytes(key, name, encoding, [...STRING_OR_BINARY, "KeyObject", "CryptoKey"]);
}

class Hmac {
  /** @type {object} */
  #handle;
  #finalized = false;

  /**
   * @param {string} hmac
   * @param {unknown} key
   * @param {{ encoding?: string }} [options]
   */
  constructor(hmac, key, options) {
    checkString(hmac, "hmac");
    const secret = secretInput(key, "key", options?.encoding);
    const name = hashName(hmac);
    if (name === undefined || name.startsWith("shake"))
      throw codedError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${hmac}`);
    this.#handle = native.hmacCreate(name, secret);
  }

  /**
   * @param {string | ArrayBufferView} data
   * @param {string} [encoding]
   */
  update(data, encoding) {
    if (this.#finalized) throw codedError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
    native.hashUpdate(this.#handle, updateData(data, encoding));
    return this;
  }

  /** @param {string} [encoding] */
  digest(encoding) {
    // A second digest() gives an empty result, as Node's does.
    if (this.#finalized) return digestOutput(new Uint8Array(0), encoding);
    this.#finalized = true;
    return digestOutput(native.hashDigest(this.#handle, encoding), encoding);
  }
}

/**
 * @param {string} hmac
 * @param {unknown} key
 * @param {{ encoding?: string }} [options]
 */
export function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

/**
 * @param {unknown} a
 * @param {unknown} b
 */
export function timingSafeEqual(a, b) {
  // Node's message here names no received value.
  for (const [name, value] of [
    ["buf1", a],
    ["buf2", b],
  ])
    if (!ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer))
      throw codedError(
        TypeError,
        "ERR_INVALID_ARG_TYPE",
        `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`,
      );
  const x = toBytes(a, "buf1");
  const y = toBytes(b, "buf2");
  if (x.length !== y.length)
    throw codedError(
      RangeError,
      "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH",
      "Input buffers must have the same byte length",
    );
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= x[i] ^ y[i];
  return difference === 0;
}

// ------------------------------------------------------------------ key derivation

/**
 * @param {unknown} digest
 * @returns {string}
 */
function kdfDigest(digest) {
  checkString(digest, "digest");
  const name = hashName(/** @type {string} */ (digest));
  if (name === undefined || name.startsWith("shake"))
    throw codedError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${digest}`);
  return name;
}

/**
 * @param {unknown} password
 * @param {unknown} salt
 * @param {unknown} iterations
 * @param {unknown} keylen
 * @param {unknown} digest
 */
function pbkdf2Job(password, salt, iterations, keylen, digest) {
  const passwordBytes = toBytes(password, "password");
  const saltBytes = toBytes(salt, "salt");
  checkInt(iterations, "iterations", 1);
  checkInt(keylen, "keylen");
  const name = kdfDigest(digest);
  return () =>
    output(
      native.pbkdf2(
        passwordBytes,
        saltBytes,
        /** @type {number} */ (iterations),
        /** @type {number} */ (keylen),
        name,
      ),
    );
}

/**
 * @param {unknown} password
 * @param {unknown} salt
 * @param {number} iterations
 * @param {number} keylen
 * @param {string} digest
 */
export function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return pbkdf2Job(password, salt, iterations, keylen, digest)();
}

/**
 * @param {unknown} password
 * @param {unknown} salt
 * @param {number} iterations
 * @param {number} keylen
 * @param {string} digest
 * @param {Function} callback
 */
export function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === "function") {
    callback = digest;
    digest = /** @type {any} */ (undefined);
  }
  const job = pbkdf2Job(password, salt, iterations, keylen, digest);
  checkFunction(callback, "callback");
  later(callback, () => [job()]);
}

/**
 * @param {unknown} password
 * @param {unknown} salt
 * @param {unknown} keylen
 * @param {Record<string, any>} [options]
 */
function scryptJob(password, salt, keylen, options = {}) {
  const passwordBytes = toBytes(password, "password");
  const saltBytes = toBytes(salt, "salt");
  checkInt(keylen, "keylen");
  /**
   * @param {string} a
   * @param {string} b
   * @param {number} fallback
   */
  const param = (a, b, fallback) => {
    if (options[a] !== undefined && options[b] !== undefined)
      throw codedError(Error, "ERR_CRYPTO_SCRYPT_INVALID_PARAMETER", "Invalid scrypt parameter");
    const value = options[a] ?? options[b];
    return value === undefined ? fallback : checkInt(value, a, 0, 2 ** 32 - 1);
  };
  const N = param("N", "cost", 16384);
  const r = param("r", "blockSize", 8);
  const p = param("p", "parallelization", 1);
  const maxmem =
    options.maxmem === undefined ? 32 << 20 : checkInt(options.maxmem, "maxmem", 0, Number.MAX_SAFE_INTEGER);
  const invalid = (/** @type {string} */ detail) =>
    codedError(RangeError, "ERR_CRYPTO_INVALID_SCRYPT_PARAMS", `Invalid scrypt params${detail}`);
  if (N < 2 || (N & (N - 1)) !== 0 || r === 0 || p === 0) throw invalid("");
  if (128 * N * r + 128 * r * p > maxmem)
    throw invalid(": error:030000AC:digital envelope routines::memory limit exceeded");
  const logN = Math.log2(N);
  return () =>
    output(native.scrypt(passwordBytes, saltBytes, { logN, r, p, length: /** @type {number} */ (keylen) }));
}

/**
 * @param {unknown} password
 * @param {unknown} salt
 * @param {number} keylen
 * @param {Record<string, any>} [options]
 */
export function scryptSync(password, salt, keylen, options) {
  return scryptJob(password, salt, keylen, options)();
}

/**
 * @param {unknown} password
 * @param {unknown} salt
 * @param {number} keylen
 * @param {...unknown} rest `[options,] callback`
 */
export function scrypt(password, salt, keylen, ...rest) {
  const callback = rest.pop();
  const job = scryptJob(password, salt, keylen, /** @type {any} */ (rest[0]));
  checkFunction(callback, "callback");
  later(/** @type {Function} */ (callback), () => [job()]);
}

const HASH_LENGTHS = /** @type {Record<string, number>} */ ({
  md5: 16,
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  "sha512-224": 28,
  "sha512-256": 32,
  "sha3-224": 28,
  "sha3-256": 32,
  "sha3-384": 48,
  "sha3-512": 64,
  ripemd160: 20,
});

/**
 * @param {unknown} digest
 * @param {unknown} ikm
 * @param {unknown} salt
 * @param {unknown} info
 * @param {unknown} keylen
 */
function hkdfJob(digest, ikm, salt, info, keylen) {
  checkString(digest, "digest");
  const key =
    ikm instanceof KeyObject || ikm instanceof CryptoKey
      ? secretInput(ikm, "ikm")
      : toBytes(ikm, "ikm", undefined, [...STRING_OR_BINARY, "KeyObject"]);
  const saltBytes = toBytes(salt, "salt");
  const infoBytes = toBytes(info, "info");
  checkInt(keylen, "length");
  const name = kdfDigest(digest);
  if (infoBytes.length > 1024)
    throw codedError(
      RangeError,
      "ERR_OUT_OF_RANGE",
      `The value of "info" is out of range. It must be must not contain more than 1024 bytes. Received ${infoBytes.length}`,
    );
  if (/** @type {number} */ (keylen) > 255 * HASH_LENGTHS[name])
    throw codedError(RangeError, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length");
  return () => {
    const out = native.hkdf(name, key, saltBytes, infoBytes, /** @type {number} */ (keylen));
    return /** @type {ArrayBuffer} */ (out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
  };
}

/**
 * @param {string} digest
 * @param {unknown} ikm
 * @param {unknown} salt
 * @param {unknown} info
 * @param {number} keylen
 * @returns {ArrayBuffer}
 */
export function hkdfSync(digest, ikm, salt, info, keylen) {
  return hkdfJob(digest, ikm, salt, info, keylen)();
}

/**
 * @param {string} digest
 * @param {unknown} ikm
 * @param {unknown} salt
 * @param {unknown} info
 * @param {number} keylen
 * @param {Function} callback
 */
export function hkdf(digest, ikm, salt, info, keylen, callback) {
  const job = hkdfJob(digest, ikm, salt, info, keylen);
  checkFunction(callback, "callback");
  later(callback, () => [job()]);
}

// ------------------------------------------------------------------------ ciphers

/** @typedef {{ mode: string, key: number, iv: number, nid: number, name: string }} CipherInfo */
/** @type {Map<string, CipherInfo>} */
const CIPHERS = new Map();
[128, 192, 256].forEach((bits, i) => {
  const key = bits / 8;
  /** @type {[string, string, number, number][]} */
  const rows = [
    [`aes-${bits}-cbc`, "cbc", 16, 419 + 4 * i],
    [`aes-${bits}-ctr`, "ctr", 16, 904 + i],
    [`aes-${bits}-ecb`, "ecb", 0, 418 + 4 * i],
    [`id-aes${bits}-gcm`, "gcm", 12, 895 + 3 * i],
  ];
  for (const [name, mode, iv, nid] of rows) {
    const info = { mode, key, iv, nid, name };
    CIPHERS.set(name, info);
    if (mode === "cbc") CIPHERS.set(`aes${bits}`, info);
    if (mode === "gcm") CIPHERS.set(`aes-${bits}-gcm`, info);
  }
});
CIPHERS.set("chacha20-poly1305", {
  mode: "chacha20-poly1305",
  key: 32,
  iv: 12,
  nid: 1018,
  name: "chacha20-poly1305",
});
const CIPHER_LIST = [
  ...[128, 192, 256].flatMap((bits) => [
    `aes-${bits}-cbc`,
    `aes-${bits}-ctr`,
    `aes-${bits}-ecb`,
    `aes-${bits}-gcm`,
  ]),
  "aes128",
  "aes192",
  "aes256",
  "chacha20-poly1305",
  "id-aes128-GCM",
  "id-aes192-GCM",
  "id-aes256-GCM",
].sort();

/** Node's `getCiphers()`: the ciphers we have. */
export function getCiphers() {
  return CIPHER_LIST.slice();
}

/**
 * Node's `getCipherInfo(nameOrNid)` for the ciphers we have.
 * @param {string | number} nameOrNid
 * @param {{ keyLength?: number, ivLength?: number }} [options]
 */
export function getCipherInfo(nameOrNid, options) {
  const info =
    typeof nameOrNid === "number"
      ? [...CIPHERS.values()].find((c) => c.nid === nameOrNid)
      : typeof nameOrNid === "string"
        ? CIPHERS.get(nameOrNid.toLowerCase())
        : undefined;
  if (info === undefined) return undefined;
  if (options?.keyLength !== undefined && options.keyLength !== info.key) return undefined;
  let ivLength = info.iv;
  if (options?.ivLength !== undefined) {
    if (info.mode === "gcm" ? options.ivLength < 1 : options.ivLength !== info.iv) return undefined;
    ivLength = options.ivLength;
  }
  /** @type {Record<string, unknown>} */
  const result =
    info.mode === "chacha20-poly1305"
      ? { mode: "stream", name: info.name, nid: info.nid }
      : {
          mode: info.mode,
          name: info.name,
          nid: info.nid,
          blockSize: info.mode === "cbc" || info.mode === "ecb" ? 16 : 1,
        };
  if (ivLength > 0) result.ivLength = ivLength;
  result.keyLength = info.key;
  return result;
}

/**
 * The text that a cipher's output encoding makes, carried across calls as Node's
 * StringDecoder does (a multi-byte character or a base64 group may span two calls).
 */
class OutputText {
  /** @param {string} encoding */
  constructor(encoding) {
    this.encoding = Buffer.isEncoding(encoding) ? String(encoding).toLowerCase() : "buffer";
    /** @type {Uint8Array} */
    this.rest = new Uint8Array(0);
    this.decoder = this.encoding === "utf8" || this.encoding === "utf-8" ? new TextDecoder() : null;
  }

  /**
   * @param {Uint8Array} bytes
   * @param {boolean} end
   */
  write(bytes, end) {
    if (this.decoder !== null) return this.decoder.decode(bytes, { stream: !end });
    const group = this.encoding.startsWith("base64")
      ? 3
      : this.encoding === "ucs2" || this.encoding === "ucs-2" || this.encoding.startsWith("utf16")
        ? 2
        : 1;
    let all = bytes;
    if (this.rest.length > 0) {
      all = new Uint8Array(this.rest.length + bytes.length);
      all.set(this.rest);
      all.set(bytes, this.rest.length);
    }
    const keep = end ? 0 : all.length % group;
    this.rest = all.slice(all.length - keep);
    return output(all.subarray(0, all.length - keep), this.encoding);
  }
}

const kCipher = Symbol("kCipher");

class CipherBase {
  /**
   * @param {boolean} encrypt
   * @param {unknown} cipher
   * @param {unknown} key
   * @param {unknown} iv
   * @param {Record<string, any>} [options]
   */
  constructor(encrypt, cipher, key, iv, options) {
    checkString(cipher, "cipher");
    const keyInput = secretInput(key, "key");
    if (iv !== null && iv !== undefined) toBytes(iv, "iv", undefined, STRING_OR_BINARY);
    const info = CIPHERS.get(/** @type {string} */ (cipher).toLowerCase());
    if (info === undefined) throw codedError(Error, "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher");
    const keyBytes = keyInput instanceof Uint8Array ? keyInput : exportSecret(keyInput);
    if (keyBytes.length !== info.key)
      throw codedError(RangeError, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length");
    const ivBytes = iv === null || iv === undefined ? null : toBytes(iv, "iv");
    const aead = info.mode === "gcm" || info.mode === "chacha20-poly1305";
    if (
      info.mode === "ecb"
        ? ivBytes !== null && ivBytes.length !== 0
        : ivBytes === null ||
          (aead
            ? ivBytes.length === 0 || (info.mode !== "gcm" && ivBytes.length !== 12)
            : ivBytes.length !== info.iv)
    )
      throw codedError(TypeError, "ERR_CRYPTO_INVALID_IV", "Invalid initialization vector");
    let tagLength = 16;
    const given = options?.authTagLength;
    if (given !== undefined) {
      checkInt(given, "options.authTagLength", 0, 2 ** 31 - 1);
      const valid =
        info.mode === "gcm"
          ? [4, 8, 12, 13, 14, 15, 16].includes(given)
          : info.mode === "chacha20-poly1305" && given >= 1 && given <= 16;
      if (!valid)
        throw codedError(
          TypeError,
          "ERR_CRYPTO_INVALID_AUTH_TAG",
          `Invalid authentication tag length: ${given}`,
        );
      tagLength = given;
    }
    this[kCipher] = {
      handle: native.cipherCreate(info.mode, keyBytes, ivBytes, encrypt, tagLength),
      encrypt,
      aead,
      tagLength: given,
      /** @type {Uint8Array | null} */
      tag: null,
      finished: false,
      started: false,
      /** @type {OutputText | null} */
      text: null,
    };
  }

  /**
   * @param {string | ArrayBufferView} data
   * @param {string} [inputEncoding]
   * @param {string} [outputEncoding]
   */
  update(data, inputEncoding, outputEncoding) {
    const state = this[kCipher];
    if (state.finished) throw new Error("Trying to add data in unsupported state");
    if (typeof data !== "string" && !ArrayBuffer.isView(data))
      throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    state.started = true;
    const bytes = native.cipherUpdate(state.handle, updateData(data, inputEncoding));
    return this.#out(bytes, outputEncoding, false);
  }

  /** @param {string} [outputEncoding] */
  final(outputEncoding) {
    const state = this[kCipher];
    if (state.finished) throw codedError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state");
    state.finished = true;
    let result;
    try {
      result = native.cipherFinal(state.handle);
    } catch (error) {
      const reason = /** @type {Error} */ (error).message;
      if (reason === "auth") throw new Error("Unsupported state or unable to authenticate data");
      if (reason === "bad decrypt")
        throw opensslError("1C800064", "Provider routines", "bad decrypt", "ERR_OSSL_BAD_DECRYPT");
      if (reason === "wrong final block length")
        throw opensslError(
          "1C80006B",
          "Provider routines",
          "wrong final block length",
          "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH",
        );
      throw error;
    }
    const [bytes, tag] = result;
    if (tag !== undefined) state.tag = tag;
    return this.#out(bytes, outputEncoding, true);
  }

  /**
   * @param {Uint8Array} bytes
   * @param {string | undefined} encoding
   * @param {boolean} end
   */
  #out(bytes, encoding, end) {
    const state = this[kCipher];
    if (encoding === undefined || encoding === "buffer" || !Buffer.isEncoding(encoding)) return output(bytes);
    if (state.text === null || state.text.encoding !== encoding.toLowerCase())
      state.text = new OutputText(encoding);
    return state.text.write(bytes, end);
  }

  /** @param {boolean} [autoPadding] */
  setAutoPadding(autoPadding = true) {
    const state = this[kCipher];
    if (state.finished)
      throw codedError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAutoPadding");
    native.cipherSetPadding(state.handle, Boolean(autoPadding));
    return this;
  }

  /**
   * @param {ArrayBufferView} buffer
   * @param {{ plaintextLength?: number }} [options]
   */
  setAAD(buffer, options) {
    const state = this[kCipher];
    const bytes = toBytes(buffer, "buffer", undefined, ["Buffer", "TypedArray", "DataView"]);
    void options;
    if (state.finished || state.started || !state.aead || !native.cipherAad(state.handle, bytes))
      throw codedError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAAD");
    return this;
  }
}

class Cipheriv extends CipherBase {
  /**
   * @param {string} cipher
   * @param {unknown} key
   * @param {unknown} iv
   * @param {Record<string, any>} [options]
   */
  constructor(cipher, key, iv, options) {
    super(true, cipher, key, iv, options);
  }

  getAuthTag() {
    const state = this[kCipher];
    if (state.tag === null)
      throw codedError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation getAuthTag");
    return output(state.tag);
  }
}

class Decipheriv extends CipherBase {
  /**
   * @param {string} cipher
   * @param {unknown} key
   * @param {unknown} iv
   * @param {Record<string, any>} [options]
   */
  constructor(cipher, key, iv, options) {
    super(false, cipher, key, iv, options);
  }

  /**
   * @param {ArrayBufferView} buffer
   * @param {string} [encoding]
   */
  setAuthTag(buffer, encoding) {
    const state = this[kCipher];
    const tag = toBytes(buffer, "buffer", encoding, ["Buffer", "TypedArray", "DataView"]);
    if (!state.aead || state.finished)
      throw codedError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAuthTag");
    const valid =
      state.tagLength !== undefined
        ? tag.length === state.tagLength
        : tag.length >= 1 && tag.length <= 16 && (tag.length >= 12 || tag.length === 4 || tag.length === 8);
    if (!valid)
      throw codedError(
        TypeError,
        "ERR_CRYPTO_INVALID_AUTH_TAG",
        `Invalid authentication tag length: ${tag.length}`,
      );
    native.cipherSetTag(state.handle, tag);
    return this;
  }
}

/**
 * @param {string} cipher
 * @param {unknown} key
 * @param {unknown} iv
 * @param {Record<string, any>} [options]
 */
export function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

/**
 * @param {string} cipher
 * @param {unknown} key
 * @param {unknown} iv
 * @param {Record<string, any>} [options]
 */
export function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

// --------------------------------------------------------------------------- keys

const kKey = Symbol("kKeyObject");

/** @param {KeyObject} key */
function handleOf(key) {
  return /** @type {any} */ (key)[kKey].handle;
}

/** @param {object} handle */
function exportSecret(handle) {
  return /** @type {Uint8Array} */ (native.keyExport(handle, "der", "raw"));
}

const CURVE_NAMES = /** @type {Record<string, string>} */ ({ "P-256": "prime256v1", "P-384": "secp384r1" });
const CURVES_IN = /** @type {Record<string, string>} */ ({
  "P-256": "P-256",
  prime256v1: "P-256",
  secp256r1: "P-256",
  "P-384": "P-384",
  secp384r1: "P-384",
});

// base64url without padding, as JWK members are.
/** @param {Uint8Array} bytes */
const base64url = (bytes) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");

export class KeyObject {
  /**
   * @param {string} type
   * @param {unknown} handle
   */
  constructor(type, handle) {
    if (type !== "secret" && type !== "public" && type !== "private") throw invalidArgValue("type", type);
    if (typeof handle !== "object" || handle === null || !(kKey in handle))
      throw invalidArgType("handle", "object", handle);
    /** @type {any} */ (this)[kKey] = /** @type {any} */ (handle)[kKey];
  }

  /** @param {unknown} key */
  static from(key) {
    if (!(key instanceof CryptoKey)) throw invalidArgType("key", "CryptoKey", key);
    return wrap(keyRecordOf(key).handle);
  }

  get type() {
    return /** @type {any} */ (this)[kKey].type;
  }

  /** @param {unknown} other */
  equals(other) {
    if (!(other instanceof KeyObject)) throw invalidArgType("otherKeyObject", "KeyObject", other);
    return other.type === this.type && native.keyEquals(handleOf(this), handleOf(other));
  }
}
Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, { value: "KeyObject", configurable: true });

class SecretKeyObject extends KeyObject {
  get symmetricKeySize() {
    return /** @type {any} */ (this)[kKey].details[2];
  }

  /** @param {{ format?: string }} [options] */
  export(options) {
    if (options !== undefined && (typeof options !== "object" || options === null))
      throw invalidArgType("options", "object", options);
    const bytes = exportSecret(handleOf(this));
    const format = options?.format ?? "buffer";
    if (format === "jwk") return { kty: "oct", k: base64url(bytes) };
    if (format !== "buffer") throw invalidArgValue("options.format", format);
    return output(bytes);
  }
}

class AsymmetricKeyObject extends KeyObject {
  get asymmetricKeyType() {
    return /** @type {any} */ (this)[kKey].details[1];
  }

  get asymmetricKeyDetails() {
    const [, kind, bits, exponent, curve] = /** @type {any} */ (this)[kKey].details;
    if (kind === "rsa") {
      let e = 0n;
      for (const byte of exponent) e = (e << 8n) | BigInt(byte);
      return { modulusLength: bits, publicExponent: e };
    }
    if (kind === "ec") return { namedCurve: CURVE_NAMES[curve] };
    return {};
  }

  /** @param {Record<string, any>} options */
  export(options) {
    if (typeof options !== "object" || options === null) throw invalidArgType("options", "object", options);
    const { format } = options;
    const kind = this.asymmetricKeyType;
    if (format === "jwk") {
      const members = /** @type {Record<string, Uint8Array>} */ (native.exportKey(handleOf(this), "jwk"));
      /** @type {Record<string, string>} */
      const jwk = {};
      const curve = /** @type {any} */ (this)[kKey].details[4];
      if (kind === "rsa") {
        jwk.kty = "RSA";
        for (const m of ["n", "e", "d", "p", "q", "dp", "dq", "qi"])
          if (members[m] !== undefined) jwk[m] = base64url(members[m]);
      } else if (kind === "ec") {
        Object.assign(jwk, { kty: "EC", x: base64url(members.x), y: base64url(members.y), crv: curve });
        if (members.d !== undefined) jwk.d = base64url(members.d);
      } else {
        jwk.crv = kind === "ed25519" ? "Ed25519" : "X25519";
        if (members.d !== undefined) jwk.d = base64url(members.d);
        jwk.x = base64url(members.x);
        jwk.kty = "OKP";
      }
      return jwk;
    }
    if (format !== "pem" && format !== "der" && format !== undefined)
      throw invalidArgValue("options.format", format);
    const type = options.type;
    const isPublic = this.type === "public";
    const allowed = isPublic ? ["spki", "pkcs1"] : ["pkcs8", "pkcs1", "sec1"];
    if (!allowed.includes(type)) throw invalidArgValue("options.type", type);
    if (type === "pkcs1" && kind !== "rsa")
      throw codedError(
        Error,
        "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS",
        "The selected key encoding pkcs1 can only be used for RSA keys.",
      );
    if (type === "sec1" && kind !== "ec")
      throw codedError(
        Error,
        "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS",
        "The selected key encoding sec1 can only be used for EC keys.",
      );
    if (options.cipher !== undefined || options.passphrase !== undefined)
      throw codedError(
        Error,
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
        "Encrypting private keys (options.cipher) is not supported by isapi-ts",
      );
    const result = native.keyExport(handleOf(this), format ?? "pem", type);
    return typeof result === "string" ? result : output(result);
  }
}

class PublicKeyObject extends AsymmetricKeyObject {}
class PrivateKeyObject extends AsymmetricKeyObject {}

/**
 * A KeyObject over a native handle.
 * @param {object} handle
 * @returns {KeyObject}
 */
function wrap(handle) {
  const details = native.keyDetails(handle);
  const type = details[0];
  const Class = type === "secret" ? SecretKeyObject : type === "public" ? PublicKeyObject : PrivateKeyObject;
  return new Class(type, { [kKey]: { handle, type, details } });
}

/**
 * @param {unknown} key
 * @param {string} [encoding]
 */
export function createSecretKey(key, encoding) {
  const bytes = toBytes(key, "key", encoding, typeof key === "string" ? STRING_OR_BINARY : BINARY);
  if (typeof key !== "string" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer))
    throw invalidArgType("key", BINARY, key);
  return wrap(native.importKey("secret", "raw", bytes.slice(), null));
}

/**
 * Reads a key in any form Node's createPublicKey/createPrivateKey take; `wantPrivate`
 * false derives a public key from a private one.
 * @param {unknown} input
 * @param {boolean} wantPrivate
 */
function parseKey(input, wantPrivate) {
  if (input instanceof KeyObject) {
    if (input.type === "secret" || (wantPrivate && input.type !== "private"))
      throw codedError(
        TypeError,
        "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
        `Invalid key object type ${input.type}, expected ${wantPrivate ? "private" : "public"}.`,
      );
    return input.type === "private" && !wantPrivate ? wrap(native.keyPublic(handleOf(input))) : input;
  }
  if (input instanceof CryptoKey) return parseKey(KeyObject.from(input), wantPrivate);
  /** @type {Record<string, any>} */
  let options;
  if (typeof input === "string" || ArrayBuffer.isView(input) || input instanceof ArrayBuffer)
    options = { key: input };
  else if (typeof input === "object" && input !== null) options = /** @type {Record<string, any>} */ (input);
  else
    throw invalidArgType(
      "key",
      ["string", ...BINARY, ...(wantPrivate ? [] : ["KeyObject", "CryptoKey"])],
      input,
    );
  const key = options.key;
  if (key instanceof KeyObject || key instanceof CryptoKey) return parseKey(key, wantPrivate);
  const format = options.format ?? "pem";
  if (format === "jwk") {
    if (typeof key !== "object" || key === null) throw invalidArgType("key.key", "object", key);
    return wrap(importJwk(/** @type {Record<string, any>} */ (key), wantPrivate));
  }
  if (format !== "pem" && format !== "der") throw invalidArgValue("options.format", format);
  if (typeof key !== "string" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer))
    throw invalidArgType("key.key", ["string", ...BINARY], key);
  if (
    options.passphrase !== undefined &&
    format === "pem" &&
    String(typeof key === "string" ? key : Buffer.from(toBytes(key, "key")).toString("latin1")).includes(
      "ENCRYPTED",
    )
  )
    throw codedError(
      Error,
      "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
      "Encrypted private keys are not supported by isapi-ts",
    );
  if (format === "der") {
    const types = wantPrivate ? ["pkcs8", "pkcs1", "sec1"] : ["spki", "pkcs1"];
    if (!types.includes(options.type)) throw invalidArgValue("options.type", options.type);
  }
  const bytes = toBytes(key, "key", options.encoding);
  let handle;
  try {
    handle = native.keyParse(bytes, format, options.type ?? null, wantPrivate);
  } catch {
    throw unsupportedKey();
  }
  const [type] = native.keyDetails(handle);
  if (!wantPrivate && type === "private") handle = native.keyPublic(handle);
  return wrap(handle);
}

/**
 * @param {Record<string, any>} jwk
 * @param {boolean} wantPrivate
 */
function importJwk(jwk, wantPrivate) {
  const kty = jwk.kty;
  /** @type {Record<string, Uint8Array>} */
  const members = {};
  for (const m of ["k", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi"]) {
    if (jwk[m] === undefined) continue;
    if (typeof jwk[m] !== "string") throw invalidArgType(`key.${m}`, "string", jwk[m]);
    members[m] = Buffer.from(jwk[m], "base64url");
  }
  const invalid = () => codedError(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data");
  if (wantPrivate && members.d === undefined) throw invalid();
  if (!wantPrivate) delete members.d;
  let kind;
  let curve = null;
  if (kty === "RSA") kind = "RSA";
  else if (kty === "EC") {
    kind = "EC";
    curve = CURVES_IN[jwk.crv];
    if (curve === undefined) throw codedError(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK EC key");
  } else if (kty === "OKP") {
    if (jwk.crv !== "Ed25519" && jwk.crv !== "X25519")
      throw invalidArgValue("key.crv", jwk.crv, "must be one of: 'Ed25519', 'Ed448', 'X25519', 'X448'");
    kind = jwk.crv;
  } else throw invalidArgValue("key.kty", kty, "must be one of: 'RSA', 'EC', 'OKP'");
  try {
    return native.importKey(kind, "jwk", members, curve);
  } catch {
    throw invalid();
  }
}

/** @param {unknown} key */
export function createPrivateKey(key) {
  return parseKey(key, true);
}

/** @param {unknown} key */
export function createPublicKey(key) {
  return parseKey(key, false);
}

/**
 * @param {unknown} options
 * @param {string} name
 */
function checkObject(options, name) {
  if (typeof options !== "object" || options === null) throw invalidArgType(name, "object", options);
  return /** @type {Record<string, any>} */ (options);
}

/**
 * @param {string} type
 * @param {Record<string, any>} [options]
 */
function keyPairJob(type, options) {
  checkString(type, "type");
  const opts = options === undefined ? {} : checkObject(options, "options");
  /** @type {[string, unknown, unknown]} */
  let args;
  if (type === "rsa") {
    checkInt(opts.modulusLength, "options.modulusLength", 0, 2 ** 32 - 1);
    const e = opts.publicExponent ?? 0x10001;
    checkInt(e, "options.publicExponent", 0, 2 ** 32 - 1);
    const exponent = [];
    for (let v = e; v > 0; v = Math.floor(v / 256)) exponent.unshift(v % 256);
    args = ["RSA", opts.modulusLength, new Uint8Array(exponent)];
  } else if (type === "ec") {
    checkString(opts.namedCurve, "options.namedCurve");
    const curve = CURVES_IN[opts.namedCurve];
    if (curve === undefined) throw codedError(TypeError, "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name");
    args = ["EC", curve, null];
  } else if (type === "ed25519" || type === "x25519") {
    args = [type === "ed25519" ? "Ed25519" : "X25519", null, null];
  } else {
    throw invalidArgValue("type", type, "must be a supported key type");
  }
  /**
   * @param {KeyObject} key
   * @param {unknown} encoding
   * @param {string} name
   */
  const encode = (key, encoding, name) => {
    if (encoding === undefined) return key;
    const e = checkObject(encoding, name);
    return /** @type {AsymmetricKeyObject} */ (key).export(e);
  };
  return () => {
    const [privateHandle, publicHandle] = /** @type {[object, object]} */ (native.generate(...args));
    return [
      encode(wrap(publicHandle), opts.publicKeyEncoding, "options.publicKeyEncoding"),
      encode(wrap(privateHandle), opts.privateKeyEncoding, "options.privateKeyEncoding"),
    ];
  };
}

/**
 * @param {string} type
 * @param {Record<string, any>} [options]
 */
export function generateKeyPairSync(type, options) {
  const [publicKey, privateKey] = keyPairJob(type, options)();
  return { publicKey, privateKey };
}

/**
 * @param {string} type
 * @param {Record<string, any> | Function} options
 * @param {Function} [callback]
 */
export function generateKeyPair(type, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  const job = keyPairJob(type, options);
  checkFunction(callback, "callback");
  later(/** @type {Function} */ (callback), job);
}

/**
 * @param {string} type
 * @param {{ length: number }} options
 */
function secretKeyJob(type, options) {
  checkString(type, "type");
  const opts = checkObject(options, "options");
  let bits;
  if (type === "hmac") bits = checkInt(opts.length, "options.length", 8, 2 ** 31 - 1);
  else if (type === "aes") {
    bits = opts.length;
    if (![128, 192, 256].includes(bits))
      throw invalidArgValue("options.length", bits, "must be one of: 128, 192, 256");
  } else throw invalidArgValue("type", type, "must be a supported key type");
  return () =>
    wrap(native.importKey("secret", "raw", fillRandom(new Uint8Array(Math.floor(bits / 8))), null));
}

/**
 * @param {string} type
 * @param {{ length: number }} options
 */
export function generateKeySync(type, options) {
  return secretKeyJob(type, options)();
}

/**
 * @param {string} type
 * @param {{ length: number }} options
 * @param {Function} callback
 */
export function generateKey(type, options, callback) {
  const job = secretKeyJob(type, options);
  checkFunction(callback, "callback");
  later(callback, () => [job()]);
}

/** @param {{ privateKey: KeyObject, publicKey: KeyObject }} options */
export function diffieHellman(options) {
  const opts = checkObject(options, "options");
  const { privateKey, publicKey } = opts;
  if (!(privateKey instanceof KeyObject)) throw invalidArgValue("options.privateKey", privateKey);
  if (!(publicKey instanceof KeyObject)) throw invalidArgValue("options.publicKey", publicKey);
  if (privateKey.type !== "private")
    throw codedError(
      TypeError,
      "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
      `Invalid key object type ${privateKey.type}, expected private.`,
    );
  if (publicKey.type !== "public" && publicKey.type !== "private")
    throw codedError(
      TypeError,
      "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
      `Invalid key object type ${publicKey.type}, expected public.`,
    );
  const a = /** @type {AsymmetricKeyObject} */ (privateKey);
  const b = /** @type {AsymmetricKeyObject} */ (publicKey);
  if (
    a.asymmetricKeyType !== b.asymmetricKeyType ||
    (a.asymmetricKeyType !== "ec" && a.asymmetricKeyType !== "x25519")
  )
    throw codedError(
      Error,
      "ERR_CRYPTO_INCOMPATIBLE_KEY",
      `Incompatible key types for Diffie-Hellman: ${a.asymmetricKeyType} and ${b.asymmetricKeyType}`,
    );
  const publicHandle = b.type === "private" ? native.keyPublic(handleOf(b)) : handleOf(b);
  const algorithm = a.asymmetricKeyType === "ec" ? "ECDH" : "X25519";
  return output(native.deriveBits(algorithm, handleOf(a), { public: publicHandle }));
}

// -------------------------------------------------------------- sign and verify

/**
 * The key and options a sign/verify/encrypt call was given.
 * @param {unknown} input
 * @param {boolean} wantPrivate
 * @returns {{ key: KeyObject, options: Record<string, any> }}
 */
function keyAndOptions(input, wantPrivate) {
  const options =
    typeof input === "object" &&
    input !== null &&
    !ArrayBuffer.isView(input) &&
    !(input instanceof KeyObject) &&
    !(input instanceof CryptoKey)
      ? /** @type {Record<string, any>} */ (input)
      : {};
  return { key: parseKey(input, wantPrivate), options };
}

/** @param {Record<string, any>} options */
function signParams(options) {
  const { padding, saltLength, dsaEncoding } = options;
  if (dsaEncoding !== undefined && dsaEncoding !== "der" && dsaEncoding !== "ieee-p1363")
    throw invalidArgValue("options.dsaEncoding", dsaEncoding);
  if (padding !== undefined && typeof padding !== "number") throw invalidArgValue("options.padding", padding);
  if (saltLength !== undefined && typeof saltLength !== "number")
    throw invalidArgValue("options.saltLength", saltLength);
  return { padding, saltLength, dsaEncoding };
}

/**
 * The digest a signature uses: ours, or null (Ed25519 and the key type's default).
 * @param {unknown} algorithm
 * @param {KeyObject} key
 */
function signDigest(algorithm, key) {
  const kind = /** @type {AsymmetricKeyObject} */ (key).asymmetricKeyType;
  if (algorithm === null || algorithm === undefined) return null;
  checkString(algorithm, "algorithm");
  const name = hashName(/** @type {string} */ (algorithm));
  if (name === undefined || name.startsWith("shake"))
    throw codedError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${algorithm}`);
  if (kind === "ed25519")
    throw opensslError("1C80007A", "Provider routines", "invalid digest", "ERR_OSSL_INVALID_DIGEST");
  return name;
}

/**
 * @param {KeyObject} key
 * @param {"sign" | "verify"} operation
 */
function checkSignKey(key, operation) {
  const kind = /** @type {AsymmetricKeyObject} */ (key).asymmetricKeyType;
  if (kind === "x25519")
    throw opensslError(
      "03000096",
      "digital envelope routines",
      "operation not supported for this keytype",
      "ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE",
    );
  if (key.type === "private" && operation === "verify") return wrap(native.keyPublic(handleOf(key)));
  return key;
}

/**
 * @param {string | null | undefined} algorithm
 * @param {ArrayBufferView} data
 * @param {unknown} key
 * @param {Function} [callback]
 */
export function sign(algorithm, data, key, callback) {
  if (algorithm !== null && algorithm !== undefined) checkString(algorithm, "algorithm");
  const bytes = toBytes(data, "data", undefined, ["Buffer", "TypedArray", "DataView"]);
  const { key: privateKey, options } = keyAndOptions(key, true);
  checkSignKey(privateKey, "sign");
  const digest = signDigest(algorithm, privateKey);
  const params = signParams(options);
  const job = () => output(native.nodeSign(handleOf(privateKey), digest, bytes, params));
  if (callback === undefined) return job();
  checkFunction(callback, "callback");
  later(callback, () => [job()]);
}

/**
 * @param {string | null | undefined} algorithm
 * @param {ArrayBufferView} data
 * @param {unknown} key
 * @param {ArrayBufferView} signature
 * @param {Function} [callback]
 */
export function verify(algorithm, data, key, signature, callback) {
  if (algorithm !== null && algorithm !== undefined) checkString(algorithm, "algorithm");
  if (typeof data === "string" || !ArrayBuffer.isView(data))
    throw invalidArgType("data", ["Buffer", "TypedArray", "DataView"], data);
  if (!ArrayBuffer.isView(signature))
    throw invalidArgType("signature", ["ArrayBuffer", "Buffer", "TypedArray", "DataView"], signature);
  const { key: publicKey, options } = keyAndOptions(key, false);
  const checked = checkSignKey(publicKey, "verify");
  const digest = signDigest(algorithm, checked);
  const params = signParams(options);
  const job = () =>
    native.nodeVerify(
      handleOf(checked),
      digest,
      toBytes(data, "data"),
      toBytes(signature, "signature"),
      params,
    );
  if (callback === undefined) return job();
  checkFunction(callback, "callback");
  later(callback, () => [job()]);
}

const kSign = Symbol("kSign");

class SignBase {
  /** @param {string} algorithm */
  constructor(algorithm) {
    checkString(algorithm, "algorithm");
    const name = hashName(algorithm);
    if (name === undefined || name.startsWith("shake"))
      throw codedError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", "Invalid digest");
    /** @type {{ digest: string, chunks: Uint8Array[] }} */
    this[kSign] = { digest: name, chunks: [] };
  }

  /**
   * @param {string | ArrayBufferView} data
   * @param {string} [encoding]
   */
  update(data, encoding) {
    const chunk = updateData(data, encoding);
    this[kSign].chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk.slice());
    return this;
  }

  /** The data so far, in one piece. */
  data() {
    const { chunks } = this[kSign];
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }
}

class Sign extends SignBase {
  /**
   * @param {string} algorithm
   * @param {object} [options]
   */
  constructor(algorithm, options) {
    super(algorithm);
  }

  /**
   * @param {unknown} privateKey
   * @param {string} [outputEncoding]
   */
  sign(privateKey, outputEncoding) {
    const { key, options } = keyAndOptions(privateKey, true);
    checkSignKey(key, "sign");
    if (/** @type {AsymmetricKeyObject} */ (key).asymmetricKeyType === "ed25519")
      throw codedError(Error, "ERR_CRYPTO_UNSUPPORTED_OPERATION", "Unsupported crypto operation");
    const signature = native.nodeSign(handleOf(key), this[kSign].digest, this.data(), signParams(options));
    return output(signature, outputEncoding);
  }
}

class Verify extends SignBase {
  /**
   * @param {string} algorithm
   * @param {object} [options]
   */
  constructor(algorithm, options) {
    super(algorithm);
  }

  /**
   * @param {unknown} object
   * @param {string | ArrayBufferView} signature
   * @param {string} [signatureEncoding]
   */
  verify(object, signature, signatureEncoding) {
    const { key, options } = keyAndOptions(object, false);
    const checked = checkSignKey(key, "verify");
    if (/** @type {AsymmetricKeyObject} */ (checked).asymmetricKeyType === "ed25519")
      throw codedError(Error, "ERR_CRYPTO_UNSUPPORTED_OPERATION", "Unsupported crypto operation");
    const bytes = toBytes(signature, "signature", signatureEncoding);
    return native.nodeVerify(handleOf(checked), this[kSign].digest, this.data(), bytes, signParams(options));
  }
}

/**
 * @param {string} algorithm
 * @param {object} [options]
 */
export function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}

/**
 * @param {string} algorithm
 * @param {object} [options]
 */
export function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

const HashExport = callable(Hash);
const HmacExport = callable(Hmac);
const SignExport = callable(Sign);
const VerifyExport = callable(Verify);
const CipherivExport = callable(Cipheriv);
const DecipherivExport = callable(Decipheriv);
export {
  HashExport as Hash,
  HmacExport as Hmac,
  SignExport as Sign,
  VerifyExport as Verify,
  CipherivExport as Cipheriv,
  DecipherivExport as Decipheriv,
};

export const constants = Object.freeze({
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
});

/**
 * @param {unknown} key
 * @param {ArrayBufferView | string} buffer
 * @param {boolean} encrypt
 */
function rsaCipher(key, buffer, encrypt) {
  const { key: keyObject, options } = keyAndOptions(key, !encrypt);
  if (/** @type {AsymmetricKeyObject} */ (keyObject).asymmetricKeyType !== "rsa")
    throw opensslError(
      "1C8000A5",
      "Provider routines",
      "operation not supported for this keytype",
      "ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE",
    );
  const padding = options.padding ?? constants.RSA_PKCS1_OAEP_PADDING;
  if (!encrypt && padding === constants.RSA_PKCS1_PADDING)
    throw codedError(
      TypeError,
      "ERR_INVALID_ARG_VALUE",
      "RSA_PKCS1_PADDING is no longer supported for private decryption, this can be reverted with --security-revert=CVE-2023-46809",
    );
  if (padding !== constants.RSA_PKCS1_PADDING && padding !== constants.RSA_PKCS1_OAEP_PADDING)
    throw codedError(
      Error,
      "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
      "Only OAEP and PKCS#1 v1.5 padding are supported by isapi-ts",
    );
  const oaepHash = options.oaepHash ?? "sha1";
  checkString(oaepHash, "key.oaepHash");
  const name = hashName(oaepHash);
  if (name === undefined) throw codedError(TypeError, "ERR_OSSL_EVP_INVALID_DIGEST", "Invalid digest used");
  const label = options.oaepLabel === undefined ? null : toBytes(options.oaepLabel, "key.oaepLabel");
  const data = toBytes(buffer, "buffer", options.encoding);
  try {
    return output(native.rsaCipher(handleOf(keyObject), data, padding, name, label, encrypt));
  } catch (error) {
    if (/** @type {Error} */ (error).message === "oaep decoding error")
      throw opensslError(
        "02000079",
        "rsa routines",
        "oaep decoding error",
        "ERR_OSSL_RSA_OAEP_DECODING_ERROR",
      );
    if (/** @type {Error} */ (error).message === "data too large for key size")
      throw opensslError(
        "0200006E",
        "rsa routines",
        "data too large for key size",
        "ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE",
      );
    throw error;
  }
}

/**
 * @param {unknown} key
 * @param {ArrayBufferView | string} buffer
 */
export function publicEncrypt(key, buffer) {
  return rsaCipher(key, buffer, true);
}

/**
 * @param {unknown} key
 * @param {ArrayBufferView | string} buffer
 */
export function privateDecrypt(key, buffer) {
  return rsaCipher(key, buffer, false);
}

/** The curves `generateKeyPair("ec")` and ECDH take. */
export function getCurves() {
  return ["prime256v1", "secp384r1"];
}

export function getFips() {
  return 0;
}

/** @param {boolean} value */
export function setFips(value) {
  if (value) throw codedError(Error, "ERR_CRYPTO_FIPS_FORCED", "Cannot set FIPS mode in a non-FIPS build.");
}

export default {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  createSign,
  createVerify,
  diffieHellman,
  getCiphers,
  getCipherInfo,
  getCurves,
  getFips,
  getHashes,
  getRandomValues,
  generateKey,
  generateKeySync,
  generateKeyPair,
  generateKeyPairSync,
  hash,
  hkdf,
  hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  scrypt,
  scryptSync,
  setFips,
  sign,
  subtle,
  timingSafeEqual,
  verify,
  webcrypto,
  Cipheriv: CipherivExport,
  Decipheriv: DecipherivExport,
  Hash: HashExport,
  Hmac: HmacExport,
  KeyObject,
  Sign: SignExport,
  Verify: VerifyExport,
  pseudoRandomBytes: randomBytes,
  prng: randomBytes,
  rng: randomBytes,
};
