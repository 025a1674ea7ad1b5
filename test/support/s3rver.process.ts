// A real S3-protocol server (s3rver) in its own process, for integration tests:
// run it with `tsx test/support/s3rver.process.ts <dir> [port] [cors-buckets]`; it prints
// `{"port":N}` on stdout once it listens and exits when its parent does.
// cors-buckets: comma-separated buckets created up front with a CORS rule that lets
// any origin PUT (what a browser's direct upload needs).
import S3rver from "s3rver";

const [directory, port = "0", corsBuckets = ""] = process.argv.slice(2);
if (!directory) {
  process.stderr.write("usage: s3rver.process.ts <dir> [port]\n");
  process.exit(2);
}
const CORS_ANY_ORIGIN_PUT = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
const configureBuckets = corsBuckets
  .split(",")
  .filter(Boolean)
  .map((name) => ({ name, configs: [CORS_ANY_ORIGIN_PUT] }));
const server = new S3rver({ address: "127.0.0.1", port: Number(port), silent: true, directory, configureBuckets });
const address = (await server.run()) as { port: number };
process.stdout.write(JSON.stringify({ port: address.port }) + "\n");
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
