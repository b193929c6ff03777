// node:process: the shape of what it reports (values differ by machine: types only), its
// argument errors, and process.env's string conversion.
import process, { env, nextTick, hrtime, memoryUsage } from "node:process";
import p2 from "process";
const type = (v) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
console.log(process === p2, process === globalThis.process, global === globalThis, typeof nextTick, env === process.env);
console.log(Object.prototype.toString.call(process));
for (const key of ["version", "platform", "arch", "argv", "execArgv", "execPath", "pid", "ppid", "title", "versions", "release", "env", "exitCode", "config", "features", "stdout", "stderr", "stdin"]) {
  console.log(key, type(process[key]));
}
console.log(/^v\d+\.\d+\.\d+$/.test(process.version), typeof process.versions.node, process.release.name);
console.log(["linux", "win32", "darwin"].includes(process.platform), ["x64", "arm64", "ia32"].includes(process.arch));
console.log(process.argv.length >= 2, process.argv.every((a) => typeof a === "string"));
console.log(typeof process.cwd(), process.cwd().length > 0, typeof process.uptime(), process.uptime() >= 0);
const t = hrtime();
console.log(t.length, Number.isInteger(t[0]), Number.isInteger(t[1]), t[1] < 1e9);
const d = hrtime(t);
console.log(d.length, d[0] >= 0, d[1] >= 0);
console.log(typeof hrtime.bigint(), hrtime.bigint() > 0n);
const m = memoryUsage();
console.log(Object.keys(m).join(), Object.values(m).every((v) => typeof v === "number"), typeof memoryUsage.rss(), m.rss > 0, m.heapUsed > 0);
for (const bad of [[1], "x", [1, 2, 3]]) {
  try { hrtime(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
for (const bad of [undefined, 1, "f", {}]) {
  try { nextTick(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
env.ISAPI_TEST_NUMBER = 42;
env.ISAPI_TEST_BOOL = true;
env.ISAPI_TEST_UNDEF = undefined;
console.log(env.ISAPI_TEST_NUMBER, typeof env.ISAPI_TEST_NUMBER, env.ISAPI_TEST_BOOL, env.ISAPI_TEST_UNDEF, typeof env.ISAPI_TEST_UNDEF);
console.log("ISAPI_TEST_NUMBER" in env, delete env.ISAPI_TEST_NUMBER, "ISAPI_TEST_NUMBER" in env, env.ISAPI_TEST_NUMBER);
console.log(Object.keys(env).every((k) => typeof env[k] === "string"), typeof env.PATH);
console.log(process.stdout.write("written "), process.stdout.write(new TextEncoder().encode("bytes\n")));
console.log(typeof process.on, process.on("x", () => {}) === process, process.listenerCount("x"), process.emit("x", 1), process.emit("nobody"));
console.log(process.umask() >= 0, typeof process.emitWarning, typeof process.exit, typeof process.abort);
try { process.emitWarning(5); } catch (e) { console.log(e.name, e.code, e.message); }
process.exitCode = 0;
console.log(process.exitCode);
