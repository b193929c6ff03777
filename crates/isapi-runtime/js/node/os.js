// node:os — the machine as the operating system reports it (read when asked). What a
// handler cannot do to the server's process (setPriority) throws.
import * as native from "isapi:native/os";
import { platform as hostPlatform, arch as hostArch } from "isapi:native/process";
import { env } from "./process.js";
import { codedError, invalidArgType } from "./internal/errors.js";

const windows = hostPlatform === "win32";

export const EOL = windows ? "\r\n" : "\n";
export const devNull = windows ? "\\\\.\\nul" : "/dev/null";

export const platform = () => hostPlatform;
export const arch = () => hostArch;
export const type = () => native.kernel()[0];
export const release = () => native.kernel()[1];
export const version = () => native.kernel()[2];
export const machine = () => native.kernel()[3];
export const hostname = () => native.hostname();
export const uptime = () => native.uptime();
export const loadavg = () => native.loadavg();
export const totalmem = () => native.memory()[0];
export const freemem = () => native.memory()[1];
export const availableParallelism = () => native.parallelism();
export const endianness = () => "LE";

export function cpus() {
  const times = native.cpus();
  return native.cpuModels().map((model, i) => {
    const [speed, user, nice, sys, idle, irq] = times.slice(i * 6, i * 6 + 6);
    return { model, speed, times: { user, nice, sys, idle, irq } };
  });
}

export function homedir() {
  const home = windows ? env.USERPROFILE : env.HOME;
  return typeof home === "string" && home !== "" ? home : windows ? "C:\\" : "/";
}

export function tmpdir() {
  if (windows) {
    let dir = env.TEMP || env.TMP || `${env.SystemRoot || env.windir || ""}\\temp`;
    if (dir.length > 1 && dir.endsWith("\\") && !dir.endsWith(":\\")) dir = dir.slice(0, -1);
    return dir;
  }
  let dir = env.TMPDIR || env.TMP || env.TEMP || "/tmp";
  if (dir.length > 1 && dir.endsWith("/")) dir = dir.slice(0, -1);
  return dir;
}

/** @param {unknown} [_options] `{ encoding: "buffer" }` is not supported (strings always) */
export function userInfo(_options) {
  const [uid, gid, username, shell] = native.user();
  return { uid: Number(uid), gid: Number(gid), username, homedir: homedir(), shell: shell || null };
}

/**
 * The machine's network interfaces: not reported (a handler has no use for the server's
 * addresses); an empty object, as Node gives on a machine without any (docs/node.md).
 * @returns {Record<string, object[]>}
 */
export const networkInterfaces = () => ({});

/** @param {unknown} [pid] */
export function getPriority(pid) {
  if (pid !== undefined && typeof pid !== "number") throw invalidArgType("pid", "number", pid);
  return 0;
}

/** @param {unknown} _pid @param {unknown} [_priority] */
export function setPriority(_pid, _priority) {
  throw codedError(
    Error,
    "ERR_ISAPI_OS_PRIORITY",
    "os.setPriority() was called: a handler cannot change the server's process priority",
  );
}

const signals = windows
  ? {
      SIGHUP: 1,
      SIGINT: 2,
      SIGILL: 4,
      SIGABRT: 22,
      SIGFPE: 8,
      SIGKILL: 9,
      SIGSEGV: 11,
      SIGTERM: 15,
      SIGBREAK: 21,
      SIGWINCH: 28,
    }
  : {
      SIGHUP: 1,
      SIGINT: 2,
      SIGQUIT: 3,
      SIGILL: 4,
      SIGTRAP: 5,
      SIGABRT: 6,
      SIGIOT: 6,
      SIGBUS: 7,
      SIGFPE: 8,
      SIGKILL: 9,
      SIGUSR1: 10,
      SIGSEGV: 11,
      SIGUSR2: 12,
      SIGPIPE: 13,
      SIGALRM: 14,
      SIGTERM: 15,
      SIGCHLD: 17,
      SIGSTKFLT: 16,
      SIGCONT: 18,
      SIGSTOP: 19,
      SIGTSTP: 20,
      SIGTTIN: 21,
      SIGTTOU: 22,
      SIGURG: 23,
      SIGXCPU: 24,
      SIGXFSZ: 25,
      SIGVTALRM: 26,
      SIGPROF: 27,
      SIGWINCH: 28,
      SIGIO: 29,
      SIGPOLL: 29,
      SIGPWR: 30,
      SIGSYS: 31,
    };

