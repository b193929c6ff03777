// crypto: Crypto, CryptoKey and SubtleCrypto (the Web Cryptography API). This file does
// what the standard says around the cryptography: normalizing algorithm dictionaries,
// checking usages and formats, building CryptoKeys and JWKs. The cryptography and the
// key material are in Rust (isapi:native/crypto): a CryptoKey holds a native handle.
// The work is done synchronously on the engine's thread; the promises come back settled.
import { bytes as randomBytes } from "isapi:native/random";
import * as native from "isapi:native/crypto";
import { utf8Encode, utf8Decode } from "isapi:native/encoding";
import { DOMException } from "./dom_exception.js";

/** @typedef {Record<string, any> & { name: string }} Algorithm */
/** @typedef {{ handle: object, type: string, extractable: boolean, algorithm: Algorithm, usages: string[] }} KeyRecord */

/**
 * A WebCrypto error: a DOMException of that name.
 * @param {string} name
 * @param {string} message
 */
function domError(name, message) {
  return new DOMException(message, name);
}

const invalidAccess = () =>
  domError("InvalidAccessError", "The requested operation is not valid for the provided key");

const HASHES = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
const SIGNERS = ["HMAC", "ECDSA", "Ed25519", "RSASSA-PKCS1-v1_5", "RSA-PSS"];
const CIPHERS = ["AES-GCM", "AES-CBC", "AES-CTR", "RSA-OAEP"];
const KEY_ALGORITHMS = [...SIGNERS, ...CIPHERS, "AES-KW", "ECDH", "X25519"];
/** The algorithms each operation knows (the standard's "supportedAlgorithms"). */
/** @type {Record<string, string[]>} */
const SUPPORTED = {
  digest: HASHES,
  sign: SIGNERS,
  verify: SIGNERS,
  encrypt: CIPHERS,
  decrypt: CIPHERS,
  wrapKey: [...CIPHERS, "AES-KW"],
  unwrapKey: [...CIPHERS, "AES-KW"],
  generateKey: KEY_ALGORITHMS,
  importKey: [...KEY_ALGORITHMS, "HKDF", "PBKDF2"],
  deriveBits: ["ECDH", "X25519", "HKDF", "PBKDF2"],
  "get key length": ["AES-GCM", "AES-CBC", "AES-CTR", "AES-KW", "HMAC", "HKDF", "PBKDF2"],
};
const CANONICAL = new Map([...SUPPORTED.importKey, ...HASHES].map((name) => [name.toUpperCase(), name]));
/** Usages a key of each algorithm may have: [secret or private, public]. */
/** @type {Record<string, [string[], string[]]>} */
const USAGES = {
  HMAC: [["sign", "verify"], []],
  ECDSA: [["sign"], ["verify"]],
  Ed25519: [["sign"], ["verify"]],
  "RSASSA-PKCS1-v1_5": [["sign"], ["verify"]],
  "RSA-PSS": [["sign"], ["verify"]],
  "RSA-OAEP": [
    ["decrypt", "unwrapKey"],
    ["encrypt", "wrapKey"],
  ],
  "AES-GCM": [["encrypt", "decrypt", "wrapKey", "unwrapKey"], []],
  "AES-CBC": [["encrypt", "decrypt", "wrapKey", "unwrapKey"], []],
  "AES-CTR": [["encrypt", "decrypt", "wrapKey", "unwrapKey"], []],
  "AES-KW": [["wrapKey", "unwrapKey"], []],
  ECDH: [["deriveKey", "deriveBits"], []],
  X25519: [["deriveKey", "deriveBits"], []],
  HKDF: [["deriveKey", "deriveBits"], []],
  PBKDF2: [["deriveKey", "deriveBits"], []],
};
const KEY_USAGES = [
  "encrypt",
  "decrypt",
  "sign",
  "verify",
  "deriveKey",
  "deriveBits",
  "wrapKey",
  "unwrapKey",
];
const CURVES = ["P-256", "P-384"];

/**
 * @param {unknown} value
 * @param {string} what
 */
function bufferSource(value, what) {
  // A view, not the copy the standard takes: every operation reads its input before it
  // returns (the work is synchronous), so the script cannot change it in between.
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${what} is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
}

/**
 * @param {Record<string, any>} dictionary
 * @param {string} member
 */
