/**
 * `isapi-ts/testing`: run handlers from Node tests.
 *
 * `startHost(config)` starts the real host — the same ISAPI library and QuickJS engines
 * IIS would load — inside this Node process, on 127.0.0.1 and a free port, through the
 * project's Node addon (crates/isapi-node). Send it requests with `fetch`.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The addon's surface (crates/isapi-node/src/lib.rs). */
interface NativeHost {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Addon {
  startHost(config: string): Promise<NativeHost>;
}

export interface TestHost {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the host; requests in flight finish first. */
  close(): Promise<void>;
}

let loaded: Addon | undefined;

/** The addon: `$ISAPI_TS_ADDON`, else `native/isapi-node.node` of this package. */
function addon(): Addon {
  if (loaded) return loaded;
  const here = dirname(fileURLToPath(import.meta.url));
  const path = process.env["ISAPI_TS_ADDON"] || resolve(here, "..", "native", "isapi-node.node");
  if (!existsSync(path)) {
    throw new Error(
      `the isapi-ts Node addon is not built (${path}); run \`cargo xtask build\` or ` +
        "`npm run build:native --workspace ts/isapi`",
    );
  }
  loaded = createRequire(import.meta.url)(path) as Addon;
  return loaded;
}

/** Starts the real host on `config` (an IIS web.config) at 127.0.0.1 and a free port. */
export async function startHost(config: string): Promise<TestHost> {
  if (typeof config !== "string" || config === "") {
    throw new TypeError("startHost(config): config must be the path of a web.config");
  }
  const native = await addon().startHost(resolve(config));
  return {
    url: native.url,
    port: native.port,
    close: () => native.close(),
  };
}

/** Where the addon is looked for (for error messages and tooling). */
export function addonPath(): string {
  return (
    process.env["ISAPI_TS_ADDON"] ||
    join(dirname(fileURLToPath(import.meta.url)), "..", "native", "isapi-node.node")
  );
}
