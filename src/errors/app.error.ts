/**
 * One error family for the whole service. Every error a client or a document can
 * cause carries a stable machine-readable `code` from {@link ERROR_CODES}; the
 * GraphQL layer maps it to `extensions.code` and the pipeline stores it on the
 * FAILED document. Messages are for humans and may change; codes may not.
 */

/** Who caused an error, which decides how it is reported and whether it is retried. */
export type ErrorKind = "client" | "document" | "server";

interface ErrorCodeInfo {
  kind: ErrorKind;
  /** HTTP status the code maps to where one applies. */
  httpStatus: number;
  /** Default human message. */
  message: string;
}

/** Every stable error code with its meaning. README's error table is written from this. */
export const ERROR_CODES = {
  // Client mistakes.
  VALIDATION_FAILED: { kind: "client", httpStatus: 400, message: "The request is invalid." },
  BAD_REQUEST: { kind: "client", httpStatus: 400, message: "The request body is malformed or lacks a required header." },
  UNAUTHENTICATED: { kind: "client", httpStatus: 401, message: "A valid API key is required." },
  FORBIDDEN: { kind: "client", httpStatus: 403, message: "You are not allowed to do this." },
  NOT_FOUND: { kind: "client", httpStatus: 404, message: "Not found." },
  CONFLICT: { kind: "client", httpStatus: 409, message: "The request conflicts with the current state." },
  FILE_TOO_LARGE: { kind: "client", httpStatus: 413, message: "The file exceeds the upload size limit." },
  RATE_LIMITED: { kind: "client", httpStatus: 429, message: "Too many requests; retry later." },
  DUPLICATE_DOCUMENT: { kind: "client", httpStatus: 409, message: "You already uploaded a file with the same content." },
  QUERY_TOO_DEEP: { kind: "client", httpStatus: 400, message: "The query is nested too deeply." },
  QUERY_TOO_COMPLEX: { kind: "client", httpStatus: 400, message: "The query is too complex." },
  INTROSPECTION_DISABLED: { kind: "client", httpStatus: 400, message: "Schema introspection is disabled on this server." },
  OPERATION_NOT_ALLOWED: { kind: "client", httpStatus: 400, message: "This kind of operation is not accepted on this transport." },
  TOO_MANY_ALIASES: { kind: "client", httpStatus: 400, message: "The query selects one field too many times in one place." },
  RESPONSE_TOO_LARGE: { kind: "client", httpStatus: 400, message: "The operation asked for more document text than one response may carry." },
  TOO_MANY_SUBSCRIPTIONS: { kind: "client", httpStatus: 429, message: "Too many subscriptions are open; complete some first." },
  // A WebSocket close reason (code 4420), never a GraphQL error: the socket is gone when it is known.
  SLOW_CONSUMER: { kind: "client", httpStatus: 429, message: "The connection read its events too slowly and was closed; reconnect and resume with afterSeq." },
  WEBHOOK_URL_FORBIDDEN: { kind: "client", httpStatus: 422, message: "Webhooks may not be sent to this address." },
  TOO_MANY_FILES: { kind: "client", httpStatus: 413, message: "The request carries more files than allowed." },
  LIMIT_EXCEEDED: { kind: "client", httpStatus: 409, message: "You already have as many of these as a user may have." },
  DIRECT_UPLOAD_UNSUPPORTED: { kind: "client", httpStatus: 501, message: "Direct uploads need the s3 storage driver; upload through the API instead." },
  UPLOAD_NOT_FOUND: { kind: "client", httpStatus: 404, message: "No such direct upload of yours." },
  UPLOAD_EXPIRED: { kind: "client", httpStatus: 410, message: "The direct upload expired before it was completed; request a new one." },
  UPLOAD_NOT_RECEIVED: { kind: "client", httpStatus: 409, message: "The object store has not received the file yet; PUT it to the upload URL, then complete the upload." },
  UPLOAD_SIZE_MISMATCH: { kind: "client", httpStatus: 422, message: "The uploaded file's size is not the size declared when the upload was requested." },
  UPLOAD_CHECKSUM_MISMATCH: { kind: "client", httpStatus: 422, message: "The uploaded file's SHA-256 is not the one declared when the upload was requested." },
  UNKNOWN_FIELD: { kind: "client", httpStatus: 400, message: "There is no field of that name." },
  UNKNOWN_DOCUMENT_TYPE: { kind: "client", httpStatus: 400, message: "There is no document type of that name." },
  INVALID_FIELD_VALUE: { kind: "client", httpStatus: 422, message: "The value cannot be read as a value of this field." },
  INVALID_BOX: { kind: "client", httpStatus: 422, message: "The box is not a box on a page of this document." },
  DOCUMENT_NOT_CORRECTABLE: { kind: "client", httpStatus: 409, message: "Only a completed document can be corrected." },
  // Documents that cannot be processed (permanent; never retried).
  UNSUPPORTED_MEDIA_TYPE: { kind: "document", httpStatus: 415, message: "The file type is not supported." },
  EMPTY_FILE: { kind: "document", httpStatus: 422, message: "The file is empty." },
  CORRUPT_FILE: { kind: "document", httpStatus: 422, message: "The file is damaged or unreadable." },
  PDF_ENCRYPTED: { kind: "document", httpStatus: 422, message: "The PDF is encrypted and no valid password was given." },
  TOO_MANY_PAGES: { kind: "document", httpStatus: 422, message: "The document has more pages than allowed." },
  IMAGE_TOO_LARGE: { kind: "document", httpStatus: 422, message: "The image has more pixels than allowed." },
  TEXT_TOO_LARGE: { kind: "document", httpStatus: 422, message: "The document holds more text than allowed." },
  PROCESSING_TIMEOUT: { kind: "document", httpStatus: 422, message: "Processing took longer than allowed." },
  RESOURCE_LIMIT: { kind: "document", httpStatus: 422, message: "Processing exceeded a memory or resource limit." },
  CANCELLED: { kind: "document", httpStatus: 409, message: "Processing was cancelled." },
  WORKER_CRASHED: { kind: "document", httpStatus: 422, message: "The worker processing this document died too many times." },
  UNSTORABLE_DATA: { kind: "document", httpStatus: 422, message: "The database refused data produced from this document." },
  // The searchable PDF step only: its failure is recorded on the step, never on the document.
  SEARCHABLE_PDF_UNSUPPORTED: { kind: "document", httpStatus: 422, message: "No searchable PDF could be made from this original (e.g. an encrypted PDF); the document itself was processed." },
  // Server-side trouble (transient; retried where it makes sense).
  STORAGE_UNAVAILABLE: { kind: "server", httpStatus: 503, message: "The object store is unavailable." },
  DATABASE_UNAVAILABLE: { kind: "server", httpStatus: 503, message: "The database is unavailable." },
  QUEUE_UNAVAILABLE: { kind: "server", httpStatus: 503, message: "The job queue is unavailable." },
  DELIVERY_FAILED: { kind: "server", httpStatus: 502, message: "The destination did not accept the delivery." },
  LEASE_LOST: { kind: "server", httpStatus: 409, message: "This run no longer holds the document; another run took it over." },
  INTERNAL_ERROR: { kind: "server", httpStatus: 500, message: "An internal error occurred." },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `value` is one of the stable codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** Base of every error that carries a stable code. */
export class AppError extends Error {
  override readonly name: string = "AppError";
  readonly code: ErrorCode;
  /** Small, serialisable, safe-to-show facts about the error (never secrets or stack traces). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Facts for the operator's log only, never shown to the client (e.g. the address a refused host resolved to). */
  readonly logDetails?: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message?: string, options?: { details?: Record<string, unknown>; logDetails?: Record<string, unknown>; cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
    this.logDetails = options?.logDetails;
  }

  /** Whether the error was caused by the caller or the document rather than by the server. */
  get kind(): ErrorKind {
    return ERROR_CODES[this.code].kind;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }
}

/** The caller's input broke a rule; `details.issues` lists each problem. */
export class ValidationError extends AppError {
  override readonly name = "ValidationError";
  constructor(message: string, issues?: readonly string[]) {
    super("VALIDATION_FAILED", message, issues ? { details: { issues } } : undefined);
  }
}

/** The thing does not exist, or the caller may not know that it exists. */
export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  constructor(what = "Resource") {
    super("NOT_FOUND", `${what} not found.`);
  }
}

