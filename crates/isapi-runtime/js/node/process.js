// node:process and the globals `process` and `global`. What a handler may know of the host
// process (its environment, clocks, memory, ids), the nextTick queue, and process events
// (uncaughtException, unhandledRejection, rejectionHandled, warning). A handler shares
// the server's process, so what would end or change that process (exit, abort, kill,
// chdir) throws instead, with a code a caller can test.
import * as native from "isapi:native/process";
import { utf8Decode } from "isapi:native/encoding";
import { version as isapiVersion, reportException, setProcessHooks } from "isapi:native/global_scope";
import { codedError, invalidArgType, outOfRange } from "./internal/errors.js";
import { getFrame, runInFrame } from "./internal/async_context.js";
import { EventEmitter } from "./events.js";

/** @typedef {(...args: any[]) => unknown} Listener */

// The Node release whose behaviour the platform's core modules follow (docs/node.md).
const NODE_VERSION = "20.18.0";

/**
 * @param {string | symbol} name
 * @param {...unknown} args
 */
const emit = (name, ...args) => process.emit(name, ...args);
/** @param {string | symbol} name */
const listenerCount = (name) => process.listenerCount(name);

// --- nextTick ---------------------------------------------------------------------------

/** @type {{ callback: Function, args: unknown[], frame: import("./internal/async_context.js").Frame }[]} */
let ticks = [];
let tickHead = 0;

/**
 * @param {unknown} callback
 * @param {...unknown} args
 */
function nextTick(callback, ...args) {
  if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
  if (tickHead === ticks.length) native.ticksQueued();
  ticks.push({ callback, args, frame: getFrame() });
}

// Run by the event loop: every queued tick, and those they queue, in order.
native.setTicks(() => {
  while (tickHead < ticks.length) {
    const tick = ticks[tickHead];
    ticks[tickHead++] = /** @type {any} */ (undefined);
    try {
      runInFrame(
        tick.frame,
        /** @type {(...a: unknown[]) => unknown} */ (tick.callback),
        undefined,
        tick.args,
      );
    } catch (error) {
      reportException(error);
    }
  }
  ticks = [];
  tickHead = 0;
});

// --- environment ------------------------------------------------------------------------

const windows = native.platform === "win32";

/** process.env: values are strings (others are converted), and names ignore case on Windows. */
function makeEnv() {
  /** @type {Record<string, string>} */
  const target = {};
  const pairs = native.env();
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = windows ? (findName(target, pairs[i]) ?? pairs[i]) : pairs[i];
    target[name] = pairs[i + 1];
  }
  /**
   * @param {object} object
   * @param {string | symbol} name
   */
  function findName(object, name) {
    if (typeof name !== "string") return undefined;
    if (Object.hasOwn(object, name)) return name;
    const lower = name.toLowerCase();
    return Object.keys(object).find((key) => key.toLowerCase() === lower);
  }
  /**
   * @param {object} object
   * @param {string | symbol} name
   */
  const key = (object, name) => (windows ? (findName(object, name) ?? name) : name);
  return new Proxy(target, {
    get: (object, name) => Reflect.get(object, key(object, name)),
    has: (object, name) => Reflect.has(object, key(object, name)),
    set(object, name, value) {
      if (typeof name === "symbol") return Reflect.set(object, name, value);
      // Node converts to a string (a Symbol value throws there too).
      return Reflect.set(object, key(object, name), `${value}`);
    },
    deleteProperty: (object, name) => Reflect.deleteProperty(object, key(object, name)),
    getOwnPropertyDescriptor: (object, name) => Reflect.getOwnPropertyDescriptor(object, key(object, name)),
    defineProperty(object, name, descriptor) {
      if ("value" in descriptor && typeof name === "string") descriptor.value = `${descriptor.value}`;
      return Reflect.defineProperty(object, key(object, name), descriptor);
    },
  });
}

// --- clocks and memory ------------------------------------------------------------------

