import { parseArgs } from "node:util";

import { BuildError, buildHandler } from "./build.js";

const USAGE = `Usage: isapi <command> [options]

Commands:
  build <file.ts>   Bundle a handler and put the ISAPI library beside it:
                    <outdir>/<name>.js (+ .map) and <outdir>/_<name>.so (_<name>.dll on Windows)
  install, remove, serve, bench, new
                    Not yet implemented.

Run \`isapi build --help\` for build options.`;

const BUILD_USAGE = `Usage: isapi build <file.ts> [--outdir DIR] [--dll PATH] [--name NAME]

  --outdir DIR   Where to write the bundle and the library (default: dist beside the file)
  --dll PATH     The generic ISAPI library to copy (default: $ISAPI_TS_DLL, else
                 target/debug or target/release of this or a parent directory)
  --name NAME    Handler name (default: the file's base name)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case "build":
      return build(rest);
    case "install":
    case "remove":
    case "serve":
    case "bench":
    case "new":
      console.error(`isapi ${command}: not yet implemented`);
      return 2;
    default:
      console.error(`isapi: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

async function build(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        outdir: { type: "string" },
        dll: { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`isapi build: ${(error as Error).message}\n\n${BUILD_USAGE}`);
    return 2;
  }
  if (parsed.values.help === true) {
    console.log(BUILD_USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`isapi build: expected exactly one handler file\n\n${BUILD_USAGE}`);
    return 2;
  }
  try {
    const result = await buildHandler({
      entry: parsed.positionals[0]!,
      outdir: parsed.values.outdir,
      dll: parsed.values.dll,
      name: parsed.values.name,
    });
    console.log(`isapi build: wrote ${result.bundle} and ${result.library}`);
    return 0;
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`isapi build: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("isapi: unexpected error:", error);
    process.exitCode = 1;
  },
);
