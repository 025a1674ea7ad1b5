import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Header names of a webhook request. */
export const WEBHOOK_HEADERS = {
  event: "Folio-Event",
  delivery: "Folio-Delivery",
  signature: "Folio-Signature",
} as const;

/** What receivers see as the client. */
export const WEBHOOK_USER_AGENT = "Folio-Webhooks/1";

/** A new signing secret: 32 random bytes, recognisable by its prefix when it leaks into logs or repositories. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Hex HMAC-SHA256 of `"<t>.<body>"` under the secret (its UTF-8 bytes, prefix included). */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/**
 * The `Folio-Signature` header value, `t=<unix seconds>,v1=<hex>` as Stripe
 * does: the timestamp is signed too, so receivers can refuse replays of old
 * requests, and `v1` leaves room for another scheme during a migration.
 */
export function signatureHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

/**
 * Verify a `Folio-Signature` header against the raw body (what receivers do;
 * used by the tests). Any `v1` entry may match, so several secrets can be valid
 * while one is rotated. `toleranceSeconds` bounds the age of the timestamp.
 */
export function verifySignature(secret: string, header: string, body: string, options: { toleranceSeconds?: number; now?: Date } = {}): boolean {
  const parts = header.split(",").map((p) => p.trim().split("=", 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t)) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > tolerance) return false;
  const expected = Buffer.from(computeSignature(secret, t, body), "hex");
  return parts.some(([k, v]) => k === "v1" && v !== undefined && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, "hex"), expected));
}
