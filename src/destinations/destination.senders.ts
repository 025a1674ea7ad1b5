/**
 * The senders of delivery destinations. Both connect only to addresses that
 * passed the SSRF check (the webhook rules): the destination's host is resolved
 * once, every address is checked, and the connection is pinned to those
 * addresses, so a name server that answers "public" to the check and
 * "127.0.0.1" a moment later (DNS rebinding) never gets a request into the
 * server's own network.
 */
import type { DestinationEntity } from "../db/entities/index.js";
import { AppError } from "../errors/app.error.js";
import type { ObjectStore } from "../storage/object-store.js";
import { S3ObjectStore } from "../storage/s3.store.js";
import { pinnedAgent, postWebhook } from "../outbound/outbound.http-client.js";
import { parseWebhookUrl, resolveAllowedAddresses, WebhookUrlForbiddenError, type HostResolver, type WebhookAllowList } from "../outbound/outbound.address.js";
import type { S3DestinationSettings } from "./destination.service.js";

/** What a delivery sends: the stored result JSON and processed text of a completed document. */
export interface DeliveryPayload {
  documentId: string;
  resultKey: string;
  textKey: string;
}

/** How a delivery went, for the step's output summary. */
export type DeliveryOutcome = Record<string, unknown>;

/** Options shared by senders. */
export interface SendOptions {
  store: ObjectStore;
  timeoutMs: number;
  /** Private, loopback and link-local targets the operator allowed (WEBHOOK_ALLOWED_HOSTS); all others are refused. */
  allowList: WebhookAllowList;
  /** Resolves the destination's host for the check; the system resolver by default (tests inject their own). */
  resolve?: HostResolver;
}

async function readObject(store: ObjectStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Copy the result JSON and the processed text into the destination bucket under `<prefix><documentId>/`. */
async function sendToS3(destination: DestinationEntity, secret: string | null, payload: DeliveryPayload, options: SendOptions): Promise<DeliveryOutcome> {
  const settings = destination.config as unknown as S3DestinationSettings;
  if (!secret) throw new AppError("VALIDATION_FAILED", "The destination's secret key cannot be read (was SIGNING_SECRET changed?).");
  const endpoint = parseWebhookUrl(settings.endpoint);
  const addresses = await resolveAllowedAddresses(endpoint, options.allowList, options.resolve);
  const target = new S3ObjectStore({
    endpoint: settings.endpoint,
    region: settings.region,
    bucket: settings.bucket,
    accessKey: settings.accessKey,
    secretKey: secret,
    pathStyle: settings.pathStyle,
    partSizeBytes: 8 * 1024 * 1024,
    createBucket: false,
    // minio resolves the endpoint's name for every request: its agent answers with the checked addresses only.
    transportAgent: pinnedAgent(endpoint, addresses),
  });
  const keys: string[] = [];
  for (const [source, name, contentType] of [
    [payload.resultKey, "result.json", "application/json"],
    [payload.textKey, "text.txt", "text/plain; charset=utf-8"],
  ] as const) {
    const key = `${settings.prefix}${payload.documentId}/${name}`;
    const stat = await options.store.stat(source);
    await target.put(key, await options.store.get(source), { maxBytes: (stat?.sizeBytes ?? 0) + 1, contentType });
    keys.push(key);
  }
  return { bucket: settings.bucket, keys };
}

/** POST the result JSON to the endpoint (through the webhooks' pinned HTTP client); a 2xx answer is success. */
async function sendToHttp(destination: DestinationEntity, secret: string | null, payload: DeliveryPayload, options: SendOptions): Promise<DeliveryOutcome> {
  const url = parseWebhookUrl(String(destination.config.url));
  const body = (await readObject(options.store, payload.resultKey)).toString("utf8");
  const result = await postWebhook({
    url,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "Folio-Delivery/1",
      "folio-document": payload.documentId,
      ...(secret ? { authorization: secret } : {}),
    },
    timeoutMs: options.timeoutMs,
    allowList: options.allowList,
    resolve: options.resolve,
  });
  if (result.forbidden) throw new WebhookUrlForbiddenError(result.error ?? `Deliveries may not be sent to ${url.hostname}.`, { host: url.hostname });
  if (result.statusCode === null) throw new AppError("DELIVERY_FAILED", `The endpoint did not answer: ${result.error ?? "no response"}`);
  const excerpt = (result.responseExcerpt ?? "").slice(0, 200);
  if (result.statusCode < 200 || result.statusCode > 299) {
    throw new AppError("DELIVERY_FAILED", `The endpoint answered HTTP ${result.statusCode}${excerpt ? `: ${excerpt}` : ""}`);
  }
  return { statusCode: result.statusCode, latencyMs: result.latencyMs, bytes: Buffer.byteLength(body) };
}

/** Send a completed document's results to one destination. */
export function sendToDestination(destination: DestinationEntity, secret: string | null, payload: DeliveryPayload, options: SendOptions): Promise<DeliveryOutcome> {
  return destination.kind === "s3" ? sendToS3(destination, secret, payload, options) : sendToHttp(destination, secret, payload, options);
}
