/**
 * `isapi install` / `isapi remove`: configure IIS 7+ for handlers and filters.
 *
 * What can live in the site's `web.config` is merged into it (`<handlers>` entries with
 * `IsapiModule` and `scriptProcessor`, `<isapiFilters>` entries); the server-level parts
 * (the `<isapiCgiRestriction>` allow entry, unlocking the sections, an application pool
 * per extension with the bitness set, pywin32#823) go into an `appcmd` script to run as
 * administrator. A manifest (`isapi-install.json`) records exactly what was added, so
 * `remove` takes out that and nothing else. Both are idempotent. Our host reads the same
 * web.config, so an installed site can be served and tested on Linux.
 *
 * pywin32's `isapi.install` parameters map onto {@link InstallConfig}: a
 * `VirtualDirParameters` with its `ScriptMapParams` becomes {@link HandlerMapping}s (a
 * script map `*` is a wildcard handler, `.ext` an extension map, our `/vdir/*` a folder),
 * `FilterParameters` becomes a {@link FilterMapping}.
 *
 * For a Windows server prepared elsewhere (`windows` with `physicalPath`), every absolute
 * path written is the folder's path on the IIS machine, in Windows syntax: web.config is
 * static XML that IIS reads as it is (it has no variable for the site's own folder, and
 * appcmd reserves `%`), so the folder's place must be known when web.config is written.
 * Computing it in the script from `%~dp0` instead would need the script to rewrite
 * web.config, which is also what our host reads; so web.config stays the one description,
 * and isapi-install.cmd checks that it runs from that folder and stops if not, instead of
 * IIS failing later on a library it cannot find.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, win32 } from "node:path";
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from "@xmldom/xmldom";

import { defaultHandlerLibrary, isHostPlatform, targetPlatform, type TargetPlatform } from "./library.js";

/** One `<handlers><add …/>`: requests matching `path` go to `library`. */
export interface HandlerMapping {
  /** The entry's name (unique in `<handlers>`). */
  name: string;
  /**
   * URL pattern: `*` (every request), `*.ext` (an extension), a file name, or `/hello/*`
   * (a folder: written as a `<location path="hello">` with `path="*"`, as IIS wants it).
   */
  path: string;
  /** The handler's library, relative to the site folder (`dist/_hello.dll`) or absolute;
   * written as an absolute `scriptProcessor`, as IIS requires. Default
   * `dist/_<name>.so`, or `dist/_<name>.dll` for Windows. */
  library?: string;
  /** Verbs, comma-separated; default `*`. */
  verbs?: string;
  /** For IIS's allow list; default the name. */
  description?: string;
  /** IIS `preCondition`; default `bitness64` (the library is built for 64-bit). */
  preCondition?: string;
  /** `resourceType`; default `Unspecified` (the URL need not name a file). */
  resourceType?: "Unspecified" | "File" | "Directory" | "Either";
  /**
   * The application pool of a folder handler (`/hello/*`): the folder becomes an IIS
   * application of its own in this pool; default `isapi-ts-<name>`. Handlers with the same
   * library share their pool. Other patterns run in the application's pool
   * ({@link InstallConfig.appPool}): IIS gives a pool to an application, not to a mapping.
   */
  appPool?: string;
}

/** One `<isapiFilters><filter …/>`. */
export interface FilterMapping {
  name: string;
  /** The filter's library, relative to the site folder; default as for handlers. */
  library?: string;
  description?: string;
  enabled?: boolean;
  preCondition?: string;
}

export interface InstallConfig {
  /** The site folder: where web.config is (created if missing). */
  site: string;
  handlers?: HandlerMapping[];
  filters?: FilterMapping[];
  /** The IIS site and application path the appcmd script configures. */
  iisSite?: string;
  applicationPath?: string;
  /**
   * The pool of the application itself, where filters and the handlers that are not folder
   * handlers run; default `isapi-ts-<the first of them>`. `false`: leave every pool alone.
   */
  appPool?: string | false;
  /**
   * Install for IIS on Windows from any machine: libraries default to `dist/_<name>.dll`,
   * and absolute paths are written for {@link physicalPath}.
   */
  windows?: boolean;
  /**
   * With `windows`: where this site folder will be on the IIS machine (`C:\inetpub\hello`),
   * a drive or UNC path. Every absolute path in web.config and the script is made from it,
   * and isapi-install.cmd refuses to run from anywhere else. Required unless Node runs on
   * Windows (then it is the folder itself). A later install into the same folder remembers it.
   */
  physicalPath?: string;
}