function required(dictionary, member) {
  const value = dictionary[member];
  if (value === undefined) throw new TypeError(`algorithm.${member} is required`);
  return value;
}

/**
 * A WebIDL `[EnforceRange]` unsigned integer of at most `max`.
 * @param {unknown} value
 * @param {string} member
 * @param {number} max
 */
function integer(value, member, max) {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || Math.trunc(number) > max)
    throw new TypeError(`${member} is out of range`);
  return Math.trunc(number);
}

/**
 * The standard's "normalize an algorithm": the canonical name and the members the
 * operation's dictionary has, converted and copied.
 * @param {string} operation
 * @param {unknown} algorithm
 * @returns {Algorithm}
 */
function normalize(operation, algorithm) {
  // WebIDL's (object or DOMString): anything not an object is a name.
  if (typeof algorithm !== "object" || algorithm === null)
    return normalize(operation, { name: String(algorithm) });
  const given = /** @type {Record<string, any>} */ (algorithm);
  if (given.name === undefined) throw new TypeError("Algorithm: 'name' is required");
  const name = CANONICAL.get(String(given.name).toUpperCase());
  if (name === undefined || !SUPPORTED[operation].includes(name))
    throw domError("NotSupportedError", "Unrecognized algorithm name");
  /** @type {Algorithm} */
  const out = { name };
  const hash = () => (out.hash = normalize("digest", required(given, "hash")));
  const curve = () => (out.namedCurve = String(required(given, "namedCurve")));
  const key = operation === "generateKey" || operation === "importKey" || operation === "get key length";
  switch (name) {
    case "HMAC":
      if (key) {
        hash();
        if (given.length !== undefined) out.length = integer(given.length, "length", 2 ** 32 - 1);
      }
      break;
    case "ECDSA":
      if (key) curve();
      else hash();
      break;
    case "ECDH":
    case "X25519":
      if (name === "ECDH" && key) curve();
      if (operation === "deriveBits") {
        const publicKey = required(given, "public");
        if (!records.has(publicKey)) throw new TypeError("algorithm.public is not a CryptoKey");
        out.public = publicKey;
      }
      break;
    case "RSASSA-PKCS1-v1_5":
    case "RSA-PSS":
    case "RSA-OAEP":
      if (operation === "generateKey") {
        out.modulusLength = integer(required(given, "modulusLength"), "modulusLength", 2 ** 32 - 1);
        const exponent = required(given, "publicExponent");
        if (!(exponent instanceof Uint8Array)) throw new TypeError("publicExponent is not a Uint8Array");
        out.publicExponent = exponent.slice();
      }
      if (key) hash();
      if (name === "RSA-PSS" && !key)
        out.saltLength = integer(required(given, "saltLength"), "saltLength", 2 ** 32 - 1);
      if (name === "RSA-OAEP" && !key && given.label !== undefined)
        out.label = bufferSource(given.label, "label");
      break;
    case "AES-GCM":
    case "AES-CBC":
    case "AES-CTR":
    case "AES-KW":
      if (operation === "generateKey" || operation === "get key length")
        out.length = integer(required(given, "length"), "length", 65535);
      if (!key && name === "AES-GCM") {
        out.iv = bufferSource(required(given, "iv"), "iv");
        if (given.additionalData !== undefined)
          out.additionalData = bufferSource(given.additionalData, "additionalData");
        if (given.tagLength !== undefined) out.tagLength = integer(given.tagLength, "tagLength", 255);
      }
      if (!key && name === "AES-CBC") out.iv = bufferSource(required(given, "iv"), "iv");
      if (!key && name === "AES-CTR") {
        out.counter = bufferSource(required(given, "counter"), "counter");
        out.length = integer(required(given, "length"), "length", 255);
      }
      break;
    case "HKDF":
      if (operation === "deriveBits") {
        hash();
        out.salt = bufferSource(required(given, "salt"), "salt");
        out.info = bufferSource(required(given, "info"), "info");
      }
      break;
    case "PBKDF2":
      if (operation === "deriveBits") {
        hash();
        out.salt = bufferSource(required(given, "salt"), "salt");
        out.iterations = integer(required(given, "iterations"), "iterations", 2 ** 32 - 1);
      }
      break;
  }
  return out;
}

