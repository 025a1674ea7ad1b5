import { AppError } from "../errors/app.error.js";

/**
 * Characters of `Document.text(limit:)` that cost one point of query
 * complexity: `text(limit: 1000000)` costs 1,000, the default limit (100,000) 100.
 */
export const TEXT_CHARS_PER_COST_POINT = 1_000;

/** Complexity of a `text` field asking for `limit` characters (rounded up; at least 1). */
export function textComplexity(limit: unknown, childComplexity: number): number {
  const chars = typeof limit === "number" && Number.isFinite(limit) && limit > 0 ? limit : 0;
  return 1 + Math.ceil(chars / TEXT_CHARS_PER_COST_POINT) + childComplexity;
}

/**
 * Bytes of document text already put into each operation's response, keyed by
 * the operation's context object (a fresh one per HTTP request and per
 * WebSocket operation), so nothing has to be added to the context itself and
 * nothing outlives the operation.
 */
const spent = new WeakMap<object, number>();

/**
 * Account `bytes` of text for the operation of `context`, or throw
 * RESPONSE_TOO_LARGE when they would take it past `maxBytes`. Text fields are
 * resolved in parallel; each reserves its own bytes, so the cap holds exactly.
 */
export function chargeResponseText(context: object, bytes: number, maxBytes: number): void {
  const before = spent.get(context) ?? 0;
  if (before + bytes > maxBytes) {
    throw new AppError("RESPONSE_TOO_LARGE", `This text would take the response past ${maxBytes} bytes of document text; ask for smaller slices (offset/limit) or fewer documents per request.`, {
      details: { maxResponseTextBytes: maxBytes },
    });
  }
  spent.set(context, before + bytes);
}