export interface InstallResult {
  webConfig: string;
  /** The appcmd script for the server-level parts. */
  script: string;
  manifest: string;
  /** For Windows: where the folder must be copied to on the IIS machine. */
  physicalPath?: string;
}

export interface RemoveResult {
  webConfig: string;
  /** The appcmd script that undoes the server-level parts. */
  script: string;
  /** What was taken out of web.config. */
  removed: { handlers: string[]; filters: string[] };
}

/** What `install` added, for `remove`. */
interface Manifest {
  handlers: string[];
  filters: string[];
  libraries: { path: string; description: string }[];
  iisSite: string;
  applicationPath: string;
  /** The application's own pool (`true`: it has none of ours), or `false`: no pools at all. */
  appPool: string | boolean;
  /** The applications install assigned a pool: the application itself (`created`: false,
   * when it has filters or non-folder handlers) and one per folder handler (`created`). */
  applications?: Application[];
  /** The folder's path on the IIS machine, when installed for Windows with `physicalPath`. */
  physicalPath?: string;
}

/** An IIS application and the pool install assigned it. */
interface Application {
  path: string;
  pool: string;
  created: boolean;
  physicalPath?: string;
}

export const MANIFEST = "isapi-install.json";
export const INSTALL_SCRIPT = "isapi-install.cmd";
export const REMOVE_SCRIPT = "isapi-remove.cmd";

/** A configuration the user must fix, with a message that says how. */
export class InstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InstallError";
  }
}

const EMPTY_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.webServer>
  </system.webServer>
