// node:url — the web's URL and URLSearchParams (the platform's), file URL and path
// conversions (POSIX and Windows forms), urlToHttpOptions, domain conversions, and Node's
// legacy API (url.parse, url.format, url.resolve and the Url object) with its own
// lenient algorithm, which many older packages still call.
import { URL, URLSearchParams } from "../url.js";
import { domainToAscii, domainToUnicode as toUnicode } from "isapi:native/url";
import { platform } from "isapi:native/process";
import { posix, win32 } from "./path.js";
import { parse as parseQuery, stringify as stringifyQuery } from "./querystring.js";
import { codedError, invalidArgType } from "./internal/errors.js";

export { URL, URLSearchParams };

/** @param {unknown} domain */
export const domainToASCII = (domain) => domainToAscii(`${domain}`);
/** @param {unknown} domain */
export const domainToUnicode = (domain) => toUnicode(`${domain}`);

/**
 * @param {unknown} options
 * @returns {boolean}
 */
function windowsOption(options) {
  const value = /** @type {{ windows?: unknown } | undefined} */ (options)?.windows;
  return value === undefined ? platform === "win32" : Boolean(value);
}

/**
 * @param {unknown} url a file URL (string or URL)
 * @param {{ windows?: boolean }} [options]
 */
export function fileURLToPath(url, options) {
  const windows = windowsOption(options);
  /** @type {URL} */
  let parsed;
  if (typeof url === "string") parsed = new URL(url);
  else if (url instanceof URL) parsed = url;
  else throw invalidArgType("path", ["string", "URL"], url);
  if (parsed.protocol !== "file:")
    throw codedError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
  const { hostname } = parsed;
  let { pathname } = parsed;
  if (windows) {
    if (/%2f|%5c/i.test(pathname)) {
      throw codedError(
        TypeError,
        "ERR_INVALID_FILE_URL_PATH",
        "File URL path must not include encoded \\ or / characters",
      );
    }
    pathname = decodeURIComponent(pathname.replace(/\//g, "\\"));
    if (hostname !== "") return `\\\\${toUnicode(hostname)}${pathname}`;
    const letter = pathname.charCodeAt(1) | 0x20;
    if (!(letter >= 0x61 && letter <= 0x7a) || pathname[2] !== ":") {
      throw codedError(TypeError, "ERR_INVALID_FILE_URL_PATH", "File URL path must be absolute");
    }
    return pathname.slice(1);
  }
  if (hostname !== "") {
    throw codedError(
      TypeError,
      "ERR_INVALID_FILE_URL_HOST",
      `File URL host must be "localhost" or empty on ${platform === "win32" ? "linux" : platform}`,
    );
  }
  if (/%2f/i.test(pathname)) {
    throw codedError(
      TypeError,
      "ERR_INVALID_FILE_URL_PATH",
      "File URL path must not include encoded / characters",
    );
  }
  return decodeURIComponent(pathname);
}

/**
 * Characters the URL pathname setter would take for syntax (or drop), escaped first.
 * @param {string} path
 * @param {boolean} windows
 */
function escapePathChars(path, windows) {
  let out = path.replace(/%/g, "%25");
  if (!windows) out = out.replace(/\\/g, "%5C");
  return out
    .replace(/\n/g, "%0A")
    .replace(/\r/g, "%0D")
    .replace(/\t/g, "%09")
    .replace(/#/g, "%23")
    .replace(/\?/g, "%3F");
}

/**
 * @param {unknown} filepath
 * @param {{ windows?: boolean }} [options]
 */
export function pathToFileURL(filepath, options) {
  if (typeof filepath !== "string") throw invalidArgType("path", "string", filepath);
  const windows = windowsOption(options);
  const url = new URL("file://");
  if (windows && filepath.startsWith("\\\\")) {
    // UNC: \\server\share\path → file://server/share/path
    const parts = filepath.split("\\");
    const reason =
      parts[2] === "" ? "Empty UNC servername" : parts.length <= 3 ? "Missing UNC resource path" : "";
    if (reason !== "") {
      // Node shows the path as util.inspect does (backslashes doubled).
      const shown = filepath.replace(/\\/g, "\\\\");
      throw codedError(
        TypeError,
        "ERR_INVALID_ARG_VALUE",
        `The argument 'path' ${reason}. Received '${shown}'`,
      );
    }
    url.hostname = domainToAscii(parts[2]);
    url.pathname = escapePathChars(parts.slice(3).join("/"), true);
    return url;
  }
  const flavour = windows ? win32 : posix;
  let resolved = flavour.resolve(filepath);
  const last = filepath[filepath.length - 1];
  if ((last === "/" || (windows && last === "\\")) && resolved[resolved.length - 1] !== flavour.sep) {
    resolved += "/";
  }
  if (windows) resolved = resolved.replace(/\\/g, "/");
  url.pathname = escapePathChars(resolved, windows);
  return url;
}

/** @param {URL} url */
export function urlToHttpOptions(url) {
  const { hostname, pathname, search } = url;
  /** @type {Record<string, unknown>} */
  const options = {
    ...url,
    protocol: url.protocol,
    hostname: hostname.startsWith("[") ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ""}${search || ""}`,
    href: url.href,
  };
  if (url.port !== "") options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

// --- the legacy API ---------------------------------------------------------------------

const SLASHED = new Set(["http:", "https:", "ftp:", "gopher:", "file:", "ws:", "wss:"]);
const HOSTLESS = new Set(["javascript:"]);
const UNSAFE = new Set(["javascript:"]);
// Where a host ends (and what cannot be in one).
const HOST_END = new Set([
  "/",
  "?",
  "#",
  "\t",
  "\n",
  "\r",
  " ",
  '"',
  "%",
  "'",
  ";",
  "<",
  ">",
  "\\",
  "^",
  "`",
  "{",
  "|",
  "}",
]);
// Escaped wherever they appear after the host.
const AUTO_ESCAPE = /[\t\n\r "'<>\\^`{|}]/g;
const HOST_LABEL = /^[+a-zA-Z0-9_-]{0,63}$/;

/** The legacy URL object (`url.parse`'s result), Node's `Url`. */
export function Url() {
  /** @type {string | null} */ this.protocol = null;
  /** @type {boolean | null} */ this.slashes = null;
  /** @type {string | null} */ this.auth = null;
  /** @type {string | null} */ this.host = null;
  /** @type {string | null} */ this.port = null;
  /** @type {string | null} */ this.hostname = null;
  /** @type {string | null} */ this.hash = null;
  /** @type {string | null} */ this.search = null;
  /** @type {string | Record<string, unknown> | null} */ this.query = null;
  /** @type {string | null} */ this.pathname = null;
  /** @type {string | null} */ this.path = null;
  /** @type {string | null} */ this.href = null;
}

/**
 * @this {Url}
 * @param {string} input
 * @param {boolean} [parseQueryString]
 * @param {boolean} [slashesDenoteHost]
 */
Url.prototype.parse = function (input, parseQueryString, slashesDenoteHost) {
  if (typeof input !== "string") throw invalidArgType("url", "string", input);
  // Backslashes before the query are slashes; surrounding whitespace goes.
  let rest = input.trim();
  const queryAt = rest.search(/[?#]/);
  const head = queryAt === -1 ? rest : rest.slice(0, queryAt);
  rest = head.replace(/\\/g, "/") + (queryAt === -1 ? "" : rest.slice(queryAt));

  if (!slashesDenoteHost && !input.includes("#")) {
    // A path alone (`/a/b?c`) takes the fast way.
    const simple = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/.exec(rest);
    if (simple) {
      this.path = rest;
      this.href = rest;
      this.pathname = simple[1];
      if (simple[2]) {
        this.search = simple[2];
        this.query = parseQueryString ? parseQuery(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = Object.create(null);
      }
      return this;
    }
  }

  const protocolMatch = /^[a-z0-9.+-]+:/i.exec(rest);
  /** @type {string | undefined} */
  let lowerProto;
  if (protocolMatch) {
    lowerProto = protocolMatch[0].toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(protocolMatch[0].length);
  }

  let slashes = false;
  if (slashesDenoteHost || protocolMatch || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
    slashes = rest.startsWith("//");
    if (slashes && !(lowerProto && HOSTLESS.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!(lowerProto && HOSTLESS.has(lowerProto)) && (slashes || (lowerProto && !SLASHED.has(lowerProto)))) {
    // The authority: up to the first host-ending character, with credentials before the
    // last `@` in it.
    let hostEnd = -1;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "/" || rest[i] === "?" || rest[i] === "#") {
        hostEnd = i;
        break;
      }
    }
    const at = hostEnd === -1 ? rest.lastIndexOf("@") : rest.lastIndexOf("@", hostEnd);
    if (at !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, at));
      rest = rest.slice(at + 1);
    }
    hostEnd = rest.length;
    for (let i = 0; i < rest.length; i++) {
      if (HOST_END.has(rest[i])) {
        hostEnd = i;
        break;
      }
    }
    this.host = rest.slice(0, hostEnd);
    rest = rest.slice(hostEnd);
    parseHost(this);
    let hostname = this.hostname ?? "";
    const ipv6 = hostname.startsWith("[") && hostname.endsWith("]");
    if (!ipv6) {
      const labels = hostname.split(".");
      for (let i = 0; i < labels.length; i++) {
        // Non-ASCII letters are fine (the name is converted to punycode below).
        const ascii = labels[i].replace(/[^\x00-\x7f]/g, "x");
        if (labels[i] === "" || HOST_LABEL.test(ascii)) continue;
        // What cannot be a host name begins the path.
        const bad = /[^+a-zA-Z0-9_-]/.exec(ascii);
        const cut = bad ? bad.index : 63;
        const valid = [...labels.slice(0, i), labels[i].slice(0, cut)];
        rest = `${labels[i].slice(cut)}${labels.slice(i + 1).length ? `.${labels.slice(i + 1).join(".")}` : ""}${rest}`;
        if (!rest.startsWith("/")) rest = `/${rest}`;
        hostname = valid.join(".");
        break;
      }
    }
    hostname = hostname.length > 255 ? "" : hostname.toLowerCase();
    if (!ipv6 && hostname !== "") hostname = domainToAscii(hostname) || hostname;
    this.hostname = hostname;
    this.host = `${hostname}${this.port ? `:${this.port}` : ""}`;
    if (ipv6) {
      this.hostname = hostname.slice(1, -1);
      if (!rest.startsWith("/")) rest = `/${rest}`;
    }
  }

  if (!(lowerProto && UNSAFE.has(lowerProto))) {
    rest = rest.replace(AUTO_ESCAPE, (c) => (c === "'" ? "%27" : encodeURIComponent(c)));
  }

  const hashAt = rest.indexOf("#");
  if (hashAt !== -1) {
    this.hash = rest.slice(hashAt);
    rest = rest.slice(0, hashAt);
  }
  const searchAt = rest.indexOf("?");
  if (searchAt !== -1) {
    this.search = rest.slice(searchAt);
    this.query = rest.slice(searchAt + 1);
    if (parseQueryString) this.query = parseQuery(this.query);
    rest = rest.slice(0, searchAt);
  } else if (parseQueryString) {
    this.search = null;
    this.query = Object.create(null);
  }
  if (rest !== "") this.pathname = rest;
  if (lowerProto && SLASHED.has(lowerProto) && this.hostname && !this.pathname) this.pathname = "/";
  if (this.pathname || this.search) this.path = `${this.pathname || ""}${this.search || ""}`;
  this.href = this.format();
  return this;
};

/** @param {Url} url */
function parseHost(url) {
  let host = url.host ?? "";
  const port = /:[0-9]*$/.exec(host);
  if (port) {
    if (port[0] !== ":") url.port = port[0].slice(1);
    host = host.slice(0, host.length - port[0].length);
  }
  if (host) url.hostname = host;
}

/** @this {Url} */
Url.prototype.format = function () {
  let auth = this.auth || "";
  if (auth) auth = `${encodeURIComponent(auth).replace(/%3A/gi, ":")}@`;
  let protocol = this.protocol || "";
  let pathname = this.pathname || "";
  let hash = this.hash || "";
  /** @type {string | false} */
  let host = false;
  let query = "";
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    host =
      auth +
      (this.hostname.includes(":") && !this.hostname.startsWith("[") ? `[${this.hostname}]` : this.hostname);
    if (this.port) host += `:${this.port}`;
  }
  if (this.query !== null && typeof this.query === "object") query = stringifyQuery(this.query);
  let search = this.search || (query && `?${query}`) || "";
  if (protocol && !protocol.endsWith(":")) protocol += ":";
  pathname = pathname.replace(/[?#]/g, (c) => encodeURIComponent(c));
  search = search.replace(/#/g, "%23");
  if ((this.slashes || SLASHED.has(protocol)) && (this.slashes || host)) {
    host = `//${host || ""}`;
    if (pathname && !pathname.startsWith("/")) pathname = `/${pathname}`;
  } else if (!host) {
    host = "";
  }
  if (hash && !hash.startsWith("#")) hash = `#${hash}`;
  if (search && !search.startsWith("?")) search = `?${search}`;
  return `${protocol}${host}${pathname}${search}${hash}`;
};

/**
 * @this {Url}
 * @param {string} relative
 */
Url.prototype.resolve = function (relative) {
  return resolveWith(this.format(), relative);
};

/**
 * @param {unknown} input
 * @param {boolean} [parseQueryString]
 * @param {boolean} [slashesDenoteHost]
 */
export function parse(input, parseQueryString, slashesDenoteHost) {
  if (input instanceof Url) return input;
  const url = new Url();
  url.parse(/** @type {string} */ (input), parseQueryString, slashesDenoteHost);
  return url;
}

/**
 * @param {unknown} object a Url (or object of its fields), a URL, or a string
 * @param {{ auth?: boolean, fragment?: boolean, search?: boolean, unicode?: boolean }} [options] for URL objects
 */
export function format(object, options) {
  if (typeof object === "string") return parse(object).format();
  if (object === null || (typeof object !== "object" && typeof object !== "function")) {
    throw invalidArgType("urlObject", ["object", "string"], object);
  }
  if (object instanceof URL) {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw invalidArgType("options", "object", options);
    }
    const { auth = true, fragment = true, search = true, unicode = false } = options ?? {};
    const copy = new URL(object.href);
    if (!auth) {
      copy.username = "";
      copy.password = "";
    }
    if (!fragment) copy.hash = "";
    if (!search) copy.search = "";
    let href = copy.href;
    if (unicode && copy.hostname) href = href.replace(copy.hostname, toUnicode(copy.hostname));
    return href;
  }
  if (object instanceof Url) return object.format();
  return Url.prototype.format.call(/** @type {Url} */ (object));
}

/**
 * A relative reference against a base, as a browser resolves a link. A relative base
 * (`/a/b`, `a/b`) is resolved as a path and stays relative.
 * @param {string} from
 * @param {string} to
 */
function resolveWith(from, to) {
  const base = parse(from, false, true);
  if (base.protocol) {
    try {
      return new URL(to, from).href;
    } catch {
      // fall through: Node's lenient answer for what the URL standard rejects
    }
  }
  const root = "http://resolve.invalid";
  const joined = new URL(to, new URL(from, `${root}/`));
  if (joined.origin !== root) return joined.href;
  const relativeBase = !from.startsWith("/");
  const out = `${joined.pathname}${joined.search}${joined.hash}`;
  return relativeBase && !to.startsWith("/") ? out.slice(1) : out;
}

/**
 * @param {string} from
 * @param {string} to
 */
export function resolve(from, to) {
  return resolveWith(from, to);
}

/**
 * @param {string} source
 * @param {string} relative
 */
export function resolveObject(source, relative) {
  if (!source) return relative;
  return parse(resolveWith(typeof source === "string" ? source : format(source), relative));
}

export default {
  URL,
  URLSearchParams,
  Url,
  parse,
  format,
  resolve,
  resolveObject,
  domainToASCII,
  domainToUnicode,
  fileURLToPath,
  pathToFileURL,
  urlToHttpOptions,
};
