// node:path — POSIX and Windows path strings, as Node handles them (both flavours exist
// on every platform: `path.posix`, `path.win32`; `path` itself is the host's, as Node's
// follows process.platform). Pure string work: only resolve() asks for the cwd.
import { cwd, platform, env } from "isapi:native/process";
import { invalidArgType } from "./internal/errors.js";

/**
 * @param {unknown} value
 * @param {string} name
 * @returns {asserts value is string}
 */
function checkString(value, name) {
  if (typeof value !== "string") throw invalidArgType(name, "string", value);
}

/**
 * Folds `.` and `..` out of `segments` (already split, empty ones dropped). Above the root
 * (`allowAbove`: the path is relative) leading `..` stay.
 * @param {string[]} segments
 * @param {boolean} allowAbove
 */
function fold(segments, allowAbove) {
  /** @type {string[]} */
  const out = [];
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (allowAbove) out.push("..");
      continue;
    }
    out.push(segment);
  }
  return out;
}

/**
 * The last segment of `tail` (a path without its root) after trailing separators, and
 * where it starts: [base, start, end].
 * @param {string} tail
 * @param {(c: string) => boolean} isSep
 * @returns {[string, number, number]}
 */
function lastSegment(tail, isSep) {
  let end = tail.length;
  while (end > 0 && isSep(tail[end - 1])) end--;
  let start = end;
  while (start > 0 && !isSep(tail[start - 1])) start--;
  return [tail.slice(start, end), start, end];
}

/**
 * A base name's extension as Node sees it: from its last dot, unless that dot begins the
 * name (`.profile`) or the name is `..`.
 * @param {string} base
 */
function extOf(base) {
  const dot = base.lastIndexOf(".");
  if (dot <= 0 || base === "..") return "";
  return base.slice(dot);
}

/**
 * basename with a suffix, as Node's: the suffix goes when the base ends with it and is not
 * all of it; a suffix equal to the whole path gives "", and a path of separators alone
 * (after `start`, a drive) is returned as it is.
 * @param {string} path
 * @param {number} start
 * @param {string | undefined} suffix
 * @param {(c: string) => boolean} isSep
 */
function basenameOf(path, start, suffix, isSep) {
  const base = lastSegment(path.slice(start), isSep)[0];
  if (suffix === undefined || suffix === "" || suffix.length > path.length) return base;
  if (suffix === path) return "";
  if (base === "") return path.slice(start);
  if (base === suffix || !base.endsWith(suffix)) return base;
  return base.slice(0, base.length - suffix.length);
}

/** @param {{ dir?: unknown, root?: unknown, base?: unknown, name?: unknown, ext?: unknown }} object @param {string} sep */
function formatWith(object, sep) {
  if (object === null || typeof object !== "object") throw invalidArgType("pathObject", "object", object);
  const dir = object.dir || object.root;
  const ext = object.ext ? `${String(object.ext).startsWith(".") ? "" : "."}${object.ext}` : "";
  const base = object.base || `${object.name || ""}${ext}`;
  if (!dir) return `${base}`;
  return dir === object.root ? `${dir}${base}` : `${dir}${sep}${base}`;
}

// --- POSIX ------------------------------------------------------------------------------

/** @param {string} c */
const posixSep = (c) => c === "/";

/**
 * @param {string} path
 */
function posixNormalize(path) {
  checkString(path, "path");
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  let body = fold(path.split("/"), !absolute).join("/");
  if (body === "" && !absolute) body = ".";
  if (body !== "" && trailing) body += "/";
  return absolute ? `/${body}` : body;
}

/** @param {...string} paths */
function posixResolve(...paths) {
  /** @type {string[]} */
  const parts = [];
  let absolute = false;
  for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
    const path = i >= 0 ? paths[i] : cwd();
    checkString(path, `paths[${i}]`);
    if (path === "") continue;
    parts.unshift(path);
    absolute = path.startsWith("/");
  }
  const body = fold(parts.join("/").split("/"), !absolute).join("/");
  if (absolute) return `/${body}`;
  return body === "" ? "." : body;
}

/** @param {...string} paths */
function posixJoin(...paths) {
  if (paths.length === 0) return ".";
  /** @type {string[]} */
  const kept = [];
  for (const path of paths) {
    checkString(path, "path");
    if (path !== "") kept.push(path);
  }
  return kept.length === 0 ? "." : posixNormalize(kept.join("/"));
}

