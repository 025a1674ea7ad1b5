import { PassThrough, type Readable } from "node:stream";
import type { FileUpload } from "graphql-upload-minimal";
import { AppError } from "../errors/app.error.js";

/**
 * A multipart failure as a coded client error. The parser's (busboy's) errors
 * and the library's HttpErrors carry no code of ours and would otherwise be
 * reported as INTERNAL_ERROR, although a malformed body is the caller's doing.
 */
export function toUploadError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { status?: unknown } | null)?.status === 413) return new AppError("FILE_TOO_LARGE", message, { cause: error });
  return new AppError("BAD_REQUEST", `The multipart request is malformed: ${message}.`, { cause: error });
}

/** Await one file of a multipart request; a parser failure becomes BAD_REQUEST rather than INTERNAL_ERROR. */
export async function awaitUpload(pending: Promise<FileUpload> | FileUpload): Promise<FileUpload> {
  try {
    return await pending;
  } catch (error) {
    throw toUploadError(error);
  }
}

/** Open an uploaded file through {@link relayUpload}; the library throws here when the body already failed. */
export function openUpload(upload: FileUpload): PassThrough {
  try {
    return relayUpload(upload.createReadStream());
  } catch (error) {
    throw toUploadError(error);
  }
}

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
  source.once("error", (error) => relay.destroy(toUploadError(error)));
  relay.once("close", () => {
    if (!relay.writableFinished) {
      abandoned = true;
      source.resume();
    }
  });
  return relay;
}
