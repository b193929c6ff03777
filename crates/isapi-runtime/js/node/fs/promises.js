// node:fs/promises — the Promise forms of node:fs' calls (same confinement, same errors),
// and FileHandle, an open file whose methods return Promises.
import { constants, plans, readPlan, runPromise, writePlan } from "../fs.js";
import { invalidArgType } from "../internal/errors.js";

export { constants };

/** @typedef {import("../fs.js").PathLike} PathLike */

/**
 * The Promise forms take a FileHandle, never a bare descriptor: a number is a bad path.
 * @param {unknown} path
 * @returns {PathLike}
 */
function noFd(path) {
  if (typeof path === "number") throw invalidArgType("path", ["string", "Buffer", "URL", "FileHandle"], path);
  return /** @type {PathLike} */ (path);
}

/**
 * @param {PathLike | FileHandle} path
 * @param {unknown} [options]
 */
export async function readFile(path, options) {
  return runPromise(plans.readFile(path instanceof FileHandle ? path.fd : noFd(path), options));
}
/**
 * @param {PathLike | FileHandle} path
 * @param {unknown} data
 * @param {unknown} [options]
 */
export async function writeFile(path, data, options) {
  return runPromise(plans.writeFile(path instanceof FileHandle ? path.fd : noFd(path), data, options));
}
/**
 * @param {PathLike | FileHandle} path
 * @param {unknown} data
 * @param {unknown} [options]
 */
export async function appendFile(path, data, options) {
  return runPromise(plans.appendFile(path instanceof FileHandle ? path.fd : noFd(path), data, options));
}
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const stat = async (path, options) => runPromise(plans.stat(path, options));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const lstat = async (path, options) => runPromise(plans.lstat(path, options));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const readdir = async (path, options) => runPromise(plans.readdir(path, options));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const mkdir = async (path, options) => runPromise(plans.mkdir(path, options));
/**
 * @param {PathLike} prefix
 * @param {unknown} [options]
 */
export const mkdtemp = async (prefix, options) => runPromise(plans.mkdtemp(prefix, options));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const rmdir = async (path, options) => runPromise(plans.rmdir(path, options));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const rm = async (path, options) => runPromise(plans.rm(path, options));
/** @param {PathLike} path */
export const unlink = async (path) => runPromise(plans.unlink(path));
/**
 * @param {PathLike} from
 * @param {PathLike} to
 */
export const rename = async (from, to) => runPromise(plans.rename(from, to));
/**
 * @param {PathLike} from
 * @param {PathLike} to
 * @param {unknown} [mode]
 */
export const copyFile = async (from, to, mode) => runPromise(plans.copyFile(from, to, mode));
/**
 * @param {PathLike} path
 * @param {unknown} [mode]
 */
export const access = async (path, mode) => runPromise(plans.access(path, mode));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const realpath = async (path, options) => runPromise(plans.realpath(path, options));
/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const readlink = async (path, options) => runPromise(plans.readlink(path, options));
/**
 * @param {PathLike} path
 * @param {unknown} [length]
 */
export const truncate = async (path, length) => runPromise(plans.truncate(path, length));
/**
 * @param {PathLike} path
 * @param {unknown} atime
 * @param {unknown} mtime
 */
export const utimes = async (path, atime, mtime) => runPromise(plans.utimes(path, atime, mtime));
/**
 * @param {PathLike} path
 * @param {unknown} mode
 */
export const chmod = async (path, mode) => runPromise(plans.chmod(path, mode));

/**
 * @param {PathLike} path
 * @param {unknown} [options]
 */
export const opendir = async (path, options) => runPromise(plans.opendir(path, options));

/**
 * Opens `path`: a FileHandle.
 * @param {PathLike} path
 * @param {unknown} [flags]
 * @param {unknown} [mode]
 */
export async function open(path, flags, mode) {
  const fd = await runPromise(plans.open(path, flags, mode));
  return new FileHandle(fd);
}

/** An open file (`fs.promises.open`); closed by `close()`, or with the engine. */
class FileHandle {
  /** @type {number} */
  #fd;

  /** @param {number} fd */
  constructor(fd) {
    this.#fd = fd;
  }

  /** The descriptor; -1 once closed. */
  get fd() {
    return this.#fd;
  }

  /**
   * `read(buffer, offset, length, position)` or `read(buffer, { … })` or `read({ buffer, … })`:
   * `{ bytesRead, buffer }`.
   * @param {unknown} [buffer]
   * @param {unknown[]} rest
   */
  async read(buffer, ...rest) {
    if (
      buffer === undefined ||
      (typeof buffer === "object" && buffer !== null && !ArrayBuffer.isView(buffer))
    ) {
      const options = /** @type {any} */ (buffer ?? {});
      buffer = options.buffer ?? new Uint8Array(16384);
      rest = [options];
    }
    const bytesRead = await runPromise(readPlan(this.#fd, buffer, rest));
    // Node's answer has no prototype.
    return Object.assign(Object.create(null), { bytesRead, buffer });
  }

  /**
   * `write(buffer, offset, length, position)` or `write(string, position, encoding)`:
   * `{ bytesWritten, buffer }`.
   * @param {unknown} data
   * @param {unknown[]} rest
   */
  async write(data, ...rest) {
    const bytesWritten = await runPromise(writePlan(this.#fd, data, rest));
    return Object.assign(Object.create(null), { bytesWritten, buffer: data });
  }

  /** @param {unknown} [options] */
  readFile(options) {
    return runPromise(plans.readFile(this.#fd, options));
  }

  /**
   * @param {unknown} data
   * @param {unknown} [options]
   */
  writeFile(data, options) {
    return runPromise(plans.writeFile(this.#fd, data, options));
  }

  /**
   * @param {unknown} data
   * @param {unknown} [options]
   */
  appendFile(data, options) {
    return runPromise(plans.appendFile(this.#fd, data, options));
  }

  /** @param {unknown} [options] */
  stat(options) {
    return runPromise(plans.fstat(this.#fd, options));
  }

  /** @param {unknown} [length] */
  truncate(length) {
    return runPromise(plans.ftruncate(this.#fd, length));
  }

  sync() {
    return runPromise(plans.fsync(this.#fd));
  }

  datasync() {
    return runPromise(plans.fsync(this.#fd));
  }

  async close() {
    if (this.#fd === -1) return;
    const fd = this.#fd;
    this.#fd = -1;
    await runPromise(plans.close(fd));
  }

  async [/** @type {any} */ (Symbol).asyncDispose ?? Symbol.for("nodejs.asyncDispose")]() {
    await this.close();
  }
}

// `constants` is read when used: fs.js (which imports this module) may not have run yet.
const promises = {
  get constants() {
    return constants;
  },
  open,
  readFile,
  writeFile,
  appendFile,
  stat,
  lstat,
  readdir,
  opendir,
  mkdir,
  mkdtemp,
  rmdir,
  rm,
  unlink,
  rename,
  copyFile,
  access,
  realpath,
  readlink,
  truncate,
  utimes,
  chmod,
};
export default promises;