/** No valid credentials were presented. */
export class UnauthenticatedError extends AppError {
  override readonly name = "UnauthenticatedError";
  constructor(message?: string) {
    super("UNAUTHENTICATED", message);
  }
}

/** Valid credentials, but not enough rights. */
export class ForbiddenError extends AppError {
  override readonly name = "ForbiddenError";
  constructor(message?: string) {
    super("FORBIDDEN", message);
  }
}

/** A stream went past its byte limit. */
export class FileTooLargeError extends AppError {
  override readonly name = "FileTooLargeError";
  constructor(readonly limitBytes: number) {
    super("FILE_TOO_LARGE", `The file exceeds the limit of ${limitBytes} bytes.`, { details: { limitBytes } });
  }
}

/** The file is not of a type Folio processes. */
export class UnsupportedMediaTypeError extends AppError {
  override readonly name = "UnsupportedMediaTypeError";
  constructor(message?: string, details?: Record<string, unknown>) {
    super("UNSUPPORTED_MEDIA_TYPE", message, details ? { details } : undefined);
  }
}

/** A per-user cap (API keys, destinations, webhooks) is reached; `details` name the resource and the limit. */
export class LimitExceededError extends AppError {
  override readonly name = "LimitExceededError";
  constructor(
    readonly resource: string,
    readonly limit: number,
    message: string,
  ) {
    super("LIMIT_EXCEEDED", message, { details: { resource, limit } });
  }
}

/** The object store could not be reached or refused an operation. */
export class StorageUnavailableError extends AppError {
  override readonly name = "StorageUnavailableError";
  constructor(message: string, cause?: unknown) {
    super("STORAGE_UNAVAILABLE", message, { cause });
  }
}

/**
 * True for PostgreSQL's class 22 "data exception" (`22P05` unsupported Unicode
 * escape such as `\u0000` in jsonb, `22021` invalid byte sequence, `22001`
 * value too long…): the database refuses these values deterministically, so a
 * retry would fail the same way.
 */
export function isDataException(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    // TypeORM's QueryFailedError copies the driver's fields and keeps the original as `driverError`.
    for (const candidate of [e, (e as { driverError?: unknown }).driverError]) {
      const code = (candidate as { code?: unknown } | undefined)?.code;
      if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
    }
  }
  return false;
}