/**
 * Runs a native operation, giving its errors their WebCrypto shape.
 * @template T
 * @param {() => T} operation
 * @returns {T}
 */
function run(operation) {
  try {
    return operation();
  } catch (error) {
    if (error instanceof Error && error.name !== "TypeError" && error.name !== "Error")
      throw domError(error.name, error.message);
    throw error;
  }
}

/** @type {WeakMap<object, KeyRecord>} */
const records = new WeakMap();
const CONSTRUCTING = Symbol("constructing");

/**
 * @param {unknown} key
 * @param {string} what
 * @returns {KeyRecord}
 */
function recordOf(key, what) {
  const record = records.get(/** @type {object} */ (key));
  if (record === undefined) throw new TypeError(`${what} is not of type CryptoKey`);
  return record;
}

/**
 * A CryptoKey's record (its native handle, type, algorithm): node:crypto's
 * `KeyObject.from` wraps the same handle.
 * @param {unknown} key
 */
export function keyRecordOf(key) {
  return recordOf(key, "key");
}

export class CryptoKey {
  /** @param {unknown} token */
  constructor(token) {
    if (token !== CONSTRUCTING) throw new TypeError("Illegal constructor");
  }
  get type() {
    return recordOf(this, "this").type;
  }
  get extractable() {
    return recordOf(this, "this").extractable;
  }
  get algorithm() {
    return recordOf(this, "this").algorithm;
  }
  get usages() {
    return recordOf(this, "this").usages;
  }
}
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: "CryptoKey", configurable: true });

/**
 * A new CryptoKey over `handle`.
 * @param {object} handle
 * @param {Algorithm} algorithm
 * @param {boolean} extractable
 * @param {string[]} usages
 */
function makeKey(handle, algorithm, extractable, usages) {
  const [type] = native.info(handle);
  const key = new CryptoKey(CONSTRUCTING);
  records.set(key, { handle, type, extractable, algorithm, usages });
  return key;
}

/**
 * The usages as a list of KeyUsage values, each once, in the order given.
 * @param {unknown} usages
 */
function keyUsages(usages) {
  if (typeof usages !== "object" || usages === null || !(Symbol.iterator in usages))
    throw new TypeError("keyUsages is not a sequence");
  /** @type {string[]} */
  const out = [];
  for (const usage of /** @type {Iterable<unknown>} */ (usages)) {
    const name = String(usage);
    if (!KEY_USAGES.includes(name)) throw new TypeError(`'${name}' is not a valid KeyUsage`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Throws a SyntaxError unless every usage is allowed for a key of this kind.
 * @param {string} algorithm
 * @param {string[]} usages
 * @param {boolean} isPublic
 */
function checkUsages(algorithm, usages, isPublic) {
  const allowed = USAGES[algorithm][isPublic ? 1 : 0];
  if (usages.some((usage) => !allowed.includes(usage)))
    throw domError("SyntaxError", "Unsupported key usage for this key");
}

/** @param {string[]} usages */
function checkNotEmpty(usages) {
  if (usages.length === 0) throw domError("SyntaxError", "Usages cannot be empty when creating a key.");
}

/** @param {string} hash */
function blockBits(hash) {
  return hash === "SHA-384" || hash === "SHA-512" ? 1024 : 512;
}

/**
 * @param {Algorithm} key
 * @param {Algorithm} algorithm
 * @param {string} usage
 * @param {KeyRecord} record
 */
function checkKey(key, algorithm, usage, record) {
  if (key.name !== algorithm.name || !record.usages.includes(usage)) throw invalidAccess();
}

// base64url without padding, as JWK members are.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** @param {Uint8Array} bytes */
function base64url(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += B64[n & 63];
  }
  return out;
}
/**
 * @param {unknown} text
 * @param {string} member
 */
function fromBase64url(text, member) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1)
    throw domError("DataError", `Invalid JWK "${member}" member`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = (value << 6) | B64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 255;
    }
  }
  return out;
}

/**
 * The JWK `alg` a key of this algorithm exports, if any.
 * @param {Algorithm} algorithm
 */
