import { Readable } from "node:stream";
import type { DestinationEntity } from "../db/entities/index.js";
import { AppError } from "../errors/app.error.js";
import type { ObjectStore } from "../storage/object-store.js";
import { S3ObjectStore } from "../storage/s3.store.js";
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
  /** Refuses addresses an endpoint may not have (server-side request forgery guard). */
  assertAllowedUrl(url: string): Promise<void>;
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
  await options.assertAllowedUrl(settings.endpoint);
  const target = new S3ObjectStore({
    endpoint: settings.endpoint,
    region: settings.region,
    bucket: settings.bucket,
    accessKey: settings.accessKey,
    secretKey: secret,
    pathStyle: settings.pathStyle,
    partSizeBytes: 8 * 1024 * 1024,
    createBucket: false,
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

/** POST the result JSON to the endpoint; a 2xx answer is success. */
async function sendToHttp(destination: DestinationEntity, secret: string | null, payload: DeliveryPayload, options: SendOptions): Promise<DeliveryOutcome> {
  const url = String(destination.config.url);
  await options.assertAllowedUrl(url);
  const body = await readObject(options.store, payload.resultKey);
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: Readable.toWeb(Readable.from([body])) as ReadableStream,
      duplex: "half",
      headers: {
        "content-type": "application/json",
        "user-agent": "Folio-Delivery/1",
        "folio-document": payload.documentId,
        ...(secret ? { authorization: secret } : {}),
      },
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    } as RequestInit);
  } catch (error) {
    throw new AppError("DELIVERY_FAILED", `The endpoint did not answer: ${(error as Error).message}`, { cause: error });
  }
  const latencyMs = Math.round(performance.now() - started);
  const excerpt = (await response.text().catch(() => "")).slice(0, 200);
  if (!response.ok) throw new AppError("DELIVERY_FAILED", `The endpoint answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ""}`);
  return { statusCode: response.status, latencyMs, bytes: body.length };
}

/** Send a completed document's results to one destination. */
export function sendToDestination(destination: DestinationEntity, secret: string | null, payload: DeliveryPayload, options: SendOptions): Promise<DeliveryOutcome> {
  return destination.kind === "s3" ? sendToS3(destination, secret, payload, options) : sendToHttp(destination, secret, payload, options);
}