/** @param {unknown} [time] */
function hrtime(time) {
  const [seconds, nanos] = native.hrtime();
  if (time === undefined) return [seconds, nanos];
  if (!Array.isArray(time)) throw invalidArgType("time", "Array", time);
  if (time.length !== 2) throw outOfRange("time", "2", time.length);
  let s = seconds - time[0];
  let ns = nanos - time[1];
  if (ns < 0) {
    s -= 1;
    ns += 1e9;
  }
  return [s, ns];
}
hrtime.bigint = () => {
  const [seconds, nanos] = native.hrtime();
  return BigInt(seconds) * 1000000000n + BigInt(nanos);
};

function memoryUsage() {
  const [rss, heapTotal, heapUsed, external, arrayBuffers] = native.memory();
  return { rss, heapTotal, heapUsed, external, arrayBuffers };
}
memoryUsage.rss = () => native.rss();

/** @param {{ user: number, system: number }} [previous] */
function cpuUsage(previous) {
  // Not measured: the server's threads serve every handler (docs/node.md).
  const usage = { user: 0, system: 0 };
  if (previous !== undefined && (typeof previous !== "object" || previous === null)) {
    throw invalidArgType("prevValue", "object", previous);
  }
  return usage;
}

// --- what a handler must not do to the server's process ---------------------------------

/** @param {unknown} [code] */
function exit(code) {
  if (code !== undefined) setExitCode(code);
  throw codedError(
    Error,
    "ERR_ISAPI_PROCESS_EXIT",
    `process.exit(${code === undefined ? "" : String(code)}) was called: a handler runs inside the server's ` +
      "process and cannot end it (the call fails with this error instead)",
  );
}

function abort() {
  throw codedError(
    Error,
    "ERR_ISAPI_PROCESS_ABORT",
    "process.abort() was called: a handler runs inside the server's process and cannot end it",
  );
}

/**
 * @param {unknown} pid
 * @param {unknown} [signal]
 */
function kill(pid, signal) {
  if (typeof pid !== "number" || pid !== (pid | 0)) throw invalidArgType("pid", "number", pid);
  throw codedError(
    Error,
    "ERR_ISAPI_PROCESS_KILL",
    `process.kill(${pid}${signal === undefined ? "" : `, ${String(signal)}`}) was called: a handler cannot signal processes`,
  );
}

/** @param {unknown} directory */
function chdir(directory) {
  if (typeof directory !== "string") throw invalidArgType("directory", "string", directory);
  // Node's code for the same refusal in worker threads, which share their process too.
  throw codedError(
    TypeError,
    "ERR_WORKER_UNSUPPORTED_OPERATION",
    "process.chdir() is not supported by isapi-ts handlers (they share the server's process)",
  );
}

/** @type {number | undefined} */
let exitCode;
/** @param {unknown} code */
function setExitCode(code) {
  if (code === undefined || code === null) {
    exitCode = undefined;
    return;
  }
  const number = typeof code === "string" && code.trim() !== "" ? Number(code) : code;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    throw invalidArgType("code", ["integer", "string"], code);
  }
  exitCode = number;
}

// --- warnings ---------------------------------------------------------------------------

/**
 * @param {unknown} warning
 * @param {unknown} [type]
 * @param {unknown} [code]
 */