</configuration>
`;

export function install(config: InstallConfig): InstallResult {
  const site = resolve(config.site);
  const platform = targetPlatform(config.windows);
  const previous = readManifest(site);
  const serverPath = serverPaths(site, platform, config, previous);
  const withLibrary = <T extends HandlerMapping | FilterMapping>(entry: T): T & { library: string } => {
    if (!entry.name || /["<>&]/.test(entry.name))
      throw new InstallError(`invalid name ${JSON.stringify(entry.name)}`);
    if (entry.library === "") throw new InstallError(`${entry.name}: the library path is empty`);
    return { ...entry, library: entry.library ?? defaultLibrary(site, entry.name, platform) };
  };
  const handlers = (config.handlers ?? []).map(withLibrary);
  const filters = (config.filters ?? []).map(withLibrary);
  if (handlers.length === 0 && filters.length === 0) {
    throw new InstallError("nothing to install: give at least one handler or filter");
  }
  const names = handlers.map((h) => h.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new InstallError(`two handlers are named ${JSON.stringify(duplicate)}`);

  // The first install for a Windows server over a local (Linux) one, as `isapi new`
  // leaves: what that one recorded for IIS (libraries by their Linux paths, no pools)
  // means nothing to the IIS machine, so the script starts from this install.
  const toWindows = serverPath.physicalPath !== undefined && previous?.physicalPath === undefined;
  const carried = toWindows ? undefined : previous;
  if (toWindows && previous !== undefined) {
    // web.config still names the earlier entries by their Linux paths, and IIS fails every
    // request of a site whose filter (or handler) library cannot load: they must all move.
    const left = [
      ...previous.handlers.filter((name) => !names.includes(name)).map((name) => `handler ${name}`),
      ...previous.filters
        .filter((name) => !filters.some((f) => f.name === name))
        .map((name) => `filter ${name}`),
    ];
    if (left.length > 0) {
      throw new InstallError(
        `this site is installed for Linux, and ${left.join(", ")} would keep a Linux library path ` +
          "in web.config, which IIS cannot load: run isapi remove first, or install every " +
          "handler and filter with --windows in one call (one --config listing them all)",
      );
    }
  }

  const webConfig = join(site, "web.config");
  const document = loadConfig(webConfig);
  const server = child(document.documentElement!, "system.webServer");
  // A new site folder is made, as its web.config is.
  mkdirSync(site, { recursive: true });

  for (const handler of handlers) {
    const folder = folderOf(handler);
    const scope = folder === undefined ? server : child(location(document, folder), "system.webServer");
    for (const section of handlerSections(document)) removeEntries(section, "add", handler.name);
    const element = document.createElement("add");
    element.setAttribute("name", handler.name);
    element.setAttribute("path", folder === undefined ? handler.path : "*");
    element.setAttribute("verb", handler.verbs ?? "*");
    element.setAttribute("modules", "IsapiModule");
    // IIS wants an absolute scriptProcessor; our host takes it as it is.
    element.setAttribute("scriptProcessor", serverPath(handler.library));
    element.setAttribute("resourceType", handler.resourceType ?? "Unspecified");
    element.setAttribute("preCondition", handler.preCondition ?? "bitness64");
    // First match wins: ours go before the entries already there (after a <clear/>).
    insertFirst(child(scope, "handlers"), element);
  }
  if (filters.length > 0) {
    const section = child(server, "isapiFilters");
    for (const filter of filters) {
      removeEntries(section, "filter", filter.name);
      const element = document.createElement("filter");
      element.setAttribute("name", filter.name);
      element.setAttribute("path", serverPath(filter.library));
      element.setAttribute("enabled", String(filter.enabled ?? true));
      element.setAttribute("preCondition", filter.preCondition ?? "bitness64");
      append(section, element);
    }
  }
  writeConfig(webConfig, document);

  const manifest: Manifest = {
    handlers: union(previous?.handlers, names),
    filters: union(
      previous?.filters,
      filters.map((f) => f.name),
    ),
    libraries: [
      ...(carried?.libraries ?? []).filter(
        (l) => ![...handlers, ...filters].some((e) => serverPath(e.library) === l.path),
      ),
      ...[...handlers, ...filters].map((e) => ({
        path: serverPath(e.library),
        description: ("description" in e && e.description) || e.name,
      })),
    ],
    iisSite: config.iisSite ?? previous?.iisSite ?? "Default Web Site",
    applicationPath: config.applicationPath ?? previous?.applicationPath ?? "/",
    appPool: false,
    ...(serverPath.physicalPath !== undefined ? { physicalPath: serverPath.physicalPath } : {}),
  };
  const leavePools = config.appPool === false || (config.appPool === undefined && carried?.appPool === false);
  if (leavePools) {
    // What an earlier install set up stays recorded, so that remove still undoes it.
    const earlier = applicationsOf(carried);
    if (earlier.length > 0) manifest.applications = earlier;
  } else {
    // One pool per extension (pywin32#823): a folder handler's folder becomes an
    // application in its library's pool; filters and the other handlers run in the
    // application's own pool (IIS gives pools to applications, not to mappings).
    const applications = new Map<string, Application>();
    for (const app of applicationsOf(carried)) applications.set(app.path, app);
    const rootEntries = [...handlers.filter((h) => folderOf(h) === undefined), ...filters];
    if (rootEntries.length > 0) {
      const pool =
        config.appPool ||
        applications.get(manifest.applicationPath)?.pool ||
        `isapi-ts-${rootEntries[0]!.name}`;
      applications.set(manifest.applicationPath, { path: manifest.applicationPath, pool, created: false });
    }
    const libraryPools = new Map<string, string>();
    for (const handler of handlers) {
      const folder = folderOf(handler);
      if (folder === undefined) continue;
      const library = serverPath(handler.library);
      const pool = handler.appPool ?? libraryPools.get(library) ?? `isapi-ts-${handler.name}`;
      libraryPools.set(library, pool);
      const path = `${manifest.applicationPath.replace(/\/$/, "")}/${folder}`;
      applications.set(path, { path, pool, created: true, physicalPath: serverPath(folder) });
    }
    manifest.applications = [...applications.values()];
    manifest.appPool = applications.get(manifest.applicationPath)?.pool ?? true;
  }
  const manifestPath = join(site, MANIFEST);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  const script = join(site, INSTALL_SCRIPT);
  writeFileSync(script, installScript(manifest));
  rmSync(join(site, REMOVE_SCRIPT), { force: true });
  return {
    webConfig,
    script,
    manifest: manifestPath,
    ...(manifest.physicalPath !== undefined ? { physicalPath: manifest.physicalPath } : {}),
  };
}

/** Takes out what `install` added (per the manifest) and writes the server-level undo script. */
export function remove(siteFolder: string): RemoveResult {
  const site = resolve(siteFolder);
  const manifest = readManifest(site);
  if (manifest === undefined) {
    throw new InstallError(`${join(site, MANIFEST)} not found: nothing was installed here by isapi install`);
  }
  const webConfig = join(site, "web.config");
  const removed = { handlers: [] as string[], filters: [] as string[] };
  if (existsSync(webConfig)) {
    const document = loadConfig(webConfig);
    const server = findChild(document.documentElement!, "system.webServer");
    const filters = server && findChild(server, "isapiFilters");
    for (const name of manifest.handlers) {
      for (const section of handlerSections(document)) {
        if (removeEntries(section, "add", name) && !removed.handlers.includes(name))
          removed.handlers.push(name);
      }
    }
    for (const name of manifest.filters) {
      if (filters && removeEntries(filters, "filter", name)) removed.filters.push(name);
    }
    // Sections (and folders) left empty by the removal go too.
    for (const section of [...handlerSections(document), ...(filters ? [filters] : [])]) {
      let node: Element | null = section;
      while (node && node !== document.documentElement && elementChildren(node).length === 0) {
        const parent: Element = node.parentNode as Element;
        const previous = node.previousSibling;
        if (previous && previous.nodeType === 3 && /^\s*$/.test(previous.nodeValue ?? ""))
          parent.removeChild(previous);
        parent.removeChild(node);
        node = parent;
      }
    }
    writeConfig(webConfig, document);
  }
  const script = join(site, REMOVE_SCRIPT);
  writeFileSync(script, removeScript(manifest));
  rmSync(join(site, MANIFEST), { force: true });
  rmSync(join(site, INSTALL_SCRIPT), { force: true });
  return { webConfig, script, removed };
}

/** The folder of a folder handler (`/hello/*` → `hello`). */
function folderOf(handler: HandlerMapping): string | undefined {
  return /^\/(.+)\/\*$/.exec(handler.path)?.[1];
}