/** @param {string} from @param {string} to */
function posixRelative(from, to) {
  checkString(from, "from");
  checkString(to, "to");
  if (from === to) return "";
  const a = posixResolve(from).split("/").filter(Boolean);
  const b = posixResolve(to).split("/").filter(Boolean);
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  return [...a.slice(same).map(() => ".."), ...b.slice(same)].join("/");
}

/** @param {string} path */
function posixDirname(path) {
  checkString(path, "path");
  if (path === "") return ".";
  // Only the one separator before the last segment goes (Node keeps the others).
  let i = path.length - 1;
  while (i >= 1 && path[i] === "/") i--;
  while (i >= 1 && path[i] !== "/") i--;
  if (i < 1) return path[0] === "/" ? "/" : ".";
  if (i === 1 && path[0] === "/") return "//";
  return path.slice(0, i);
}

/** @param {string} path @param {string} [suffix] */
function posixBasename(path, suffix) {
  if (suffix !== undefined) checkString(suffix, "suffix");
  checkString(path, "path");
  return basenameOf(path, 0, suffix, posixSep);
}

/** @param {string} path */
function posixExtname(path) {
  checkString(path, "path");
  return extOf(lastSegment(path, posixSep)[0]);
}

/** @param {string} path */
function posixParse(path) {
  checkString(path, "path");
  const parsed = { root: "", dir: "", base: "", ext: "", name: "" };
  if (path === "") return parsed;
  const absolute = path.startsWith("/");
  if (absolute) parsed.root = "/";
  const tail = absolute ? path.slice(1) : path;
  const [base, start] = lastSegment(tail, posixSep);
  parsed.base = base;
  // Node's parse takes "/.." (its base right after the root) to have the extension ".".
  parsed.ext = absolute && start === 0 && base === ".." ? "." : extOf(base);
  parsed.name = parsed.ext ? base.slice(0, base.length - parsed.ext.length) : base;
  if (start > 0) parsed.dir = `${parsed.root}${tail.slice(0, start - 1)}`;
  else if (absolute) parsed.dir = "/";
  return parsed;
}

// --- Windows ----------------------------------------------------------------------------

/** @param {string} c */
const winSep = (c) => c === "\\" || c === "/";

/** @param {string} c */
const isLetter = (c) => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");

/**
 * How a Windows path begins: its device (`C:` or `\\server\share`), how many characters
 * its root takes (`C:\` 3, `\` 1, `C:` 2, a UNC root its length, `rootLength` with the
 * separator after a UNC root) and whether it is absolute (rooted). For normalize and
 * resolve (`resolving`), `\\.\x` and `\\?\x` are the device namespaces `\\.` and `\\?`.
 * @param {string} path
 * @param {boolean} [resolving]
 * @returns {{ device: string, rootEnd: number, rootLength: number, absolute: boolean }}
 */
function winRoot(path, resolving = false) {
  const none = { device: "", rootEnd: 0, rootLength: 0, absolute: false };
  if (path === "") return none;
  const slash = { device: "", rootEnd: 1, rootLength: 1, absolute: true };
  if (winSep(path[0])) {
    if (path.length < 2 || !winSep(path[1])) return slash;
    // `\\server\share`: both parts needed; otherwise only the first separator is root.
    let i = 2;
    while (i < path.length && !winSep(path[i])) i++;
    const server = path.slice(2, i);
    if (server === "" || i >= path.length) return slash;
    let j = i;
    while (j < path.length && winSep(path[j])) j++;
    if (j >= path.length) return slash;
    let k = j;
    while (k < path.length && !winSep(path[k])) k++;
    if (resolving && (server === "." || server === "?")) {
      return { device: `\\\\${server}`, rootEnd: 4, rootLength: 4, absolute: true };
    }
    const rootLength = k < path.length ? k + 1 : k;
    return { device: `\\\\${server}\\${path.slice(j, k)}`, rootEnd: k, rootLength, absolute: true };
  }
  if (path.length >= 2 && isLetter(path[0]) && path[1] === ":") {
    if (path.length > 2 && winSep(path[2])) {
      return { device: path.slice(0, 2), rootEnd: 3, rootLength: 3, absolute: true };
    }
    return { device: path.slice(0, 2), rootEnd: 2, rootLength: 2, absolute: false };
  }
  return none;
}

/**
 * A relative path without a drive must not come out reading as one (`C:x` after folding
 * `./`, or a `:` before a separator: an alternate data stream): Node prefixes `.\`.
 * @param {string} original
 * @param {string} tail
 */
