// node:util/types — util.types (the checks are in ../internal/types.js).
import * as types from "../internal/types.js";

export * from "../internal/types.js";
/** `require("util/types")`, the same object as `require("util").types`. */
export default { ...types };