/** The applications a manifest gave pools (a manifest of one pool: the application's). */
function applicationsOf(manifest: Manifest | undefined): Application[] {
  if (manifest === undefined || typeof manifest.appPool === "boolean") return manifest?.applications ?? [];
  return (
    manifest.applications ?? [{ path: manifest.applicationPath, pool: manifest.appPool, created: false }]
  );
}

/** Every `<handlers>` of the file: the site's, and each `<location>`'s. */
function handlerSections(document: Document): Element[] {
  const root = document.documentElement!;
  const scopes = [root, ...elementChildren(root).filter((e) => e.nodeName === "location")];
  return scopes.flatMap((scope) => {
    const server = findChild(scope, "system.webServer");
    const handlers = server && findChild(server, "handlers");
    return handlers ? [handlers] : [];
  });
}

/** `<location path="folder">`, created when missing. */
function location(document: Document, folder: string): Element {
  const root = document.documentElement!;
  const found = elementChildren(root).find(
    (e) => e.nodeName === "location" && e.getAttribute("path") === folder,
  );
  if (found) return found;
  const element = document.createElement("location");
  element.setAttribute("path", folder);
  append(root, element);
  return element;
}

function readManifest(site: string): Manifest | undefined {
  const path = join(site, MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (error) {
    throw new InstallError(`${path} is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
}

function union(first: string[] | undefined, second: string[]): string[] {
  return [...new Set([...(first ?? []), ...second])];
}

/** A site-relative (or absolute) path as the server sees it, absolute, as IIS's allow list
 * and web.config want it; `physicalPath` is set when that is a Windows folder given by the user. */
interface ServerPaths {
  (path: string): string;
  physicalPath?: string;
}

/** Characters that cannot go safely into web.config, the appcmd syntax (`[path='…']`; appcmd
 * reserves `%`) or a cmd line; none of them is usual in a server folder's name. */
const UNSAFE_PATH = /["'%&<>|^!\x00-\x1f]/;

/** Anything beyond printable ASCII: isapi-install.cmd is read by cmd.exe in the machine's OEM
 * code page (437, 850, 932, …), not UTF-8, so such a path would reach appcmd garbled. */
const NON_ASCII = /[^\x20-\x7e]/;
const NON_ASCII_WHY =
  "a path with non-ASCII characters cannot be written into isapi-install.cmd (cmd.exe reads " +
  "batch files in the OEM code page, so appcmd would get another path)";

/** How paths of `site` are written for `platform` (see the module comment). */
function serverPaths(
  site: string,
  platform: TargetPlatform,
  config: InstallConfig,
  previous: Manifest | undefined,
): ServerPaths {
  const windowsElsewhere = platform === "win32" && !isHostPlatform(platform);
  if (config.physicalPath !== undefined && platform !== "win32") {
    throw new InstallError(
      "physicalPath (--physical-path) is the folder's path on a Windows IIS machine: add --windows",
    );
  }
  if (previous?.physicalPath !== undefined && platform !== "win32") {
    throw new InstallError(
      `this site was installed for Windows (${previous.physicalPath}): add --windows, or run isapi remove first`,
    );
  }
  const given = config.physicalPath ?? previous?.physicalPath;
  if (given === undefined) {
    if (windowsElsewhere) {
      throw new InstallError(
        "--windows needs --physical-path: the folder's path on the IIS machine (e.g. " +
          "C:\\inetpub\\wwwroot for the Default Web Site), since IIS wants absolute paths",
      );
    }
    return (path: string) => resolve(site, path);
  }
  let physicalPath = windowsFolder(given);
  if (previous?.physicalPath !== undefined) {
    // Windows paths ignore case: another spelling of the same folder is the same install.
    if (physicalPath.toLowerCase() !== previous.physicalPath.toLowerCase()) {
      throw new InstallError(
        `this site was installed for ${previous.physicalPath}, not ${physicalPath}: ` +
          "run isapi remove first to move it",
      );
    }
    physicalPath = previous.physicalPath;
  }
  const paths = (path: string): string => {
    let local = path;
    // A path of this machine inside the site folder maps into the physical path; another
    // absolute Windows path (`D:\\isapi\\_x.dll`) is taken as it is; a Unix one cannot be.
    if (isAbsolute(path)) {
      const inside = relative(site, path);
      if (!inside.startsWith("..") && !isAbsolute(inside)) local = inside;
      else if (path.startsWith("/")) {
        throw new InstallError(
          `${path} is outside the site folder ${site}: with --physical-path, give libraries ` +
            "relative to the site, or as Windows paths",
        );
      }
    }
    const mapped = win32.resolve(physicalPath, local);
    if (UNSAFE_PATH.test(mapped)) {
      throw new InstallError(`${mapped}: a path with any of " ' % & < > | ^ ! cannot be written safely`);
    }
    if (NON_ASCII.test(mapped)) {
      throw new InstallError(`${mapped}: ${NON_ASCII_WHY}; rename the library or its folder`);
    }
    return mapped;
  };
  return Object.assign(paths, { physicalPath });
}

/** `C:\inetpub\hello` or `\\server\share\hello`, normalized, or a clear error. */
function windowsFolder(path: string): string {
  const normalized = win32.normalize(path.replace(/\//g, "\\"));
  if (!/^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(normalized)) {
    throw new InstallError(
      `--physical-path ${path}: give the folder's full Windows path, with its drive (C:\\inetpub\\hello) ` +
        "or a UNC share (\\\\server\\share\\hello)",
    );
  }
  if (UNSAFE_PATH.test(normalized)) {
    throw new InstallError(
      `--physical-path ${path}: a path with any of " ' % & < > | ^ ! cannot be written safely ` +
        "into web.config and the appcmd script",
    );
  }
  if (NON_ASCII.test(normalized)) {
    throw new InstallError(`--physical-path ${path}: ${NON_ASCII_WHY}; choose an ASCII folder name`);
  }
  // No trailing separator, except for a drive's root.
  return /^[A-Za-z]:\\$/.test(normalized) ? normalized : normalized.replace(/\\+$/, "");
}

/**
 * The library `isapi build` writes for `name`. Without `--windows`, a folder that has only the
 * Windows build (`dist/_<name>.dll`, no `.so`) was meant for IIS: say how, rather than install
 * a library that is not there.
 */
function defaultLibrary(site: string, name: string, platform: TargetPlatform): string {
  const library = defaultHandlerLibrary(name, platform);
  const windows = defaultHandlerLibrary(name, "win32");
  if (platform !== "win32" && !existsSync(join(site, library)) && existsSync(join(site, windows))) {
    throw new InstallError(
      `${library} does not exist but ${windows} does: to install for IIS, add --windows ` +
        "--physical-path <the folder on the IIS machine>",
    );
  }
  return library;
}

function loadConfig(path: string): Document {
  const text = existsSync(path) ? readFileSync(path, "utf8") : EMPTY_CONFIG;
  const errors: string[] = [];
  let document: Document | undefined;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") errors.push(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (document === undefined || errors.length > 0 || document.documentElement?.nodeName !== "configuration") {
    throw new InstallError(`${path} is not a valid web.config: ${errors[0] ?? "no <configuration> root"}`);
  }
  return document;
}

function writeConfig(path: string, document: Document): void {
  let text = new XMLSerializer().serializeToString(document);
  if (!text.startsWith("<?xml")) text = `<?xml version="1.0" encoding="utf-8"?>\n${text}`;
  writeFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
}

function elementChildren(parent: Node): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) out.push(node as Element);
  }
  return out;
}

