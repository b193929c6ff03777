/**
 * Temporary folders for one test file: each holds copies of the library (tens of MB in a
 * debug build), so they are removed when the test process exits, passed or failed.
 */
import { mkdtempSync, rmSync } from "node:fs";

const made: string[] = [];

process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** `mkdtempSync(prefix)`, removed at exit. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(prefix);
  made.push(dir);
  return dir;
}
