#!/usr/bin/env node
/* global process */
// `npm start`'s prestart: build only when dist/ is missing or older than its sources, so a
// start with a current build costs nothing (a full build takes ~45 s). Plain Node on purpose:
// it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUTS = ["dist/src/main.js", "dist/web/index.html", "dist/web/playground.html"];
const SOURCES = ["src", "migrations", "web", "ormconfig.ts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

/** Newest modification time under a file or directory (0 when it does not exist). */
function newest(entry) {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its directory's time
  for (const child of readdirSync(entry)) latest = Math.max(latest, newest(path.join(entry, child)));
  return latest;
}

const oldestOutput = Math.min(...OUTPUTS.map((o) => newest(path.join(root, o)) || -1));
const newestSource = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (oldestOutput > 0 && oldestOutput >= newestSource) {
  process.stderr.write("folio: build is up to date (dist/ is newer than the sources); skipping the build.\n");
} else {
  process.stderr.write(oldestOutput > 0 ? "folio: sources changed since the last build; building…\n" : "folio: no build yet; building…\n");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const { status } = spawnSync(npm, ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
  process.exit(status ?? 1);
}