function mayReadAsDrive(original, tail) {
  if (!original.includes(":")) return false;
  if (tail.length >= 2 && isLetter(tail[0]) && tail[1] === ":") return true;
  for (let i = original.indexOf(":"); i !== -1; i = original.indexOf(":", i + 1)) {
    if (i === original.length - 1 || winSep(original[i + 1])) return true;
  }
  return false;
}

/** @param {string} path */
function winNormalize(path) {
  checkString(path, "path");
  if (path === "") return ".";
  const { device, rootEnd, absolute } = winRoot(path, true);
  // A UNC root with nothing after it gets its trailing separator.
  if (device.startsWith("\\\\") && rootEnd >= path.length) return `${device}\\`;
  const tail = path.slice(rootEnd);
  let body = fold(tail.split(/[\\/]/), !absolute).join("\\");
  if (body === "" && !absolute) body = ".";
  if (body !== "" && winSep(path[path.length - 1]) && rootEnd < path.length) body += "\\";
  if (device === "" && !absolute && mayReadAsDrive(path, body)) return `.\\${body}`;
  if (device === "") return absolute ? `\\${body}` : body;
  if (absolute) return `${device}\\${body}`;
  return body === "." ? `${device}.` : `${device}${body}`;
}

/** @param {string} path */
function winIsAbsolute(path) {
  checkString(path, "path");
  return winRoot(path).absolute;
}

/** @param {...string} paths */
function winResolve(...paths) {
  let device = "";
  let tail = "";
  let absolute = false;
  for (let i = paths.length - 1; i >= -1; i--) {
    /** @type {string} */
    let path;
    if (i >= 0) {
      path = paths[i];
      checkString(path, `paths[${i}]`);
      if (path === "") continue;
    } else if (device === "") {
      path = cwd();
    } else {
      // Windows keeps a cwd per drive (in `=C:`-style variables); another drive's root
      // stands in when there is none.
      const pairs = env();
      const index = pairs.findIndex(
        (/** @type {string} */ name, /** @type {number} */ i) => i % 2 === 0 && name === `=${device}`,
      );
      path = index >= 0 ? pairs[index + 1] : cwd();
      if (path.slice(0, 2).toLowerCase() !== device.toLowerCase() && path[2] === "\\") path = `${device}\\`;
    }
    const root = winRoot(path, true);
    if (root.device !== "") {
      if (device !== "" && root.device.toLowerCase() !== device.toLowerCase()) continue;
    }
    if (device === "") device = root.device;
    if (!absolute) {
      tail = `${path.slice(root.rootEnd)}\\${tail}`;
      absolute = root.absolute;
    }
    if (absolute && device !== "") break;
  }
  const body = fold(tail.split(/[\\/]/), !absolute).join("\\");
  if (absolute) return `${device}\\${body}`;
  return `${device}${body}` || ".";
}

/** @param {...string} paths */
function winJoin(...paths) {
  if (paths.length === 0) return ".";
  /** @type {string[]} */
  const kept = [];
  for (const path of paths) {
    checkString(path, "path");
    if (path !== "") kept.push(path);
  }
  if (kept.length === 0) return ".";
  let joined = kept.join("\\");
  // A first part that is not itself a UNC start must not make one by joining
  // (`join("\\", "\\server")`): its leading separators fold to one.
  const first = kept[0];
  let leading = 0;
  while (leading < first.length && leading < 3 && winSep(first[leading])) leading++;
  const uncStart = leading === 2 && first.length > 2;
  if (!uncStart && winSep(first[0]) && first.length >= 1) {
    let extra = 0;
    while (extra < joined.length && winSep(joined[extra])) extra++;
    if (extra >= 2) joined = `\\${joined.slice(extra)}`;
  }
  return winNormalize(joined);
}

/** @param {string} from @param {string} to */
function winRelative(from, to) {
  checkString(from, "from");
  checkString(to, "to");
  if (from === to) return "";
  const a = winResolve(from);
  const b = winResolve(to);
  if (a.toLowerCase() === b.toLowerCase()) return "";
  // Node compares the resolved paths as strings after their leading separators, segment
  // by segment and ignoring case; with nothing in common the target is returned whole.
  const pa = a.split("\\").filter(Boolean);
  const pb = b.split("\\").filter(Boolean);
  let same = 0;
  while (same < pa.length && same < pb.length && pa[same].toLowerCase() === pb[same].toLowerCase()) same++;
  if (same === 0 && pa.length > 0 && pb.length > 0) return b;
  return [...pa.slice(same).map(() => ".."), ...pb.slice(same)].join("\\");
}