function emitWarning(warning, type, code) {
  let name = "Warning";
  /** @type {string | undefined} */
  let detail;
  if (type !== null && typeof type === "object") {
    const options = /** @type {{ type?: unknown, code?: unknown, detail?: unknown }} */ (type);
    if (typeof options.type === "string") name = options.type;
    code = options.code;
    if (typeof options.detail === "string") detail = options.detail;
  } else if (typeof type === "string") {
    name = type;
  } else if (typeof type === "function") {
    type = undefined;
  } else if (type !== undefined) {
    throw invalidArgType("type", "string", type);
  }
  if (code !== undefined && typeof code !== "string" && typeof code !== "function") {
    throw invalidArgType("code", "string", code);
  }
  /** @type {Error & { code?: string, detail?: string }} */
  let error;
  if (typeof warning === "string") {
    error = new Error(warning);
    error.name = name;
    if (typeof code === "string") error.code = code;
    if (detail !== undefined) error.detail = detail;
  } else if (warning instanceof Error) {
    error = warning;
  } else {
    throw invalidArgType("warning", ["string", "Error"], warning);
  }
  if (error.name === "DeprecationWarning" && process.noDeprecation) return;
  nextTick(() => {
    emit("warning", error);
    const text = `(node:${native.pid}) ${error.code ? `[${error.code}] ` : ""}${error.name}: ${error.message}\n`;
    native.write(2, error.detail ? `${text}${error.detail}\n` : text);
  });
}

// --- stdout, stderr, stdin --------------------------------------------------------------

/** @param {1 | 2} fd */
function outputStream(fd) {
  const stream = {
    fd,
    isTTY: false,
    writable: true,
    /**
     * @param {unknown} chunk
     * @param {unknown} [encoding]
     * @param {unknown} [callback]
     */
    write(chunk, encoding, callback) {
      if (typeof encoding === "function") callback = encoding;
      let text;
      if (typeof chunk === "string") text = chunk;
      else if (chunk instanceof Uint8Array) text = utf8Decode(chunk, false);
      else throw invalidArgType("chunk", ["string", "Buffer", "Uint8Array"], chunk);
      native.write(fd, text);
      if (typeof callback === "function") nextTick(/** @type {Function} */ (callback));
      return true;
    },
    /** @param {unknown} [chunk] @param {unknown} [encoding] @param {unknown} [callback] */
    end(chunk, encoding, callback) {
      if (chunk !== undefined && chunk !== null && typeof chunk !== "function")
        stream.write(chunk, encoding, callback);
      return stream;
    },
    on: () => stream,
    once: () => stream,
    off: () => stream,
    removeListener: () => stream,
    emit: () => false,
    cork() {},
    uncork() {},
  };
  return stream;
}

const stdin = {
  fd: 0,
  isTTY: false,
  readable: false,
  read: () => null,
  on: () => stdin,
  once: () => stdin,
  off: () => stdin,
  removeListener: () => stdin,
  pause: () => stdin,
  resume: () => stdin,
  setEncoding: () => stdin,
};

// --- the object ---------------------------------------------------------------------------

/** The object Node's `process` is (an EventEmitter); its class shows as `process`. */
class ProcessObject extends /** @type {any} */ (EventEmitter) {}
Object.defineProperty(ProcessObject, "name", { value: "process" });
Object.defineProperty(ProcessObject.prototype, Symbol.toStringTag, { value: "process", configurable: true });

const argv = [native.execPath, ...native.argv];
const env = makeEnv();
const release = {
  name: "node",
  lts: "Iron",
  sourceUrl: `https://nodejs.org/download/release/v${NODE_VERSION}/node-v${NODE_VERSION}.tar.gz`,
  headersUrl: `https://nodejs.org/download/release/v${NODE_VERSION}/node-v${NODE_VERSION}-headers.tar.gz`,
};
const versions = { node: NODE_VERSION, isapi: isapiVersion, quickjs: "ng", modules: "115" };
const version = `v${NODE_VERSION}`;
const { platform, arch, pid, ppid, execPath } = native;
const uptime = () => native.uptime();
const cwd = () => native.cwd();
const stdout = outputStream(1);
const stderr = outputStream(2);

