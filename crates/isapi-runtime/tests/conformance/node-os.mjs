// node:os: the shape of what it reports (values differ by machine), the values that are
// the same on one machine whoever asks, and constants.
import os, { EOL, constants, cpus, userInfo } from "node:os";
const type = (v) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
console.log(JSON.stringify(EOL), os.devNull, os.platform() === process.platform, os.arch() === process.arch, os.endianness());
console.log(os.type(), type(os.release()), type(os.version()), os.machine() === (process.arch === "x64" ? "x86_64" : os.machine()));
console.log(type(os.hostname()), os.hostname().length > 0, type(os.uptime()), os.uptime() > 0, Number.isInteger(os.uptime()));
console.log(os.loadavg().length, os.loadavg().every((n) => typeof n === "number"));
console.log(os.totalmem() > 0, os.freemem() > 0, os.freemem() <= os.totalmem(), os.availableParallelism() >= 1);
const list = cpus();
console.log(list.length >= 1, Object.keys(list[0]).join(), Object.keys(list[0].times).join(), typeof list[0].model, typeof list[0].speed);
console.log(os.homedir() === process.env.HOME, typeof os.tmpdir(), Object.keys(userInfo()).join(), typeof userInfo().uid, userInfo().homedir === os.homedir());
console.log(userInfo().username === os.userInfo().username, type(os.networkInterfaces()), os.getPriority());
const saved = process.env.TMPDIR;
process.env.TMPDIR = "/some/where/";
console.log(os.tmpdir());
if (saved === undefined) delete process.env.TMPDIR;
else process.env.TMPDIR = saved;
console.log(Object.keys(constants).join(), constants.signals.SIGTERM, constants.signals.SIGKILL, constants.errno.ENOENT, constants.errno.EACCES, constants.priority.PRIORITY_HIGH);
console.log(Object.isFrozen(constants), Object.keys(os).sort().join());
try { userInfo(5); } catch (e) { console.log(e.name, e.code, e.message); }
