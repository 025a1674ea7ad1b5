import type { FolioClient, UploadFile } from "./folio-client.js";
import { FolioClientError } from "./folio-client.js";
import { CompleteUploadDocument, RequestUploadDocument, type CompleteUploadMutation, type UploadInput } from "./generated/graphql.js";

/** Options of {@link uploadDirect}. */
export interface UploadDirectOptions {
  /** The upload options, as for uploadDocument. */
  input?: UploadInput;
  /**
   * Hex SHA-256 of the file. Computed from the bytes when absent, which reads the whole file
   * into memory (WebCrypto has no streaming digest): for large files, hash while reading from disk
   * and pass it (the CLI does).
   */
  sha256?: string;
}

async function bytesOf(data: Blob | Uint8Array): Promise<ArrayBuffer> {
  if (data instanceof Blob) return data.arrayBuffer();
  // A copy of exactly the view's bytes: a Node Buffer often shares a larger pool.
  return new Uint8Array(data).buffer;
}

/** Hex SHA-256 of a file's bytes, with WebCrypto (Node 20 and browsers). */
export async function sha256Hex(data: Blob | Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", await bytesOf(data));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Upload a file straight to the server's object store (servers with the s3
 * storage driver): requestUpload → PUT the bytes to the presigned URL →
 * completeUpload, which verifies size and SHA-256 and returns the document.
 * The bytes never pass through the API. A server that stores files locally
 * answers DIRECT_UPLOAD_UNSUPPORTED: upload through `client.upload` instead.
 * A refused PUT is `UPLOAD_TRANSFER_FAILED` (with the store's HTTP status).
 */
export async function uploadDirect(client: FolioClient, file: UploadFile, options: UploadDirectOptions = {}): Promise<CompleteUploadMutation["completeUpload"]> {
  const sizeBytes = file.data instanceof Blob ? file.data.size : file.data.byteLength;
  const sha256 = options.sha256 ?? (await sha256Hex(file.data));
  const { requestUpload } = await client.request(RequestUploadDocument, {
    file: { filename: file.filename, contentType: file.contentType ?? null, sizeBytes, sha256 },
    input: options.input ?? null,
  });
  const headers = Object.fromEntries(requestUpload.headers.map((h) => [h.name, h.value]));
  const body = file.data instanceof Blob ? file.data : new Blob([file.data as Uint8Array<ArrayBuffer>]);
  let response: Response;
  try {
    response = await fetch(requestUpload.url, { method: requestUpload.method, headers, body });
  } catch (error) {
    throw new FolioClientError("UPLOAD_TRANSFER_FAILED", `Could not send the file to the object store: ${(error as Error).message}`, []);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new FolioClientError("UPLOAD_TRANSFER_FAILED", `The object store refused the upload: HTTP ${response.status} ${text.slice(0, 200)}`.trim(), [], response.status);
  }
  await response.body?.cancel().catch(() => undefined);
  const { completeUpload } = await client.request(CompleteUploadDocument, { id: requestUpload.id });
  return completeUpload;
}