function jwkAlg(algorithm) {
  const bits = (/** @type {string} */ hash) => hash.slice(4);
  switch (algorithm.name) {
    case "HMAC":
      return `HS${bits(algorithm.hash.name)}`;
    case "AES-GCM":
    case "AES-CBC":
    case "AES-CTR":
    case "AES-KW":
      return `A${algorithm.length}${algorithm.name.slice(4)}`;
    case "RSASSA-PKCS1-v1_5":
      return `RS${bits(algorithm.hash.name)}`;
    case "RSA-PSS":
      return `PS${bits(algorithm.hash.name)}`;
    case "RSA-OAEP":
      return algorithm.hash.name === "SHA-1" ? "RSA-OAEP" : `RSA-OAEP-${bits(algorithm.hash.name)}`;
    case "Ed25519":
      return "Ed25519";
  }
  return undefined;
}

/** The native kind of key an algorithm uses. @param {string} name */
function nativeKind(name) {
  if (name === "ECDSA" || name === "ECDH") return "EC";
  if (name.startsWith("RSA")) return "RSA";
  if (name === "Ed25519" || name === "X25519") return name;
  return "secret";
}

const JWK_MEMBERS = ["k", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi"];

/**
 * @param {string} format
 * @param {unknown} keyData
 * @param {Algorithm} algorithm
 * @param {boolean} extractable
 * @param {string[]} usages
 */
function importKey(format, keyData, algorithm, extractable, usages) {
  const { name } = algorithm;
  const kind = nativeKind(name);
  if (!["raw", "pkcs8", "spki", "jwk"].includes(format))
    throw new TypeError(`'${format}' is not a valid KeyFormat`);
  /** @type {Uint8Array | Record<string, Uint8Array>} */
  let data;
  let isPublic = format === "spki" || (format === "raw" && kind !== "secret");
  if (format === "jwk") {
    if (
      typeof keyData !== "object" ||
      keyData === null ||
      ArrayBuffer.isView(keyData) ||
      keyData instanceof ArrayBuffer
    )
      throw new TypeError("keyData is not a JsonWebKey");
    const jwk = /** @type {Record<string, any>} */ (keyData);
    if (kind === "secret" && (name === "HKDF" || name === "PBKDF2"))
      throw domError("NotSupportedError", `Unable to import ${name} key with format jwk`);
    const kty = { secret: "oct", EC: "EC", RSA: "RSA", Ed25519: "OKP", X25519: "OKP" }[kind];
    if (jwk.kty !== kty) throw domError("DataError", 'Invalid JWK "kty" Parameter');
    if (kind === "EC" || kind === "Ed25519" || kind === "X25519") {
      const crv = kind === "EC" ? algorithm.namedCurve : kind;
      if (jwk.crv !== crv) throw domError("DataError", 'JWK "crv" does not match the requested algorithm');
    }
    isPublic = kind !== "secret" && jwk.d === undefined;
    if (usages.length > 0 && jwk.use !== undefined) {
      const use =
        name === "ECDH" || name === "X25519" || CIPHERS.includes(name) || name === "AES-KW" ? "enc" : "sig";
      if (jwk.use !== use) throw domError("DataError", 'Invalid JWK "use" Parameter');
    }
    if (jwk.key_ops !== undefined) {
      if (!Array.isArray(jwk.key_ops)) throw domError("DataError", 'Invalid JWK "key_ops" Parameter');
      if (usages.some((usage) => !jwk.key_ops.includes(usage)))
        throw domError("DataError", "Key operations and usage mismatch");
    }
    if (jwk.ext === false && extractable)
      throw domError("DataError", 'JWK "ext" Parameter and extractable mismatch');
    if (jwk.alg !== undefined && name !== "ECDH" && name !== "X25519") {
      const expected =
        name === "ECDSA"
          ? { "P-256": "ES256", "P-384": "ES384" }[/** @type {string} */ (algorithm.namedCurve)]
          : name === "Ed25519"
            ? jwk.alg === "EdDSA"
              ? "EdDSA"
              : "Ed25519"
            : kind === "secret"
              ? jwkAlg({ ...algorithm, length: fromBase64url(jwk.k, "k").length * 8 })
              : jwkAlg(algorithm);
      if (jwk.alg !== expected)
        throw domError("DataError", 'JWK "alg" does not match the requested algorithm');
    }
    /** @type {Record<string, Uint8Array>} */
    const members = {};
    for (const member of JWK_MEMBERS)
      if (jwk[member] !== undefined) members[member] = fromBase64url(jwk[member], member);
    data = members;
  } else {
    data = bufferSource(keyData, "keyData");
    if (format === "raw" && kind === "RSA")
      throw domError("NotSupportedError", `Unable to import ${name} key with format raw`);
    if (kind === "secret" && format !== "raw")
      throw domError("NotSupportedError", `Unable to import ${name} key with format ${format}`);
  }
  if (kind === "EC" && !CURVES.includes(/** @type {string} */ (algorithm.namedCurve)))
    throw domError("NotSupportedError", "Unsupported named curve");
  if ((name === "HKDF" || name === "PBKDF2") && extractable)
    throw domError("SyntaxError", `${name} keys are not extractable`);
  checkUsages(name, usages, isPublic);
  const handle = run(() => native.importKey(kind, format, data, algorithm.namedCurve ?? null));
  const [type, bits, exponent] = native.info(handle);
  if (type === "public" && format === "pkcs8") throw domError("DataError", "Invalid keyData");
  /** @type {Algorithm} */
  let keyAlgorithm = { name };
  if (kind === "secret") {
    if (name === "HMAC") {
      if (bits === 0) throw domError("DataError", "Zero-length key is not supported");
      const length = algorithm.length ?? bits;
      if (length > bits || length <= bits - 8 || length === 0)
        throw domError("DataError", "Invalid key length");
      keyAlgorithm = { name, hash: algorithm.hash, length };
    } else if (name.startsWith("AES")) {
      if (![128, 192, 256].includes(bits)) throw domError("DataError", "Invalid key length");
      keyAlgorithm = { name, length: bits };
    }
  } else if (kind === "EC") keyAlgorithm = { name, namedCurve: algorithm.namedCurve };
  else if (kind === "RSA")
    keyAlgorithm = { name, modulusLength: bits, publicExponent: exponent, hash: algorithm.hash };
  if (type !== "public") checkNotEmpty(usages);
  return makeKey(handle, keyAlgorithm, type === "public" ? true : extractable, usages);
}

/**
 * @param {string} format
 * @param {KeyRecord} record
 */
function exportKey(format, record) {
  if (!["raw", "pkcs8", "spki", "jwk"].includes(format))
    throw new TypeError(`'${format}' is not a valid KeyFormat`);
  const { name } = record.algorithm;
  if (name === "HKDF" || name === "PBKDF2")
    throw domError("NotSupportedError", `Unable to export ${name} keys`);
  if (!record.extractable) throw domError("InvalidAccessError", "key is not extractable");
  const exported = run(() => native.exportKey(record.handle, format));
  if (format !== "jwk") return /** @type {Uint8Array} */ (exported).buffer;
  const members = /** @type {Record<string, Uint8Array>} */ (exported);
  const kind = nativeKind(name);
  /** @type {Record<string, unknown>} */
  const jwk = { kty: { secret: "oct", EC: "EC", RSA: "RSA", Ed25519: "OKP", X25519: "OKP" }[kind] };
  if (kind === "EC") jwk.crv = record.algorithm.namedCurve;
  if (kind === "Ed25519" || kind === "X25519") jwk.crv = kind;
  for (const member of JWK_MEMBERS)
    if (members[member] !== undefined) jwk[member] = base64url(members[member]);
  const alg = jwkAlg(record.algorithm);
  if (alg !== undefined) jwk.alg = alg;
  jwk.key_ops = record.usages.slice();
  jwk.ext = record.extractable;
  return jwk;
}

/**
 * @param {Algorithm} algorithm
 * @param {KeyRecord} record
 * @param {number | null} length
 */
function deriveBits(algorithm, record, length) {
  const { name } = algorithm;
  /** @type {Record<string, unknown>} */
  const params = {
    hash: algorithm.hash?.name,
    salt: algorithm.salt,
    info: algorithm.info,
    iterations: algorithm.iterations,
  };
  if (name === "ECDH" || name === "X25519") {
    const other = recordOf(algorithm.public, "algorithm.public");
    if (
      other.type !== "public" ||
      other.algorithm.name !== name ||
      other.algorithm.namedCurve !== record.algorithm.namedCurve
    )
      throw invalidAccess();
    params.public = other.handle;
    const bits = /** @type {Uint8Array} */ (run(() => native.deriveBits(name, record.handle, params)));
    if (length === null || length === undefined) return bits.buffer;
    if (length > bits.length * 8) throw domError("OperationError", "derived bit length is too large");
    const out = bits.slice(0, Math.ceil(length / 8));
    if (length % 8) out[out.length - 1] &= 0xff << (8 - (length % 8));
    return out.buffer;
  }
  if (length === null || length === undefined || length % 8 !== 0)
    throw domError("OperationError", "length must be a multiple of 8");
  params.length = length / 8;
  return /** @type {Uint8Array} */ (run(() => native.deriveBits(name, record.handle, params))).buffer;
}

/**
 * The length in bits a derived key of this algorithm needs (null: any).
 * @param {Algorithm} algorithm
 */
function keyLength(algorithm) {
  if (algorithm.name === "HMAC") return algorithm.length ?? blockBits(algorithm.hash.name);
  if (algorithm.name === "HKDF" || algorithm.name === "PBKDF2") return null;
  if (![128, 192, 256].includes(algorithm.length))
    throw domError("OperationError", "AES key length must be 128, 192 or 256 bits");
  return algorithm.length;
}

/**
 * The parameters native.encrypt/decrypt take, checked as the standard asks.
 * @param {Algorithm} algorithm
 * @param {KeyRecord} record
 */
function cipherParams(algorithm, record) {
  const { name } = algorithm;
  if (name === "AES-GCM") {
    const tagLength = algorithm.tagLength ?? 128;
    if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength))
      throw domError("OperationError", "Invalid tag length");
    return { iv: algorithm.iv, additionalData: algorithm.additionalData, tagLength };
  }
  if (name === "AES-CBC") {
    if (algorithm.iv.length !== 16)
      throw domError("OperationError", "algorithm.iv must contain exactly 16 bytes");
    return { iv: algorithm.iv };
  }
  if (name === "AES-CTR") {
    if (algorithm.counter.length !== 16)
      throw domError("OperationError", "algorithm.counter must contain exactly 16 bytes");
    if (algorithm.length === 0 || algorithm.length > 128)
      throw domError("OperationError", "algorithm.length must be between 1 and 128");
    return { counter: algorithm.counter, length: algorithm.length };
  }
  if (name === "RSA-OAEP") return { hash: record.algorithm.hash.name, label: algorithm.label };
  return {};
}