/** @type {any} */
const process = Object.assign(new ProcessObject(), {
  title: "isapi-ts",
  version,
  versions,
  arch,
  platform,
  release,
  argv,
  argv0: "node",
  execArgv: /** @type {string[]} */ ([]),
  execPath,
  env,
  pid,
  ppid,
  features: {
    inspector: false,
    debug: false,
    uv: false,
    ipv6: true,
    tls_alpn: true,
    tls_sni: true,
    tls_ocsp: false,
    tls: true,
    cached_builtins: true,
  },
  config: { target_defaults: {}, variables: {} },
  noDeprecation: false,
  throwDeprecation: false,
  traceDeprecation: false,
  allowedNodeEnvironmentFlags: new Set(),
  nextTick,
  cwd,
  chdir,
  umask: () => 0o22,
  hrtime,
  memoryUsage,
  cpuUsage,
  uptime,
  emitWarning,
  exit,
  reallyExit: exit,
  abort,
  kill,
  stdout,
  stderr,
  stdin,
  getActiveResourcesInfo: () => /** @type {string[]} */ ([]),
  hasUncaughtExceptionCaptureCallback: () => captureCallback !== null,
  /** @param {unknown} fn */
  setUncaughtExceptionCaptureCallback(fn) {
    if (fn !== null && typeof fn !== "function") throw invalidArgType("fn", ["Function", "null"], fn);
    captureCallback = /** @type {Listener | null} */ (fn);
  },
  /** @param {string} name */
  binding(name) {
    throw codedError(
      Error,
      "ERR_ISAPI_PROCESS_BINDING",
      `No such module: ${name} (process.binding is internal to Node)`,
    );
  },
});
Object.defineProperty(process, "exitCode", {
  get: () => exitCode,
  set: setExitCode,
  enumerable: true,
  configurable: false,
});

/** @type {Listener | null} */
let captureCallback = null;

// Process events for what nobody caught (see global_scope.rs): true when a listener took it.
/** @type {WeakSet<object>} */
const reported = new WeakSet();
setProcessHooks(
  (/** @type {unknown} */ error) => {
    emit("uncaughtExceptionMonitor", error, "uncaughtException");
    if (captureCallback !== null) {
      captureCallback(error);
      return true;
    }
    return emit("uncaughtException", error, "uncaughtException");
  },
  (/** @type {Promise<unknown>} */ promise, /** @type {unknown} */ reason) => {
    reported.add(promise);
    if (emit("unhandledRejection", reason, promise)) return true;
    if (listenerCount("uncaughtException") === 0 && captureCallback === null) return false;
    emit("uncaughtExceptionMonitor", reason, "unhandledRejection");
    if (captureCallback !== null) {
      captureCallback(reason);
      return true;
    }
    return emit("uncaughtException", reason, "unhandledRejection");
  },
  (/** @type {Promise<unknown>} */ promise) => {
    if (!reported.has(promise)) return;
    reported.delete(promise);
    emit("rejectionHandled", promise);
  },
);

export default process;
// The globals `process` and `global` (src/modules.rs), shaped as in Node: not enumerable.
export const globalDescriptors = {
  process: { value: process, writable: true, enumerable: false, configurable: true },
  global: { value: globalThis, writable: true, enumerable: false, configurable: true },
};
export {
  version,
  versions,
  arch,
  platform,
  release,
  argv,
  execPath,
  env,
  pid,
  ppid,
  nextTick,
  cwd,
  chdir,
  hrtime,
  memoryUsage,
  cpuUsage,
  uptime,
  emitWarning,
  exit,
  abort,
  kill,
  stdout,
  stderr,
  stdin,
};
/** @param {string} name */
const bound = (name) => process[name].bind(process);
export const on = bound("on");
export const once = bound("once");
export const off = bound("off");
export const addListener = bound("addListener");
export const removeListener = bound("removeListener");
export const removeAllListeners = bound("removeAllListeners");
export const prependListener = bound("prependListener");
export const prependOnceListener = bound("prependOnceListener");
export const listeners = bound("listeners");
export const rawListeners = bound("rawListeners");
export const eventNames = bound("eventNames");
export const setMaxListeners = bound("setMaxListeners");
export const getMaxListeners = bound("getMaxListeners");
export { emit, listenerCount };
