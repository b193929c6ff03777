// node:stream's JS side is the npm package readable-stream bundled by
// crates/isapi-runtime/scripts/readable-stream.mjs into js/node/internal/readable_stream.js
// (committed: the engine embeds it at build time). This fails when the committed file is not
// what the script makes from the pinned package (a version bump or a script edit without
// regenerating).
import t from "tap";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

t.test("readable_stream.js is what scripts/readable-stream.mjs makes from the pinned package", async (t) => {
  const run = spawnSync(
    process.execPath,
    [join(root, "crates", "isapi-runtime", "scripts", "readable-stream.mjs"), "--check"],
    { encoding: "utf8" },
  );
  t.equal(run.status, 0, run.stderr);
});
