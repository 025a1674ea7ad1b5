// A real S3-protocol server (s3rver) in its own process, for integration tests:
// run it with `tsx test/support/s3rver.process.ts <dir> [port]`; it prints
// `{"port":N}` on stdout once it listens and exits when its parent does.
import S3rver from "s3rver";

const [directory, port = "0"] = process.argv.slice(2);
if (!directory) {
  process.stderr.write("usage: s3rver.process.ts <dir> [port]\n");
  process.exit(2);
}
const server = new S3rver({ address: "127.0.0.1", port: Number(port), silent: true, directory });
const address = (await server.run()) as { port: number };
process.stdout.write(JSON.stringify({ port: address.port }) + "\n");
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