/**
 * @param {"encrypt" | "decrypt"} operation
 * @param {Algorithm} algorithm
 * @param {KeyRecord} record
 * @param {Uint8Array} data
 */
function cipher(operation, algorithm, record, data) {
  const params = cipherParams(algorithm, record);
  return /** @type {Uint8Array} */ (run(() => native[operation](algorithm.name, record.handle, params, data)))
    .buffer;
}

export class SubtleCrypto {
  /** @param {unknown} token */
  constructor(token) {
    if (token !== CONSTRUCTING) throw new TypeError("Illegal constructor");
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} data
   */
  async digest(algorithm, data) {
    const normalized = normalize("digest", algorithm);
    const bytes = bufferSource(data, "data");
    return /** @type {Uint8Array} */ (run(() => native.digest(normalized.name, bytes))).buffer;
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} key
   * @param {unknown} data
   */
  async sign(algorithm, key, data) {
    const normalized = normalize("sign", algorithm);
    const bytes = bufferSource(data, "data");
    const record = recordOf(key, "key");
    checkKey(record.algorithm, normalized, "sign", record);
    const params = {
      hash: (normalized.hash ?? record.algorithm.hash)?.name,
      saltLength: normalized.saltLength,
    };
    return /** @type {Uint8Array} */ (run(() => native.sign(normalized.name, record.handle, params, bytes)))
      .buffer;
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} key
   * @param {unknown} signature
   * @param {unknown} data
   */
  async verify(algorithm, key, signature, data) {
    const normalized = normalize("verify", algorithm);
    const signatureBytes = bufferSource(signature, "signature");
    const bytes = bufferSource(data, "data");
    const record = recordOf(key, "key");
    checkKey(record.algorithm, normalized, "verify", record);
    const params = {
      hash: (normalized.hash ?? record.algorithm.hash)?.name,
      saltLength: normalized.saltLength,
    };
    return run(() => native.verify(normalized.name, record.handle, params, signatureBytes, bytes));
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} key
   * @param {unknown} data
   */
  async encrypt(algorithm, key, data) {
    const normalized = normalize("encrypt", algorithm);
    const bytes = bufferSource(data, "data");
    const record = recordOf(key, "key");
    checkKey(record.algorithm, normalized, "encrypt", record);
    return cipher("encrypt", normalized, record, bytes);
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} key
   * @param {unknown} data
   */
  async decrypt(algorithm, key, data) {
    const normalized = normalize("decrypt", algorithm);
    const bytes = bufferSource(data, "data");
    const record = recordOf(key, "key");
    checkKey(record.algorithm, normalized, "decrypt", record);
    return cipher("decrypt", normalized, record, bytes);
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} extractable
   * @param {unknown} keyUsagesList
   */
  async generateKey(algorithm, extractable, keyUsagesList) {
    const usages = keyUsages(keyUsagesList);
    const normalized = normalize("generateKey", algorithm);
    const { name } = normalized;
    const kind = nativeKind(name);
    const extract = Boolean(extractable);
    if (kind === "secret") {
      checkUsages(name, usages, false);
      let length;
      if (name === "HMAC") {
        length = normalized.length ?? blockBits(normalized.hash.name);
        if (length === 0) throw domError("OperationError", "Invalid key length");
      } else {
        length = normalized.length;
        if (![128, 192, 256].includes(length))
          throw domError("OperationError", "AES key length must be 128, 192 or 256 bits");
      }
      checkNotEmpty(usages);
      const handle = run(() => native.generate("secret", Math.ceil(length / 8), null));
      const keyAlgorithm = name === "HMAC" ? { name, length, hash: normalized.hash } : { name, length };
      return makeKey(handle, keyAlgorithm, extract, usages);
    }
    const [privateAllowed, publicAllowed] = USAGES[name];
    if (usages.some((usage) => !privateAllowed.includes(usage) && !publicAllowed.includes(usage)))
      throw domError("SyntaxError", "Unsupported key usage for this key");
    /** @type {Algorithm} */
    let keyAlgorithm = { name };
    /** @type {[unknown, unknown]} */
    let args = [null, null];
    if (kind === "EC") {
      if (!CURVES.includes(normalized.namedCurve))
        throw domError("NotSupportedError", "Unsupported named curve");
      keyAlgorithm = { name, namedCurve: normalized.namedCurve };
      args = [normalized.namedCurve, null];
    } else if (kind === "RSA") {
      const { modulusLength, publicExponent, hash } = normalized;
      if (modulusLength < 256 || modulusLength > 16384 || modulusLength % 8 !== 0)
        throw domError("OperationError", "Invalid modulus length");
      keyAlgorithm = { name, modulusLength, publicExponent, hash };
      args = [modulusLength, publicExponent];
    }
    const privateUsages = usages.filter((usage) => privateAllowed.includes(usage));
    checkNotEmpty(privateUsages);
    const [privateHandle, publicHandle] = /** @type {[object, object]} */ (
      run(() => native.generate(kind, ...args))
    );
    return {
      publicKey: makeKey(
        publicHandle,
        keyAlgorithm,
        true,
        usages.filter((usage) => publicAllowed.includes(usage)),
      ),
      privateKey: makeKey(privateHandle, { ...keyAlgorithm }, extract, privateUsages),
    };
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} baseKey
   * @param {unknown} derivedKeyType
   * @param {unknown} extractable
   * @param {unknown} keyUsagesList
   */
  async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsagesList) {
    const usages = keyUsages(keyUsagesList);
    const normalized = normalize("deriveBits", algorithm);
    const derived = normalize("importKey", derivedKeyType);
    const length = keyLength(normalize("get key length", derivedKeyType));
    const record = recordOf(baseKey, "baseKey");
    checkKey(record.algorithm, normalized, "deriveKey", record);
    const bits = deriveBits(normalized, record, length);
    return importKey("raw", bits, derived, Boolean(extractable), usages);
  }

  /**
   * @param {unknown} algorithm
   * @param {unknown} baseKey
   * @param {unknown} length
   */
  async deriveBits(algorithm, baseKey, length) {
    const normalized = normalize("deriveBits", algorithm);
    const record = recordOf(baseKey, "baseKey");
    checkKey(record.algorithm, normalized, "deriveBits", record);
    const bits = length === null || length === undefined ? null : integer(length, "length", 2 ** 32 - 1);
    return deriveBits(normalized, record, bits);
  }

  /**
   * @param {unknown} format
   * @param {unknown} keyData
   * @param {unknown} algorithm
   * @param {unknown} extractable
   * @param {unknown} keyUsagesList
   */
  async importKey(format, keyData, algorithm, extractable, keyUsagesList) {
    const usages = keyUsages(keyUsagesList);
    const normalized = normalize("importKey", algorithm);
    return importKey(String(format), keyData, normalized, Boolean(extractable), usages);
  }

  /**
   * @param {unknown} format
   * @param {unknown} key
   */
  async exportKey(format, key) {
    return exportKey(String(format), recordOf(key, "key"));
  }

  /**
   * @param {unknown} format
   * @param {unknown} key
   * @param {unknown} wrappingKey
   * @param {unknown} wrapAlgorithm
   */
  async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    const normalized = normalize("wrapKey", wrapAlgorithm);
    const record = recordOf(key, "key");
    const wrapping = recordOf(wrappingKey, "wrappingKey");
    checkKey(wrapping.algorithm, normalized, "wrapKey", wrapping);
    const exported = exportKey(String(format), record);
    const bytes =
      exported instanceof ArrayBuffer ? new Uint8Array(exported) : utf8Encode(JSON.stringify(exported));
    return cipher("encrypt", normalized, wrapping, bytes);
  }

  /**
   * @param {unknown} format
   * @param {unknown} wrappedKey
   * @param {unknown} unwrappingKey
   * @param {unknown} unwrapAlgorithm
   * @param {unknown} unwrappedKeyAlgorithm
   * @param {unknown} extractable
   * @param {unknown} keyUsagesList
   */
  async unwrapKey(
    format,
    wrappedKey,
    unwrappingKey,
    unwrapAlgorithm,
    unwrappedKeyAlgorithm,
    extractable,
    keyUsagesList,
  ) {
    const usages = keyUsages(keyUsagesList);
    const normalized = normalize("unwrapKey", unwrapAlgorithm);
    const keyAlgorithm = normalize("importKey", unwrappedKeyAlgorithm);
    const bytes = bufferSource(wrappedKey, "wrappedKey");
    const unwrapping = recordOf(unwrappingKey, "unwrappingKey");
    checkKey(unwrapping.algorithm, normalized, "unwrapKey", unwrapping);
    const key = new Uint8Array(cipher("decrypt", normalized, unwrapping, bytes));
    /** @type {unknown} */
    let keyData = key;
    if (String(format) === "jwk") {
      try {
        keyData = JSON.parse(utf8Decode(key, true));
      } catch {
        throw domError("DataError", "The unwrapped key is not a JWK");
      }
    }
    return importKey(String(format), keyData, keyAlgorithm, Boolean(extractable), usages);
  }
}
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, {
  value: "SubtleCrypto",
  configurable: true,
});

const subtle = new SubtleCrypto(CONSTRUCTING);

export class Crypto {
  /** @param {unknown} token */
  constructor(token) {
    if (token !== CONSTRUCTING) throw new TypeError("Illegal constructor");
  }

  get subtle() {
    if (!(this instanceof Crypto)) throw new TypeError("Illegal invocation");
    return subtle;
  }

  /**
   * @template {ArrayBufferView} T
   * @param {T} array
   * @returns {T}
   */
  getRandomValues(array) {
    if (!ArrayBuffer.isView(array)) throw new TypeError("getRandomValues needs an integer typed array");
    if (array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView)
      throw domError("TypeMismatchError", "getRandomValues needs an integer typed array");
    if (array.byteLength > 65536)
      throw domError("QuotaExceededError", "getRandomValues: at most 65536 bytes at a time");
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(randomBytes(array.byteLength));
    return array;
  }

  randomUUID() {
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: "Crypto", configurable: true });

export const crypto = new Crypto(CONSTRUCTING);

/** `crypto` is a getter without a setter on the global object, as in WebIDL and Node. */
export const globalDescriptors = {
  crypto: { get: () => crypto, set: undefined, configurable: true, enumerable: true },
};
