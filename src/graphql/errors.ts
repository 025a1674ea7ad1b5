import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { AppError, isErrorCode } from "../errors/app.error.js";
import type { Logger } from "../logging/logger.js";

/** Codes graphql-js and Apollo give to malformed requests; passed through as they are. */
const REQUEST_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "OPERATION_RESOLUTION_FAILURE", "BAD_REQUEST"]);

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
 */
export function createErrorFormatter(options: { logger: Logger; exposeStack: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const cause = rootCause(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    // Stacks help only with server faults, and only in development.
    const withStack = (ext: Record<string, unknown>) =>
      options.exposeStack && cause instanceof Error ? { ...ext, stacktrace: cause.stack?.split("\n") } : ext;
    const noStack = (ext: Record<string, unknown>) => ext;

    if (cause instanceof AppError) {
      if (cause.kind === "server") options.logger.error({ err: cause.cause ?? cause, code: cause.code }, "request failed");
      return { ...base, message: cause.message, extensions: (cause.kind === "server" ? withStack : noStack)({ code: cause.code, ...(cause.details ?? {}) }) };
    }
    if (cause instanceof ArgumentValidationError) {
      const issues = cause.extensions.validationErrors.flatMap((v) => Object.values(v.constraints ?? {}).concat((v.children ?? []).flatMap((c) => Object.values(c.constraints ?? {}))));
      return { ...base, message: "The input is invalid.", extensions: { code: "VALIDATION_FAILED", issues } };
    }
    // Apollo wraps validation-rule errors and overwrites their code; the rule's own code wins.
    const causeCode = cause instanceof GraphQLError ? cause.extensions?.code : undefined;
    const code = isErrorCode(causeCode) ? causeCode : formatted.extensions?.code;
    if (typeof code === "string" && (REQUEST_CODES.has(code) || isErrorCode(code))) {
      const { stacktrace: _dropped, http: _http, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: { ...rest, code: code === "BAD_USER_INPUT" ? "VALIDATION_FAILED" : code } };
    }
    // Errors thrown by the upload parser carry an HTTP status.
    const status = (cause as { status?: number; expose?: boolean } | undefined)?.status;
    if (status === 413) return { ...base, message: (cause as Error).message, extensions: { code: "FILE_TOO_LARGE" } };
    // A malformed multipart body (a parser error, or a file missing from the body) is a bad request, not bad input.
    if (status && status >= 400 && status < 500) return { ...base, message: `The multipart request is malformed: ${(cause as Error).message}`, extensions: { code: "BAD_REQUEST" } };
    options.logger.error({ err: cause }, "unexpected error in a GraphQL operation");
    return { message: "An internal error occurred.", path: formatted.path, extensions: withStack({ code: "INTERNAL_ERROR" }) };
  };
}
