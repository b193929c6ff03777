// node:module — `createRequire`, so that CommonJS code bundled into a handler can
// `require()` Node's core modules (`isapi build` puts `const require = createRequire(…)`
// at the top of a bundle that needs it); and the list of built-in modules.
import { load, builtin, builtins } from "isapi:native/modules";
import { codedError, invalidArgValue } from "./internal/errors.js";

/** The core modules provided, by bare name, as Node's `module.builtinModules`. */
export const builtinModules = builtins();

/**
 * Whether `name` (`fs`, `node:fs`) is a core module the platform provides.
 * @param {string} name
 */
export function isBuiltin(name) {
  return typeof name === "string" && builtin(name) !== undefined;
}

/**
 * `require(id)` of a core module: what Node's `require` returns (`module.exports`: a
 * module's default export when it has one, else its namespace).
 * @param {string} id
 */
function requireBuiltin(id) {
  if (typeof id !== "string" || id === "") {
    throw invalidArgValue("id", id, "must be a non-empty string");
  }
  const path = builtin(id);
  if (path === undefined) {
    if (id.startsWith("node:")) {
      throw codedError(Error, "ERR_UNKNOWN_BUILTIN_MODULE", `No such built-in module: ${id}`);
    }
    // Node's is a plain Error with a code (its toString does not name it).
    const error = /** @type {Error & { code: string }} */ (
      new Error(
        `Cannot find module '${id}': a handler is one bundle (isapi build bundles the packages ` +
          "it requires), and isapi-ts does not provide this core module",
      )
    );
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  const namespace = /** @type {Record<string, unknown>} */ (load(path));
  return "default" in namespace ? namespace.default : namespace;
}

/**
 * A `require` function, as Node's `createRequire(filename)` gives; only core modules can
 * be required (a handler's own modules are bundled).
 * @param {string | { href: string }} filename a file URL or an absolute path, as in Node
 */
export function createRequire(filename) {
  const text = typeof filename === "string" ? filename : filename instanceof Object ? String(filename) : "";
  const absolute = text.startsWith("file:") || text.startsWith("/") || /^[A-Za-z]:[\\/]/.test(text);
  if (!absolute) {
    throw invalidArgValue(
      "filename",
      filename,
      "must be a file URL object, file URL string, or absolute path string",
    );
  }
  /** @param {string} id */
  const require = (id) => requireBuiltin(id);
  /** @param {string} id */
  require.resolve = (id) => {
    requireBuiltin(id);
    return id;
  };
  require.cache = Object.create(null);
  return require;
}

export default { builtinModules, isBuiltin, createRequire };
