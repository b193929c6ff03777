// node:path/posix — path.posix itself.
import { posix as flavour } from "../path.js";

export default flavour;
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
} = flavour;
export const posix = flavour.posix;
export const win32 = flavour.win32;
