import type { Writable } from "node:stream";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { processRequest } from "graphql-upload-minimal";
import type { ErrorCode } from "../errors/app.error.js";
import type { Logger } from "../logging/logger.js";

/** Headers Apollo accepts as proof that a request is not a simple (CSRF-able) browser form post. */
const PREFLIGHT_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"] as const;

/**
 * Bytes of a refused body read and thrown away (never parsed) before the answer
 * is sent, so that an honest client still uploading reads the answer instead of
 * a connection reset; past this the connection is closed under it.
 */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/** Answer a refused request with a stable code; its body is discarded unparsed and the connection closed. */
function refuse(req: Request, res: Response, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let answered = false;
  const answer = () => {
    if (answered) return;
    answered = true;
    res.setHeader("connection", "close");
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
  if (req.readableEnded || req.destroyed) {
    answer();
    return;
  }
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DISCARD_LIMIT_BYTES) answer();
  });
  req.once("end", answer);
  req.once("error", () => res.destroy());
  req.resume();
}

/**
 * Refuse a multipart request before a single byte of its body is parsed unless
 * it carries a CSRF preflight header and a valid API key. Every multipart
 * operation Folio has (uploads) needs a user, so anonymous multipart bodies
 * only ever reach the parser as an attack surface. `isAuthenticated` may
 * reject with a GraphQLError carrying an unavailable-dependency code (the key
 * could not be checked): that answers 503 with the code.
 */
export function multipartGate(isAuthenticated: (req: Request) => Promise<boolean>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is("multipart/form-data")) return next();
    if (!PREFLIGHT_HEADERS.some((h) => typeof req.headers[h] === "string" && req.headers[h] !== "")) {
      refuse(req, res, 400, "BAD_REQUEST", "Multipart requests need a non-empty `apollo-require-preflight` or `x-apollo-operation-name` header.");
      return;
    }
    isAuthenticated(req).then(
      (ok) => (ok ? next() : refuse(req, res, 401, "UNAUTHENTICATED", "Uploads need a valid API key as `Authorization: Bearer <key>`.")),
      (error: unknown) => {
        // A dependency is away (the key could not be checked): answer its code now, before the body is parsed.
        const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
        if (code === "DATABASE_UNAVAILABLE" || code === "QUEUE_UNAVAILABLE" || code === "STORAGE_UNAVAILABLE") {
          refuse(req, res, 503, code, (error as Error).message);
          return;
        }
        next(error);
      },
    );
  };
}

/** An error of the multipart library: HttpError instances carry a status; parser (busboy) errors do not. */
interface ParserFailure {
  status?: number;
  message?: string;
}

/**
 * graphql-upload-minimal's parser middleware, made safe against malformed bodies.
 *
 * busboy can emit 'error' more than once for one body (a malformed part header,
 * then "Unexpected end of form" when the library destroys it), but the library
 * listens with `once`: the second error is unhandled and ends the process. The
 * library pipes the request into its busboy instance, so every stream the
 * request is piped into here gets a lasting error listener first. The first
 * error still reaches the library, which rejects the request (before the
 * operation started: this middleware answers 400 BAD_REQUEST; 413 and client
 * disconnects go on to the app's error handler as before) or the files the
 * running operation still waits for (the error formatter answers BAD_REQUEST).
 */
export function safeUploadParser(options: { maxFileSize: number; maxFiles: number; logger: Logger }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is("multipart/form-data")) return next();
    const pipe = req.pipe.bind(req);
    let parser: Writable | undefined;
    req.pipe = <T extends NodeJS.WritableStream>(destination: T, pipeOptions?: { end?: boolean }): T => {
      parser = destination as unknown as Writable;
      // Runs before the library's own listener: a parser error is the body's fault, so it gets a client status
      // (the library hands this same object to pending uploads, and the error formatter maps 4xx to BAD_REQUEST).
      parser.prependListener("error", (error: Error & { status?: number; expose?: boolean }) => {
        if (error.status === undefined) Object.assign(error, { status: 400, expose: true });
      });
      parser.on("error", (error: Error) => options.logger.debug({ err: error }, "multipart parser error"));
      return pipe(destination, pipeOptions);
    };
    processRequest(req, res, { maxFileSize: options.maxFileSize, maxFiles: options.maxFiles }).then(
      (body) => {
        req.body = body;
        res.once("finish", () => discardUnread(req, parser, options.maxFileSize));
        next();
      },
      (error: ParserFailure) => {
        if (error.status === 413 || error.status === 499) return next(error);
        options.logger.info({ reason: error.message }, "malformed multipart request refused");
        refuse(req, res, 400, "BAD_REQUEST", `The multipart request is malformed: ${error.message ?? "unreadable body"}.`);
      },
    );
  };
}

/**
 * After the answer to a multipart request is sent, read and throw away what is left of its body: the files an
 * operation refused without reading (RATE_LIMITED, a validation error, …). Unread, they stall the parser and with
 * it the kept-alive connection, and the client's next request on that connection ends in a reset instead of an
 * answer. Past `limit` bytes the connection is closed instead (the answer is already out).
 */
function discardUnread(req: Request, parser: Writable | undefined, limit: number): void {
  if (req.readableEnded || req.destroyed) return;
  if (parser) req.unpipe(parser);
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy();
  });
  req.resume();
}
