import { AppError } from "../errors/app.error.js";
import type { ObjectStore } from "../storage/object-store.js";

/**
 * Reads a document's stored original into memory (steps and page jobs need the
 * whole file: pdf.js and the image decoders take buffers).
 *
 * The upload limit was enforced on the way in; the size check guards against an
 * object swapped behind Folio's back, so a huge object cannot exhaust memory.
 */
export async function readStoredOriginal(store: ObjectStore, doc: { rawKey: string; sizeBytes: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of await store.get(doc.rawKey)) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > doc.sizeBytes + 1) throw new AppError("CORRUPT_FILE", "The stored original is larger than what was uploaded.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
