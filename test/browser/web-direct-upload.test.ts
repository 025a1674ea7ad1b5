import { createHash } from "node:crypto";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectUploadEntity, DirectUploadStatus, DocumentEntity } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { launchBrowser, saveScreenshot } from "../support/browser.js";
import { uniqueId } from "../support/database.js";
import { invoicePdf, writeFixtures } from "../support/fixtures.js";
import { startS3Server, type TestS3Server } from "../support/s3rver.js";

/*
 * The web page sends a large file straight to the object store when the server offers it (issue 13, item 6):
 * uploadLimits → SHA-256 in the browser → requestUpload → PUT to the presigned URL → completeUpload. Small
 * files, and every file on a server that stores locally, still go through the API's multipart upload.
 */

let s3: TestS3Server;
/** The API with the s3 driver (s3rver, CORS open for PUT) and a worker. */
let h: ApiHarness;
/** The API with the local driver and a worker. */
let local: ApiHarness;
let fixtures: Awaited<ReturnType<typeof writeFixtures>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let small: Buffer;
let large: Buffer;
/** DIRECT_UPLOAD_MIN_BYTES of both servers: between the two fixtures' sizes. */
let threshold: number;

beforeAll(async () => {
  [small, large] = await Promise.all([invoicePdf("7101"), invoicePdf("7102", 4)]);
  threshold = small.length + Math.floor((large.length - small.length) / 2);
  fixtures = await writeFixtures({ "small.pdf": small, "large.pdf": large });
  const bucket = `web-direct-${uniqueId()}`;
  s3 = await startS3Server({ corsBuckets: [bucket] });
  [h, local] = await Promise.all([
    startApiHarness({
      env: {
        STORAGE_DRIVER: "s3",
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        S3_BUCKET: bucket,
        DIRECT_UPLOAD_MIN_BYTES: String(threshold),
      },
    }),
    startApiHarness({ env: { DIRECT_UPLOAD_MIN_BYTES: String(threshold) } }),
  ]);
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
  await local?.close();
  await s3?.stop();
  await fixtures?.remove();
});

/** What the page sent: GraphQL operations by name (JSON requests), multipart (relayed) uploads, and requests to the object store. */
interface Traffic {
  operations: string[];
  /** Multipart POSTs to /graphql: uploadDocument, the relay path. */
  multipart: number;
  storePuts: string[];
}

function watchTraffic(page: Page, api: ApiHarness): Traffic {
  const traffic: Traffic = { operations: [], multipart: 0, storePuts: [] };
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (url.origin === s3.endpoint && request.method() === "PUT") traffic.storePuts.push(url.pathname);
    if (url.origin !== new URL(api.url).origin || url.pathname !== "/graphql" || request.method() !== "POST") return;
    const type = request.headers()["content-type"] ?? "";
    if (type.startsWith("multipart/form-data")) {
      traffic.multipart++;
      // The page sends exactly one kind of multipart request: uploadDocument (Playwright shows no body for a File).
      return;
    }
    const query = (request.postDataJSON() as { query?: string } | null)?.query ?? "";
    traffic.operations.push(/^(?:query|mutation) (\w+)/.exec(query)?.[1] ?? "?");
  });
  return traffic;
}

async function signedIn(api: ApiHarness, user: ApiUser): Promise<{ page: Page; errors: string[]; traffic: Traffic; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const traffic = watchTraffic(page, api);
  await page.goto(api.url);
  await page.getByTestId("api-key-input").fill(user.apiKey);
  await page.getByTestId("sign-in").click();
  await page.getByTestId("user-email").waitFor();
  return { page, errors, traffic, close: () => context.close() };
}

