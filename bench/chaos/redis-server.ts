/** A redis-server of the chaos run's own, on a free port: it may be flushed, stopped and restarted (never the shared one). */

import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";

/** A redis-server child process the scenario controls. */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  /** kill -9: everything in it is lost (it runs without persistence). */
  stop(): Promise<void>;
  /** Start it again, empty, on the same port. */
  start(): Promise<void>;
  /** FLUSHALL. */
  flushAll(): Promise<void>;
  running(): boolean;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/Ready to accept connections/.test(out)) {
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`redis-server on port ${port} exited with ${code}: ${out.slice(-500)}`)));
  });
}

/** Start a redis-server without persistence on `port`. */
export async function startOwnRedis(port: number): Promise<OwnRedis> {
  let child: ChildProcess | null = await launch(port);
  const url = `redis://127.0.0.1:${port}`;
  const isRunning = () => !!child && child.exitCode === null && child.signalCode === null;
  return {
    port,
    url,
    running: isRunning,
    async stop() {
      if (!isRunning()) return;
      const c = child!;
      const exited = new Promise((resolve) => c.once("exit", resolve));
      c.kill("SIGKILL");
      await exited;
      child = null;
    },
    async start() {
      if (isRunning()) return;
      child = await launch(port);
    },
    async flushAll() {
      const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await client.connect();
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
  };
}