function findChild(parent: Element, name: string): Element | undefined {
  return elementChildren(parent).find((e) => e.nodeName === name);
}

/** The child element `name`, created (indented like its siblings) when missing. */
function child(parent: Element, name: string): Element {
  const found = findChild(parent, name);
  if (found) return found;
  const element = parent.ownerDocument!.createElement(name);
  append(parent, element);
  return element;
}

/** Depth of `node` below the root, for indentation. */
function depth(node: Node): number {
  let n = 0;
  for (let p = node.parentNode; p && p.nodeType === 1; p = p.parentNode) n++;
  return n;
}

function indent(level: number): string {
  return "\n" + "  ".repeat(level);
}

function append(parent: Element, element: Element): void {
  const document = parent.ownerDocument!;
  const level = depth(parent) + 1;
  // Before the closing tag's own indentation, if any.
  const last = parent.lastChild;
  if (last && last.nodeType === 3 && /^\s*$/.test(last.nodeValue ?? "")) {
    parent.insertBefore(document.createTextNode(indent(level)), last);
    parent.insertBefore(element, last);
  } else {
    parent.appendChild(document.createTextNode(indent(level)));
    parent.appendChild(element);
    parent.appendChild(document.createTextNode(indent(level - 1)));
  }
}

function insertFirst(parent: Element, element: Element): void {
  const children = elementChildren(parent);
  const clear = children.filter((e) => e.nodeName === "clear").pop();
  const before = clear ? clear.nextSibling : parent.firstChild;
  const document = parent.ownerDocument!;
  const level = depth(parent) + 1;
  if (!before) {
    append(parent, element);
    return;
  }
  parent.insertBefore(document.createTextNode(indent(level)), before);
  parent.insertBefore(element, before);
  // Keep the whitespace that followed the insertion point after our element.
  if (before.nodeType !== 3) parent.insertBefore(document.createTextNode(indent(level)), before);
}

