#!/usr/bin/env node
// The `isapi` command. A plain-JS shim so npm can link it before `dist/` is built.
import "../dist/cli.js";
