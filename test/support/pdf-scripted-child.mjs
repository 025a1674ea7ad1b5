/* global process */
// A stand-in for src/extraction/pdf.child.ts that speaks the same protocol (src/extraction/pdf.protocol.ts) and
// behaves as each job's password asks, so pool tests can make a sandbox hang, crash or bloat on purpose:
//   "hang"  never answers;   "crash" exits with code 3;   "bloat" reports 900 MB of RSS;   anything else answers at once.
// Every answer is a text result whose only page is this process's pid, so tests can see which process served a job.
const usage = (rssBytes = process.memoryUsage().rss) => ({ rssBytes, heapUsedBytes: process.memoryUsage().heapUsed });

// Bytes are read and dropped; the protocol frames them by length, which this stand-in does not need.
process.stdin.resume();

process.on("message", (job) => {
  if (job.password === "hang") return;
  if (job.password === "crash") process.exit(3);
  const rss = job.password === "bloat" ? 900 * 1024 * 1024 : undefined;
  const result = { pageCount: 1, pages: [String(process.pid)], models: [], info: { encrypted: false } };
  process.send({ type: "text", result, usage: usage(rss) });
});
process.once("disconnect", () => process.exit(0));
process.send({ type: "ready", usage: usage() });
