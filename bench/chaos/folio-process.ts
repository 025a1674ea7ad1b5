/** `folio serve` / `folio worker` as real child processes (from source through tsx, as the tests start them). */

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/** One Folio child process; its output goes to a log file. */
export interface FolioProcess {
  readonly command: "serve" | "worker";
  readonly child: ChildProcess;
  /** Resolves once the process printed its ready line (rejects when it exits first). */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  alive(): boolean;
  isReady(): boolean;
  /** Whether the script itself signalled it (an exit is then expected, not a crash). */
  signalled(): boolean;
  /** Send a signal and wait until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Spawn `node --import tsx src/main.ts <command> --no-migrate` with `env`, appending its output to `logPath`. */
export function spawnFolio(command: "serve" | "worker", env: Record<string, string>, logPath: string): FolioProcess {
  const log = fs.openSync(logPath, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", command, "--no-migrate"], {
    cwd: process.cwd(),
    env,
    stdio: ["ignore", log, "pipe"],
  });
  fs.closeSync(log);
  let ready = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const readyPromise = new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      fs.appendFileSync(logPath, text);
      if (!ready) {
        seen = (seen + text).slice(-4096);
        if (/^Folio (worker )?ready/m.test(seen)) {
          ready = true;
          resolve();
        }
      }
    });
    void exited.then(() => {
      if (!ready) reject(new Error(`folio ${command} exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logPath}`));
    });
  });
  readyPromise.catch(() => undefined); // a process killed during start-up is an expected outcome here
  const alive = () => child.exitCode === null && child.signalCode === null;
  let signalled = false;
  return {
    command,
    child,
    ready: readyPromise,
    exited,
    alive,
    isReady: () => ready && alive(),
    signalled: () => signalled,
    async kill(signal) {
      if (!alive()) return;
      signalled = true;
      child.kill(signal);
      await exited;
    },
  };
}
