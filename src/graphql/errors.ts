import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { AppError, ERROR_CODES, isErrorCode, type ErrorCode } from "../errors/app.error.js";
import { toAppError } from "../errors/error.normaliser.js";
import type { Logger } from "../logging/logger.js";

/**
 * Codes graphql-js and Apollo give to malformed requests, all client mistakes:
 * passed through as they are (BAD_USER_INPUT becomes VALIDATION_FAILED), with
 * the HTTP status of {@link requestErrorStatus}.
 */
export const REQUEST_CODES: ReadonlyMap<string, number> = new Map([
  ["GRAPHQL_PARSE_FAILED", 400],
  ["GRAPHQL_VALIDATION_FAILED", 400],
  ["BAD_USER_INPUT", 400],
  ["BAD_REQUEST", 400],
  ["OPERATION_RESOLUTION_FAILURE", 400],
  // Automatic persisted queries: a protocol step the client answers by resending the query; Apollo answers 200.
  ["PERSISTED_QUERY_NOT_FOUND", 200],
  ["PERSISTED_QUERY_NOT_SUPPORTED", 200],
]);

/** Codes of a dependency that is unreachable right now (HTTP 503: retry later; nothing is wrong with the request). */
export const UNAVAILABLE_CODES: ReadonlySet<ErrorCode> = new Set(["DATABASE_UNAVAILABLE", "QUEUE_UNAVAILABLE", "STORAGE_UNAVAILABLE"]);

/**
 * The HTTP status a request that failed before execution (no `data`) should
 * get for an error code: the code's own status for Folio's client codes and
 * for an unavailable dependency (503), 400 (or Apollo's) for graphql-js/Apollo
 * request codes, null for anything else (a server fault keeps Apollo's 500).
 */
export function requestErrorStatus(code: unknown): number | null {
  if (typeof code !== "string") return null;
  if (REQUEST_CODES.has(code)) return REQUEST_CODES.get(code)!;
  if (isErrorCode(code) && (ERROR_CODES[code].kind === "client" || UNAVAILABLE_CODES.has(code))) return ERROR_CODES[code].httpStatus;
  return null;
}

/**
 * What a thrown error means when a dependency is away: the AppError with
 * DATABASE_UNAVAILABLE / QUEUE_UNAVAILABLE / STORAGE_UNAVAILABLE
 * ({@link toAppError} decides), or null for any other error.
 */
export function unavailability(error: unknown): AppError | null {
  if (error instanceof GraphQLError && !(error.originalError instanceof AppError)) return null;
  const mapped = toAppError(error instanceof GraphQLError ? error.originalError : error);
  return UNAVAILABLE_CODES.has(mapped.code) ? mapped : null;
}

/**
 * The stable code of an error thrown by the multipart parser
 * (graphql-upload-minimal's HTTP errors carry only a status and a message):
 * TOO_MANY_FILES for its file-count limit, FILE_TOO_LARGE for its other 413s,
 * VALIDATION_FAILED for other 4xx, null for anything else.
 */
export function uploadParserErrorCode(error: unknown): ErrorCode | null {
  const { status, message } = (error ?? {}) as { status?: unknown; message?: unknown };
  if (typeof status !== "number" || status < 400 || status >= 500) return null;
  if (typeof message === "string" && / max file uploads exceeded\.$/.test(message)) return "TOO_MANY_FILES";
  return status === 413 ? "FILE_TOO_LARGE" : "BAD_REQUEST";
}

/** graphql-js's spelling suggestions ("Did you mean …?"), which name schema members introspection would hide. */
const SUGGESTION = / ?Did you mean (.+?)\?/g;

/** Walk `originalError` links down to what a resolver threw. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++) current = current.originalError;
  return current;
}

/**
 * Turn any error into what a client may see: a stable `extensions.code`, a
 * human message, and never a stack trace (unless `exposeStack`, in
 * development). Server-side failures are logged and shown generically.
 * `hideSchemaDetails` (when introspection is off) removes graphql-js's
 * "Did you mean …?" suggestions from every message, including the variable
 * coercion errors Apollo's own option does not reach.
 */
export function createErrorFormatter(options: { logger: Logger; exposeStack: boolean; hideSchemaDetails?: boolean }) {
  const format = createFormatter(options);
  if (!options.hideSchemaDetails) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    return { ...result, message: result.message.replace(SUGGESTION, "") };
  };
}

function createFormatter(options: { logger: Logger; exposeStack: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const root = rootCause(error);
    // A driver error of a dependency that went away (pg's ECONNREFUSED, an ioredis timeout) gets its code, not INTERNAL_ERROR.
    const cause = root instanceof AppError || root instanceof GraphQLError ? root : (unavailability(root) ?? root);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    // Stacks help only with server faults, and only in development.
    const withStack = (ext: Record<string, unknown>) =>
      options.exposeStack && cause instanceof Error ? { ...ext, stacktrace: cause.stack?.split("\n") } : ext;
    const noStack = (ext: Record<string, unknown>) => ext;

    if (cause instanceof AppError) {
      if (cause.kind === "server") options.logger.error({ err: cause.cause ?? cause, code: cause.code }, "request failed");
      // Facts the client must not see (e.g. what a refused webhook host resolved to) go to the operator.
      else if (cause.logDetails) options.logger.warn({ ...cause.logDetails, code: cause.code }, cause.message);
      return { ...base, message: cause.message, extensions: (cause.kind === "server" ? withStack : noStack)({ code: cause.code, ...(cause.details ?? {}) }) };
    }
    if (cause instanceof ArgumentValidationError) {
      const issues = cause.extensions.validationErrors.flatMap((v) => Object.values(v.constraints ?? {}).concat((v.children ?? []).flatMap((c) => Object.values(c.constraints ?? {}))));
      return { ...base, message: "The input is invalid.", extensions: { code: "VALIDATION_FAILED", issues } };
    }
    // Apollo wraps validation-rule errors and overwrites their code; the rule's own code wins.
    const causeCode = cause instanceof GraphQLError ? cause.extensions?.code : undefined;
    const code = isErrorCode(causeCode) ? causeCode : formatted.extensions?.code;
    if (typeof code === "string" && (REQUEST_CODES.has(code) || isErrorCode(code)) && code !== "INTERNAL_ERROR") {
      const { stacktrace: _dropped, http: _http, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: { ...rest, code: code === "BAD_USER_INPUT" ? "VALIDATION_FAILED" : code } };
    }
    // Errors thrown by the upload parser carry an HTTP status.
    // A malformed multipart body (a parser error, or a file missing from the body) is a bad request, not bad input.
    const parserCode = uploadParserErrorCode(cause);
    if (parserCode === "BAD_REQUEST") return { ...base, message: `The multipart request is malformed: ${(cause as Error).message}`, extensions: { code: parserCode } };
    if (parserCode) return { ...base, message: (cause as Error).message, extensions: { code: parserCode } };
    options.logger.error({ err: cause }, "unexpected error in a GraphQL operation");
    return { message: "An internal error occurred.", path: formatted.path, extensions: withStack({ code: "INTERNAL_ERROR" }) };
  };
}
