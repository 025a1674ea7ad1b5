import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";
import { launchBrowser, signedInPage } from "../support/browser.js";
import { invoicePdf, writeFixtures } from "../support/fixtures.js";

/*
 * Files dropped on the web page beyond the account's upload budget: the page waits as long as the server's
 * RATE_LIMITED answer says and sends the file again, saying so on the file's row, instead of failing it.
 */

const WINDOW_SECONDS = 3;
let h: ApiHarness;
let fixtures: Awaited<ReturnType<typeof writeFixtures>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  fixtures = await writeFixtures({ "first.pdf": await invoicePdf("7401"), "second.pdf": await invoicePdf("7402") });
  h = await startApiHarness({ env: { UPLOAD_RATE_LIMIT: "1", RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) } });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
  await fixtures?.remove();
});

describe("the web page past the upload budget", () => {
  it("waits out RATE_LIMITED, says so on the row, and uploads every file dropped at once", async () => {
    const user = await h.createUser();
    const { context, page, errors } = await signedInPage(browser, h.url, user.apiKey);
    try {
      await page.getByTestId("file-input").setInputFiles([fixtures.path("first.pdf"), fixtures.path("second.pdf")]);
      const rows = page.getByTestId("upload-item");
      await expect.poll(() => rows.count()).toBe(2);
      // One of the two is over the budget of 1 per window: its row says it waits.
      await expect.poll(() => page.getByTestId("upload-message").allTextContents(), { timeout: 30_000, interval: 100 }).toEqual(
        expect.arrayContaining([expect.stringMatching(/Upload budget used up \(RATE_LIMITED\): retrying in \d+ s\./)]),
      );
      await expect.poll(async () => (await rows.evaluateAll((items) => items.map((i) => i.getAttribute("data-status")))).sort(), { timeout: 90_000 }).toEqual(["COMPLETED", "COMPLETED"]);
      expect(await page.getByTestId("upload-error").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