/** Upload one file through the picker and wait until its row (the newest, at the top) shows the run's end. */
async function uploadAndFinish(page: Page, file: string): Promise<{ id: string; route: string | null; status: string | null }> {
  const rows = page.getByTestId("upload-item");
  const before = await rows.count();
  await page.getByTestId("file-input").setInputFiles(fixtures.path(file));
  await expect.poll(() => rows.count()).toBe(before + 1);
  const item = rows.first();
  await expect.poll(() => item.getAttribute("data-status"), { timeout: 60_000 }).toMatch(/^(COMPLETED|FAILED|CANCELLED|UPLOAD_FAILED)$/);
  if ((await item.getAttribute("data-status")) === "UPLOAD_FAILED") throw new Error(`upload failed: ${await item.getByTestId("upload-error").textContent()}`);
  return { id: (await item.getAttribute("data-document-id"))!, route: await item.getAttribute("data-route"), status: await item.getAttribute("data-status") };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("direct uploads from the web page", () => {
  it("s3 driver: a file from DIRECT_UPLOAD_MIN_BYTES goes requestUpload → PUT to the store → completeUpload, never through the API's multipart upload, and completes", async () => {
    const user = await h.createUser();
    const { page, errors, traffic, close } = await signedIn(h, user);
    // The page may talk to the object store: its origin is in the CSP's connect-src.
    const csp = (await fetch(h.url)).headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(new RegExp(`connect-src 'self' ${s3.endpoint.replace(/[.]/g, "\\.")}(;|$)`));

    expect(large.length).toBeGreaterThanOrEqual(threshold);
    const { id, route, status } = await uploadAndFinish(page, "large.pdf");
    expect(status).toBe("COMPLETED");
    await saveScreenshot(page, "web-direct-upload");

    // The bytes went to the store, not through the API.
    expect(traffic.multipart).toBe(0);
    expect(traffic.operations).toEqual(expect.arrayContaining(["UploadLimits", "RequestUpload", "CompleteUpload"]));
    expect(traffic.storePuts).toHaveLength(1);
    expect(traffic.storePuts[0]).toMatch(new RegExp(`/uploads/${user.id}/`));
    // The server recorded the direct upload that became this document, with the hash the browser computed.
    const uploads = await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).findBy({ ownerId: user.id });
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ status: DirectUploadStatus.COMPLETED, documentId: id, sizeBytes: large.length, sha256: sha256(large), filename: "large.pdf" });
    const document = await h.pipeline.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id });
    expect(document).toMatchObject({ sha256: sha256(large), sizeBytes: large.length, labels: ["web"] });
    expect(route).toBe("direct");

    // A file below the threshold is relayed through the API exactly as before.
    const before = traffic.operations.length;
    const smallRun = await uploadAndFinish(page, "small.pdf");
    expect(smallRun).toMatchObject({ route: "relay", status: "COMPLETED" });
    expect(traffic.multipart).toBe(1);
    expect(traffic.operations.slice(before)).not.toContain("RequestUpload");
    expect(traffic.storePuts).toHaveLength(1);
    expect(await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).countBy({ ownerId: user.id })).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });

  it("local driver: the same large file is relayed through the API (the server offers no direct uploads) and completes", async () => {
    const user = await local.createUser();
    const { page, errors, traffic, close } = await signedIn(local, user);
    const { route, status } = await uploadAndFinish(page, "large.pdf");
    expect({ route, status }).toEqual({ route: "relay", status: "COMPLETED" });
    expect(traffic.multipart).toBe(1);
    expect(traffic.operations).toContain("UploadLimits");
    expect(traffic.operations).not.toContain("RequestUpload");
    expect(traffic.storePuts).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("falls back to the API when requestUpload answers DIRECT_UPLOAD_UNSUPPORTED, and says so on the row", async () => {
    const user = await local.createUser();
    const context = await browser.newContext();
    // Limits that claim direct uploads (as from a server whose driver changed since): the server still refuses them.
    await context.route(`${local.url}/graphql`, async (route) => {
      if (!(route.request().postData() ?? "").includes("query UploadLimits")) return route.fallback();
      await route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({ data: { uploadLimits: { maxBytes: 100 * 1024 * 1024, directUploads: true, directUploadMinBytes: threshold, directUploadMaxBytes: 100 * 1024 * 1024 } } }),
      });
    });
    const page = await context.newPage();
    const traffic = watchTraffic(page, local);
    await page.goto(local.url);
    await page.getByTestId("api-key-input").fill(user.apiKey);
    await page.getByTestId("sign-in").click();
    await page.getByTestId("user-email").waitFor();

    const { route, status } = await uploadAndFinish(page, "large.pdf");
    expect({ route, status }).toEqual({ route: "relay", status: "COMPLETED" });
    expect(traffic.operations).toContain("RequestUpload");
    expect(traffic.operations).not.toContain("CompleteUpload");
    expect(traffic.multipart).toBe(1);
    expect(await page.getByTestId("upload-route-note").first().textContent()).toContain("DIRECT_UPLOAD_UNSUPPORTED");
    await context.close();
  });
});
