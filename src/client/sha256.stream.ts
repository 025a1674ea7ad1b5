/**
 * SHA-256 of a file that may be larger than a browser tab should hold.
 *
 * WebCrypto's `digest` takes the whole input in one buffer and has no
 * streaming form, and SHA-256 states cannot be combined from separately
 * hashed parts. So a file up to {@link WHOLE_FILE_DIGEST_MAX_BYTES} is read
 * once and hashed by WebCrypto (native speed, a transient buffer of the
 * file's size); a larger one is read in slices and fed to the incremental
 * SHA-256 of `@noble/hashes` (audited, no dependencies), which holds one slice
 * at a time.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/** Files up to this size are hashed by WebCrypto in one buffer; larger ones are streamed. */
export const WHOLE_FILE_DIGEST_MAX_BYTES = 64 * 1024 * 1024;

/** Bytes read from a Blob per step when streaming. */
export const HASH_SLICE_BYTES = 4 * 1024 * 1024;

/** Options of {@link sha256OfBlob}. */
export interface BlobHashOptions {
  /** Called after each slice with the bytes hashed so far (streamed files only; a whole-file digest reports once at the end). */
  onProgress?: (hashed: number, total: number) => void;
  /** Override {@link WHOLE_FILE_DIGEST_MAX_BYTES}. */
  wholeFileMaxBytes?: number;
  /** Override {@link HASH_SLICE_BYTES}. */
  sliceBytes?: number;
}

/**
 * Hex SHA-256 of a Blob (a browser File, or Node's `openAsBlob`): WebCrypto in
 * one buffer up to `wholeFileMaxBytes`, streamed slice by slice above it, so a
 * multi-gigabyte file never sits in memory. Each slice is awaited, which also
 * lets a page repaint between slices.
 */
export async function sha256OfBlob(blob: Blob, options: BlobHashOptions = {}): Promise<string> {
  const total = blob.size;
  if (total <= (options.wholeFileMaxBytes ?? WHOLE_FILE_DIGEST_MAX_BYTES)) {
    const hex = bytesToHex(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", await blob.arrayBuffer())));
    options.onProgress?.(total, total);
    return hex;
  }
  const slice = Math.max(64, options.sliceBytes ?? HASH_SLICE_BYTES);
  const hash = sha256.create();
  for (let offset = 0; offset < total; offset += slice) {
    hash.update(new Uint8Array(await blob.slice(offset, Math.min(total, offset + slice)).arrayBuffer()));
    options.onProgress?.(Math.min(total, offset + slice), total);
  }
  return bytesToHex(hash.digest());
}
