import { pino, type Logger } from "pino";

export type { Logger };

/**
 * The process-wide structured JSON logger. Child loggers carry `requestId` or
 * `documentId` so every line of one request or document can be found together.
 */
export function createLogger(options: { level: string; name?: string; stderr?: boolean }): Logger {
  return pino(
    {
    name: options.name ?? "folio",
    level: options.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials must never reach a log line, whichever object they ride in on.
    redact: {
      paths: ["authorization", "*.authorization", "headers.authorization", "password", "*.password", "apiKey", "*.apiKey", "secret", "*.secret"],
      censor: "[redacted]",
    },
    serializers: { err: pino.stdSerializers.err },
    },
    // Short-lived CLI commands keep stdout for their output (e.g. --json), so their logs go to stderr.
    options.stderr ? pino.destination(2) : pino.destination(1),
  );
}
