import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";
import { launchBrowser, signedInPage } from "../support/browser.js";
import { invoicePdf, writeFixtures } from "../support/fixtures.js";

/*
 * More files dropped on the web page than the server lets one WebSocket follow at once
 * (MAX_SUBSCRIPTIONS_PER_SOCKET): the rows past the cap wait for a place, say so (not "Connection lost"),
 * and follow their documents to the end as the others finish.
 */

let h: ApiHarness;
let fixtures: Awaited<ReturnType<typeof writeFixtures>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  fixtures = await writeFixtures({
    "one.pdf": await invoicePdf("7501"),
    "two.pdf": await invoicePdf("7502"),
    "three.pdf": await invoicePdf("7503"),
  });
  h = await startApiHarness({ env: { MAX_SUBSCRIPTIONS_PER_SOCKET: "1" } });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await h?.close();
  await fixtures?.remove();
});

describe("the web page following more documents than the server's cap per socket", () => {
  it("shows the rows past the cap as waiting for a place and follows every document to COMPLETED", async () => {
    const user = await h.createUser();
    const { context, page, errors } = await signedInPage(browser, h.url, user.apiKey);
    try {
      const rows = page.getByTestId("upload-item");
      const seen = new Set<string>();
      const connections = async () => {
        const states = await rows.evaluateAll((items) => items.map((i) => i.getAttribute("data-connection") ?? ""));
        for (const s of states) seen.add(s);
        return states;
      };
      await page.getByTestId("file-input").setInputFiles(["one.pdf", "two.pdf", "three.pdf"].map((f) => fixtures.path(f)));
      await expect.poll(() => rows.count()).toBe(3);
      await expect
        .poll(() => page.getByTestId("upload-message").allTextContents(), { timeout: 30_000, interval: 50 })
        .toEqual(expect.arrayContaining([expect.stringMatching(/Many documents are followed live already \(TOO_MANY_SUBSCRIPTIONS\)/)]));
      await expect
        .poll(async () => {
          await connections();
          return (await rows.evaluateAll((items) => items.map((i) => i.getAttribute("data-status")))).sort();
        }, { timeout: 90_000, interval: 50 })
        .toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
      expect(seen).toContain("waiting");
      expect(seen).not.toContain("reconnecting");
      expect(await page.getByTestId("upload-error").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
