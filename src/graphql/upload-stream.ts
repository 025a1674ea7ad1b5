import { PassThrough, type Readable } from "node:stream";

/**
 * Hand a multipart file stream to storage through a relay of our own.
 *
 * The multipart parser (graphql-upload-minimal) reacts to its size cap by
 * `unpipe()`-ing the file stream, which would leave a piped consumer waiting
 * forever; with a relay fed from 'data' events, its unpipe has no effect and
 * Folio's own byte limit fails the write with FILE_TOO_LARGE. Backpressure is
 * kept by pausing the source while the relay is full (no bytes are lost: the
 * relay buffers). If the consumer fails first, the rest of the file is
 * drained so the parser can go on to the next file of the request.
 */
export function relayUpload(source: Readable): PassThrough {
  const relay = new PassThrough();
  let abandoned = false;
  source.on("data", (chunk: Buffer) => {
    if (abandoned) return;
    if (!relay.write(chunk)) {
      source.pause();
      relay.once("drain", () => source.resume());
    }
  });
  source.once("end", () => relay.end());
  source.once("error", (error) => relay.destroy(error));
  relay.once("close", () => {
    if (!relay.writableFinished) {
      abandoned = true;
      source.resume();
    }
  });
  return relay;
}