/** Removes `<tag name="name">` and `<remove name="name">` entries; true if an entry went. */
function removeEntries(section: Element, tag: string, name: string): boolean {
  let removed = false;
  for (const element of elementChildren(section)) {
    if (
      (element.nodeName === tag || element.nodeName === "remove") &&
      element.getAttribute("name") === name
    ) {
      const previous = element.previousSibling;
      if (previous && previous.nodeType === 3 && /^\s*$/.test(previous.nodeValue ?? "")) {
        section.removeChild(previous);
      }
      section.removeChild(element);
      removed ||= element.nodeName === tag;
    }
  }
  return removed;
}

function installScript(manifest: Manifest): string {
  const lines = [
    "@echo off",
    "rem Generated by `isapi install`: the server-level settings web.config cannot hold.",
    "rem Run once as administrator; running it again changes nothing.",
    ...folderCheck(manifest.physicalPath),
    'set APPCMD="%windir%\\system32\\inetsrv\\appcmd.exe"',
    "rem Let this site's web.config declare ISAPI handlers and filters.",
    "%APPCMD% unlock config /section:system.webServer/handlers >nul",
    "%APPCMD% unlock config /section:system.webServer/isapiFilters >nul",
    "rem Allow each library in the ISAPI and CGI restriction list.",
  ];
  for (const library of manifest.libraries) {
    lines.push(
      `%APPCMD% set config /section:system.webServer/security/isapiCgiRestriction ` +
        `/-"[path='${library.path}']" /commit:apphost >nul 2>&1`,
      `%APPCMD% set config /section:system.webServer/security/isapiCgiRestriction ` +
        `/+"[path='${library.path}',allowed='True',description='${library.description}']" /commit:apphost`,
    );
  }
  const applications = applicationsOf(manifest);
  if (applications.length > 0) {
    lines.push("rem An application pool per extension, 64-bit, no managed code (pywin32#823).");
  }
  for (const pool of new Set(applications.map((a) => a.pool))) {
    lines.push(
      `%APPCMD% list apppool "${pool}" >nul 2>&1 || %APPCMD% add apppool /name:"${pool}" /managedRuntimeVersion:"" /enable32BitAppOnWin64:false`,
    );
  }
  for (const application of applications) {
    const name = `${manifest.iisSite}${application.path}`;
    if (application.created) {
      // The handler's folder becomes an application of its own (the site's web.config
      // still configures it through its <location>).
      lines.push(
        `if not exist "${application.physicalPath}" mkdir "${application.physicalPath}"`,
        `%APPCMD% list app "${name}" >nul 2>&1 || %APPCMD% add app /site.name:"${manifest.iisSite}" /path:"${application.path}" /physicalPath:"${application.physicalPath}"`,
      );
    }
    lines.push(`%APPCMD% set app "${name}" /applicationPool:"${application.pool}"`);
  }
  if (manifest.physicalPath !== undefined) {
    lines.push(
      "goto :eof",
      ":elsewhere",
      `echo isapi-install.cmd: this folder is "%~dp0", but web.config names its libraries in "${manifest.physicalPath}". 1>&2`,
      "echo Copy the folder there, or run isapi install again with --physical-path set to where it is. 1>&2",
      "exit /b 1",
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** With a physical path: stop unless the script (so the folder) is there, as web.config says. */
function folderCheck(physicalPath: string | undefined): string[] {
  if (physicalPath === undefined) return [];
  // %~dp0 is the script's own folder, with a trailing backslash; the compare ignores case.
  const expected = physicalPath.endsWith("\\") ? physicalPath : `${physicalPath}\\`;
  return [
    `rem web.config names the libraries in ${physicalPath} (isapi install --physical-path).`,
    `if /i not "%~dp0"=="${expected}" goto elsewhere`,
  ];
}

function removeScript(manifest: Manifest): string {
  const lines = [
    "@echo off",
    "rem Generated by `isapi remove`: undoes what isapi-install.cmd did. Run as administrator.",
    'set APPCMD="%windir%\\system32\\inetsrv\\appcmd.exe"',
  ];
  for (const library of manifest.libraries) {
    lines.push(
      `%APPCMD% set config /section:system.webServer/security/isapiCgiRestriction ` +
        `/-"[path='${library.path}']" /commit:apphost`,
    );
  }
  const applications = applicationsOf(manifest);
  for (const application of applications) {
    const name = `${manifest.iisSite}${application.path}`;
    // An application install made goes; the site's own goes back to the default pool.
    lines.push(
      application.created
        ? `%APPCMD% delete app "${name}"`
        : `%APPCMD% set app "${name}" /applicationPool:"DefaultAppPool"`,
    );
  }
  for (const pool of new Set(applications.map((a) => a.pool))) {
    lines.push(`%APPCMD% delete apppool "${pool}"`);
  }
  return lines.join("\r\n") + "\r\n";
}
