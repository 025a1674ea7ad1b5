/**
 * The one error class the extraction adapters (PDF, OCR) throw for problems
 * caused by the *input document* or by the limits put on it. The pipeline maps
 * it to a FAILED step with a stable code and does not retry: the same bytes
 * would fail the same way. Anything else an adapter throws (a plain `Error`,
 * e.g. a failed `fork`) is an infrastructure problem and may be retried.
 */

/** Stable, client-visible codes for permanent extraction failures. */
export type ExtractionErrorCode =
  /** The PDF needs a password, or the given one is wrong. */
  | "PDF_ENCRYPTED"
  /** The bytes are not a readable PDF / image (malformed, truncated, unsupported). */
  | "CORRUPT_FILE"
  /** The PDF has more pages than the configured maximum. */
  | "TOO_MANY_PAGES"
  /** Parsing or OCR did not finish within its time budget and was killed. */
  | "PROCESSING_TIMEOUT"
  /** The work exceeded a memory/size cap or crashed the process that ran it. */
  | "RESOURCE_LIMIT"
  /** The caller aborted (AbortSignal). */
  | "CANCELLED"
  /** An image declares more pixels than allowed (decompression-bomb guard). */
  | "IMAGE_TOO_LARGE"
  /** Extracted text exceeds the configured maximum (for text sources other than the PDF adapter, which reports RESOURCE_LIMIT). */
  | "TEXT_TOO_LARGE";

/** Every {@link ExtractionErrorCode}, for validation and exhaustive tests. */
export const EXTRACTION_ERROR_CODES: readonly ExtractionErrorCode[] = [
  "PDF_ENCRYPTED",
  "CORRUPT_FILE",
  "TOO_MANY_PAGES",
  "PROCESSING_TIMEOUT",
  "RESOURCE_LIMIT",
  "CANCELLED",
  "IMAGE_TOO_LARGE",
  "TEXT_TOO_LARGE",
];

/**
 * A permanent, document-caused extraction failure with a stable {@link code}
 * and a human-readable message (safe to show to the uploader: it never
 * contains file contents or passwords).
 */
export class ExtractionError extends Error {
  /**
   * @param code - stable machine-readable code.
   * @param message - human-readable explanation.
   * @param options - standard `ErrorOptions`; `cause` keeps the library error for logs.
   */
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ExtractionError";
  }
}

/** Type guard that also works across realms/duplicated module instances (checks the shape, not only the prototype). */
export function isExtractionError(err: unknown): err is ExtractionError {
  if (err instanceof ExtractionError) return true;
  if (!(err instanceof Error) || err.name !== "ExtractionError") return false;
  const code: unknown = (err as Error & { code?: unknown }).code;
  return typeof code === "string" && (EXTRACTION_ERROR_CODES as readonly string[]).includes(code);
}
