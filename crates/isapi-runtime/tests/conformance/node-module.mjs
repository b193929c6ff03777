// node:module: createRequire, isBuiltin, builtinModules; require of core modules and its errors.
import { createRequire, isBuiltin, builtinModules } from "node:module";
import mod from "module";
const require = createRequire("file:///x/y.js");
console.log(typeof mod.createRequire, isBuiltin("node:module"), isBuiltin("module"), isBuiltin("nope"), builtinModules.includes("module"));
console.log(require("module") === mod, require("node:module").isBuiltin === isBuiltin, require.resolve("node:module"));
for (const id of ["node:nope", "nope-package", ""]) {
  try { require(id); } catch (e) { console.log(e.name, e.code, String(e).split(":")[0]); }
}
try { createRequire("rel"); } catch (e) { console.log(e.name, e.code, e.message); }
