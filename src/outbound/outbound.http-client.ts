import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { bareHost, resolveAllowedAddresses, WebhookUrlForbiddenError, type HostResolver, type ResolvedAddress, type WebhookAllowList } from "./outbound.address.js";

/** How many bytes of a response are kept for the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024;

/** The outcome of one HTTP attempt. */
export interface AttemptResult {
  /** The response status, or null when none arrived. */
  statusCode: number | null;
  latencyMs: number;
  /** The first {@link RESPONSE_EXCERPT_BYTES} of the response body. */
  responseExcerpt: string | null;
  /** Why the attempt failed before a response (timeout, refused connection, SSRF refusal). */
  error: string | null;
  /** True when the target was refused by the SSRF checks (no request was sent). */
  forbidden: boolean;
  /** For the operator's log only (e.g. the refused address), never stored where the user reads. */
  logDetails?: Readonly<Record<string, unknown>>;
}

/** One POST to make. */
export interface WebhookRequest {
  url: URL;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowList: WebhookAllowList;
  resolve?: HostResolver;
}

/**
 * A `lookup` for http.request that answers only with addresses already
 * checked, so the connection goes exactly where the SSRF check looked: a second
 * DNS query (which an attacker's name server could answer with 127.0.0.1) is
 * never made. With `all` (Happy Eyeballs) every checked address is offered.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/**
 * An http(s) agent for `url` whose every connection goes to the checked
 * `addresses` (via {@link pinnedLookup}), for clients that take an agent
 * rather than a lookup (the minio S3 client's `transportAgent`). No keep-alive:
 * each request of a delivery reconnects to a checked address, and nothing
 * outlives the delivery that checked it.
 */
export function pinnedAgent(url: URL, addresses: readonly ResolvedAddress[]): http.Agent {
  const options = { lookup: pinnedLookup(addresses), keepAlive: false };
  return url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
}

/**
 * POST a webhook: resolve and check the target (refusing non-public
 * addresses), connect only to the checked addresses, follow no redirects, and
 * give up after `timeoutMs` in all (DNS, connect, response headers and excerpt).
 * Never throws: every outcome is an {@link AttemptResult} for the delivery log.
 */
export async function postWebhook(request: WebhookRequest): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    let addresses: ResolvedAddress[];
    try {
      addresses = await Promise.race([
        resolveAllowedAddresses(request.url, request.allowList, request.resolve),
        new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(new Error(`DNS lookup timed out after ${request.timeoutMs} ms`)), { once: true })),
      ]);
    } catch (error) {
      const forbidden = error instanceof WebhookUrlForbiddenError;
      return { statusCode: null, latencyMs: elapsed(), responseExcerpt: null, error: forbidden ? `SSRF protection: ${error.message}` : (error as Error).message, forbidden, logDetails: forbidden ? error.logDetails : undefined };
    }
    return await send(request, addresses, controller.signal, elapsed);
  } finally {
    clearTimeout(timer);
  }
}

function send(request: WebhookRequest, addresses: ResolvedAddress[], signal: AbortSignal, elapsed: () => number): Promise<AttemptResult> {
  const { url } = request;
  const client = url.protocol === "https:" ? https : http;
  const body = Buffer.from(request.body, "utf8");
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, "latencyMs" | "forbidden">) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, latencyMs: elapsed(), forbidden: false });
    };
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: bareHost(url.hostname),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: { ...request.headers, "content-length": String(body.length) },
        lookup: pinnedLookup(addresses),
        // No pooled sockets: a kept-alive connection was checked for another request.
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => {
          finish({ statusCode: res.statusCode ?? null, responseExcerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8"), error: null });
          res.destroy();
        };
        res.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          // The rest of a large body is of no use to the log: stop reading it.
          if (kept >= RESPONSE_EXCERPT_BYTES) done();
        });
        res.on("end", done);
        res.on("error", (error) => {
          // A response that breaks off after its status still counts by its status.
          if (res.statusCode) done();
          else finish({ statusCode: null, responseExcerpt: null, error: error.message });
        });
      },
    );
    req.on("error", (error) => {
      const aborted = signal.aborted || error.name === "AbortError";
      finish({ statusCode: null, responseExcerpt: null, error: aborted ? `Timed out after ${request.timeoutMs} ms` : `${(error as NodeJS.ErrnoException).code ?? "ERROR"}: ${error.message}` });
    });
    req.end(body);
  });
}