/** @param {string} path */
function winToNamespacedPath(path) {
  if (typeof path !== "string" || path === "") return path;
  const resolved = winResolve(path);
  if (resolved.length <= 2) return path;
  if (resolved.startsWith("\\\\")) {
    if (resolved[2] !== "?" && resolved[2] !== ".") return `\\\\?\\UNC\\${resolved.slice(2)}`;
  } else if (isLetter(resolved[0]) && resolved[1] === ":" && resolved[2] === "\\") {
    return `\\\\?\\${resolved}`;
  }
  return resolved;
}

/** @param {string} path */
function winDirname(path) {
  checkString(path, "path");
  if (path === "") return ".";
  const { rootLength } = winRoot(path);
  if (rootLength === path.length) return path;
  // Only the one separator before the last segment goes (Node keeps the others).
  let i = path.length - 1;
  while (i >= rootLength && winSep(path[i])) i--;
  while (i >= rootLength && !winSep(path[i])) i--;
  if (i < rootLength) return rootLength === 0 ? "." : path.slice(0, rootLength);
  return path.slice(0, i);
}

/**
 * The part of a Windows path basename/extname look at: after a drive's `C:`.
 * @param {string} path
 */
function winAfterDrive(path) {
  return path.length >= 2 && isLetter(path[0]) && path[1] === ":" ? path.slice(2) : path;
}

/** @param {string} path @param {string} [suffix] */
function winBasename(path, suffix) {
  if (suffix !== undefined) checkString(suffix, "suffix");
  checkString(path, "path");
  return basenameOf(path, path.length - winAfterDrive(path).length, suffix, winSep);
}

/** @param {string} path */
function winExtname(path) {
  checkString(path, "path");
  return extOf(lastSegment(winAfterDrive(path), winSep)[0]);
}

/** @param {string} path */
function winParse(path) {
  checkString(path, "path");
  const parsed = { root: "", dir: "", base: "", ext: "", name: "" };
  if (path === "") return parsed;
  const { rootLength: rootEnd } = winRoot(path);
  parsed.root = path.slice(0, rootEnd);
  if (rootEnd === path.length) {
    parsed.dir = parsed.root;
    return parsed;
  }
  const tail = path.slice(rootEnd);
  const [base, start] = lastSegment(tail, winSep);
  parsed.base = base;
  parsed.ext = extOf(base);
  parsed.name = parsed.ext ? base.slice(0, base.length - parsed.ext.length) : base;
  parsed.dir = start > 0 ? `${parsed.root}${tail.slice(0, start - 1)}` : parsed.root;
  return parsed;
}

// --- the two objects --------------------------------------------------------------------

/** @typedef {typeof posixPath} Path */

const posixPath = {
  sep: "/",
  delimiter: ":",
  resolve: posixResolve,
  normalize: posixNormalize,
  /** @param {string} path */
  isAbsolute(path) {
    checkString(path, "path");
    return path.startsWith("/");
  },
  join: posixJoin,
  relative: posixRelative,
  /** @param {string} path */
  toNamespacedPath: (path) => path,
  dirname: posixDirname,
  basename: posixBasename,
  extname: posixExtname,
  /** @param {{ dir?: unknown, root?: unknown, base?: unknown, name?: unknown, ext?: unknown }} object */
  format: (object) => formatWith(object, "/"),
  parse: posixParse,
  /** @type {any} */
  posix: undefined,
  /** @type {any} */
  win32: undefined,
};

/** @type {Path} */
const win32Path = {
  sep: "\\",
  delimiter: ";",
  resolve: winResolve,
  normalize: winNormalize,
  isAbsolute: winIsAbsolute,
  join: winJoin,
  relative: winRelative,
  toNamespacedPath: winToNamespacedPath,
  dirname: winDirname,
  basename: winBasename,
  extname: winExtname,
  format: (object) => formatWith(object, "\\"),
  parse: winParse,
  posix: undefined,
  win32: undefined,
};

posixPath.posix = win32Path.posix = posixPath;
posixPath.win32 = win32Path.win32 = win32Path;

/** The host's flavour, as Node's `path` (`path.posix` or `path.win32` itself). */
const path = platform === "win32" ? win32Path : posixPath;

export default path;
export const {
  sep,
  delimiter,
  resolve,
  normalize,
  isAbsolute,
  join,
  relative,
  toNamespacedPath,
  dirname,
  basename,
  extname,
  format,
  parse,
} = path;
export const posix = posixPath;
export const win32 = win32Path;
