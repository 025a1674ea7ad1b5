import type { FolioClient, UploadFile, UploadProgress, XhrLike } from "./folio-client.js";
import { FolioClientError } from "./folio-client.js";
import { CompleteUploadDocument, RequestUploadDocument, type CompleteUploadMutation, type UploadInput, type UploadLimitsQuery } from "./generated/graphql.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { sha256OfBlob } from "./sha256.stream.js";

/** What a direct upload is doing: hashing the file, sending it to the object store, or waiting for the server to verify it. */
export type DirectUploadStage = "hashing" | "sending" | "verifying";

/** Options of {@link uploadDirect}. */
export interface UploadDirectOptions {
  /** The upload options, as for uploadDocument. */
  input?: UploadInput;
  /**
   * Hex SHA-256 of the file. Computed from the bytes when absent: a Blob is streamed in slices
   * above WHOLE_FILE_DIGEST_MAX_BYTES (see sha256.stream), bytes in memory go to WebCrypto.
   */
  sha256?: string;
  /** Bytes hashed so far (a Blob larger than WHOLE_FILE_DIGEST_MAX_BYTES is hashed in slices). */
  onHashProgress?: (hashed: number, total: number) => void;
  /** Bytes of the PUT sent so far; reported where the platform can (browsers, through XMLHttpRequest). */
  onProgress?: (progress: UploadProgress) => void;
  /** Each stage as it starts. */
  onStage?: (stage: DirectUploadStage) => void;
}

/** The server's `uploadLimits`. */
export type UploadLimits = UploadLimitsQuery["uploadLimits"];

/**
 * Whether a file of `sizeBytes` should go straight to the object store: only
 * when the server offers direct uploads and the file is at least its
 * `directUploadMinBytes` and at most its `directUploadMaxBytes` (S3's 5 GiB
 * copy limit can be below MAX_UPLOAD_BYTES). Everything else, and every file
 * when the limits are unknown (`null`: an older server, or the query failed),
 * goes through uploadDocument as before.
 */
export function shouldUploadDirect(sizeBytes: number, limits: UploadLimits | null): boolean {
  if (!limits?.directUploads || limits.directUploadMinBytes === null || limits.directUploadMinBytes === undefined) return false;
  if (sizeBytes < limits.directUploadMinBytes) return false;
  return limits.directUploadMaxBytes === null || limits.directUploadMaxBytes === undefined || sizeBytes <= limits.directUploadMaxBytes;
}

async function bytesOf(data: Blob | Uint8Array): Promise<ArrayBuffer> {
  if (data instanceof Blob) return data.arrayBuffer();
  // A copy of exactly the view's bytes: a Node Buffer often shares a larger pool.
  return new Uint8Array(data).buffer;
}

/** Hex SHA-256 of a file's bytes (Node 20 and browsers): WebCrypto, or streamed in slices for a large Blob (see sha256.stream). */
export async function sha256Hex(data: Blob | Uint8Array, onProgress?: (hashed: number, total: number) => void): Promise<string> {
  if (data instanceof Blob) return sha256OfBlob(data, { onProgress });
  const digest = await globalThis.crypto.subtle.digest("SHA-256", await bytesOf(data));
  onProgress?.(data.byteLength, data.byteLength);
  return bytesToHex(new Uint8Array(digest));
}

/** The S3 error code in an error body (`<Code>SignatureDoesNotMatch</Code>`), if there is one. */
export function storeErrorCode(body: string): string | null {
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] ?? null;
}

function transferFailed(status: number, body: string): FolioClientError {
  const detail = storeErrorCode(body) ?? body.slice(0, 200);
  return new FolioClientError("UPLOAD_TRANSFER_FAILED", `The object store refused the upload: HTTP ${status} ${detail}`.trim(), [], status);
}

function unreachable(detail: string): FolioClientError {
  return new FolioClientError(
    "UPLOAD_TRANSFER_FAILED",
    `Could not send the file to the object store (${detail}): the store is unreachable from here, or its CORS rules do not allow PUT from this page's origin.`,
    [],
  );
}

/** PUT a Blob through XMLHttpRequest, the one browser API that reports upload progress. */
function putWithProgress(XhrClass: new () => XhrLike<Blob>, method: string, url: string, headers: Record<string, string>, body: Blob, onProgress: (progress: UploadProgress) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XhrClass();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
    // A CORS refusal and a lost connection look the same to a page: status 0, no body.
    xhr.onerror = () => reject(unreachable("network error"));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(xhr.status === 0 ? unreachable("no answer") : transferFailed(xhr.status, xhr.responseText));
    };
    xhr.send(body);
  });
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
  let sha256 = options.sha256;
  if (!sha256) {
    options.onStage?.("hashing");
    sha256 = await sha256Hex(file.data, options.onHashProgress);
  }
  const { requestUpload } = await client.request(RequestUploadDocument, {
    file: { filename: file.filename, contentType: file.contentType ?? null, sizeBytes, sha256 },
    input: options.input ?? null,
  });
  const headers = Object.fromEntries(requestUpload.headers.map((h) => [h.name, h.value]));
  const body = file.data instanceof Blob ? file.data : new Blob([file.data as Uint8Array<ArrayBuffer>]);
  options.onStage?.("sending");
  const Xhr = (globalThis as { XMLHttpRequest?: new () => XhrLike<Blob> }).XMLHttpRequest;
  if (options.onProgress && Xhr) {
    await putWithProgress(Xhr, requestUpload.method, requestUpload.url, headers, body, options.onProgress);
    options.onStage?.("verifying");
    return (await client.request(CompleteUploadDocument, { id: requestUpload.id })).completeUpload;
  }
  let response: Response;
  try {
    response = await fetch(requestUpload.url, { method: requestUpload.method, headers, body });
  } catch (error) {
    throw new FolioClientError("UPLOAD_TRANSFER_FAILED", `Could not send the file to the object store: ${(error as Error).message}`, []);
  }
  if (!response.ok) throw transferFailed(response.status, await response.text().catch(() => ""));
  await response.body?.cancel().catch(() => undefined);
  options.onStage?.("verifying");
  const { completeUpload } = await client.request(CompleteUploadDocument, { id: requestUpload.id });
  return completeUpload;
}
