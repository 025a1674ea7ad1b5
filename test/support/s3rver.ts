import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A running s3rver child process; credentials are s3rver's fixed `S3RVER`/`S3RVER`. */
export interface TestS3Server {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

/**
 * Start a real S3-protocol server in a child process so the test process
 * measures (and is measured for) only the client side. `corsBuckets` are
 * created with a CORS rule letting any origin PUT (browser direct uploads).
 */
export async function startS3Server(options: { corsBuckets?: string[] } = {}): Promise<TestS3Server> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-s3rver-"));
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "s3rver.process.ts");
  const child: ChildProcess = fork(script, [dir, "0", (options.corsBuckets ?? []).join(",")], { execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split("\n")[0];
      if (buffered.includes("\n") && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
    setTimeout(() => reject(new Error("s3rver did not start within 20 s")), 20_000).unref();
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: "S3RVER",
    secretKey: "S3RVER",
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