// Linux's errno values; Windows' C runtime shares the first ones and numbers the sockets'
// from 100.
const errno = windows
  ? {
      E2BIG: 7,
      EACCES: 13,
      EADDRINUSE: 100,
      EADDRNOTAVAIL: 101,
      EAFNOSUPPORT: 102,
      EAGAIN: 11,
      EALREADY: 103,
      EBADF: 9,
      EBUSY: 16,
      ECANCELED: 105,
      ECHILD: 10,
      ECONNABORTED: 106,
      ECONNREFUSED: 107,
      ECONNRESET: 108,
      EDEADLK: 36,
      EDOM: 33,
      EEXIST: 17,
      EFAULT: 14,
      EFBIG: 27,
      EHOSTUNREACH: 110,
      EINTR: 4,
      EINVAL: 22,
      EIO: 5,
      EISCONN: 113,
      EISDIR: 21,
      ELOOP: 114,
      EMFILE: 24,
      EMLINK: 31,
      ENAMETOOLONG: 38,
      ENETUNREACH: 118,
      ENFILE: 23,
      ENODEV: 19,
      ENOENT: 2,
      ENOEXEC: 8,
      ENOMEM: 12,
      ENOSPC: 28,
      ENOSYS: 40,
      ENOTCONN: 126,
      ENOTDIR: 20,
      ENOTEMPTY: 41,
      ENOTSUP: 129,
      ENOTTY: 25,
      ENXIO: 6,
      EPERM: 1,
      EPIPE: 32,
      ERANGE: 34,
      EROFS: 30,
      ESPIPE: 29,
      ESRCH: 3,
      ETIMEDOUT: 138,
      EXDEV: 18,
    }
  : {
      E2BIG: 7,
      EACCES: 13,
      EADDRINUSE: 98,
      EADDRNOTAVAIL: 99,
      EAFNOSUPPORT: 97,
      EAGAIN: 11,
      EALREADY: 114,
      EBADF: 9,
      EBADMSG: 74,
      EBUSY: 16,
      ECANCELED: 125,
      ECHILD: 10,
      ECONNABORTED: 103,
      ECONNREFUSED: 111,
      ECONNRESET: 104,
      EDEADLK: 35,
      EDESTADDRREQ: 89,
      EDOM: 33,
      EDQUOT: 122,
      EEXIST: 17,
      EFAULT: 14,
      EFBIG: 27,
      EHOSTUNREACH: 113,
      EIDRM: 43,
      EILSEQ: 84,
      EINPROGRESS: 115,
      EINTR: 4,
      EINVAL: 22,
      EIO: 5,
      EISCONN: 106,
      EISDIR: 21,
      ELOOP: 40,
      EMFILE: 24,
      EMLINK: 31,
      EMSGSIZE: 90,
      EMULTIHOP: 72,
      ENAMETOOLONG: 36,
      ENETDOWN: 100,
      ENETRESET: 102,
      ENETUNREACH: 101,
      ENFILE: 23,
      ENOBUFS: 105,
      ENODATA: 61,
      ENODEV: 19,
      ENOENT: 2,
      ENOEXEC: 8,
      ENOLCK: 37,
      ENOLINK: 67,
      ENOMEM: 12,
      ENOMSG: 42,
      ENOPROTOOPT: 92,
      ENOSPC: 28,
      ENOSR: 63,
      ENOSTR: 60,
      ENOSYS: 38,
      ENOTCONN: 107,
      ENOTDIR: 20,
      ENOTEMPTY: 39,
      ENOTSOCK: 88,
      ENOTSUP: 95,
      ENOTTY: 25,
      ENXIO: 6,
      EOPNOTSUPP: 95,
      EOVERFLOW: 75,
      EPERM: 1,
      EPIPE: 32,
      EPROTO: 71,
      EPROTONOSUPPORT: 93,
      EPROTOTYPE: 91,
      ERANGE: 34,
      EROFS: 30,
      ESPIPE: 29,
      ESRCH: 3,
      ESTALE: 116,
      ETIME: 62,
      ETIMEDOUT: 110,
      ETXTBSY: 26,
      EWOULDBLOCK: 11,
      EXDEV: 18,
    };

const priority = {
  PRIORITY_LOW: 19,
  PRIORITY_BELOW_NORMAL: 10,
  PRIORITY_NORMAL: 0,
  PRIORITY_ABOVE_NORMAL: -7,
  PRIORITY_HIGH: -14,
  PRIORITY_HIGHEST: -20,
};

export const constants = {
  UV_UDP_REUSEADDR: 4,
  dlopen: Object.freeze(
    windows ? {} : { RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 },
  ),
  errno: Object.freeze(errno),
  signals: Object.freeze(signals),
  priority: Object.freeze(priority),
};

export default {
  EOL,
  devNull,
  constants,
  arch,
  availableParallelism,
  cpus,
  endianness,
  freemem,
  getPriority,
  homedir,
  hostname,
  loadavg,
  machine,
  networkInterfaces,
  platform,
  release,
  setPriority,
  tmpdir,
  totalmem,
  type,
  uptime,
  userInfo,
  version,
};
