/**
 * `isapi-ts/tools`: the Node side of the `isapi` CLI, as an API (build, install, remove,
 * scaffold, serve, bench). Import it from Node scripts and tests, never from a handler:
 * handlers run in the library's engines, where there is no Node.
 */
export { buildHandler, type BuildOptions, type BuildResult } from "./build.js";
export {
  BuildError,
  executableFileName,
  findGenericLibrary,
  findHostBinary,
  genericLibraryFileName,
  handlerLibrarySuffix,
  hostFileName,
  libraryCandidates,
  WINDOWS_CROSS_TARGET,
  type TargetPlatform,
} from "./library.js";
export {
  install,
  remove,
  InstallError,
  type FilterMapping,
  type HandlerMapping,
  type InstallConfig,
  type InstallResult,
  type RemoveResult,
} from "./install.js";
export { scaffold, ScaffoldError, type ScaffoldOptions, type ScaffoldResult } from "./scaffold.js";
export { serve, watchableHandlers, type RunningServer, type ServeOptions } from "./serve.js";
export { bench, type BenchOptions, type BenchResult } from "./bench.js";
