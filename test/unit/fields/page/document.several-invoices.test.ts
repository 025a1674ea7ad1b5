import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { buildPage } from "../../../../src/extraction/page/page.builder.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };
/** `pageOf` as page `n` of a document. */
const pageN = (n: number, items: readonly Placed[]): PageModel => {
  const p = pageOf(items);
  return buildPage(p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => ({ text: w.text, x0: w.box.x0, x1: w.box.x1, y0: w.box.y0, y1: w.box.y1, confidence: 0.9 })))), { page: n, width: 1000, height: 1000, source: "ocr" });
};

/** One seller's invoice of a marketplace order, as each seller's invoice of the order is printed on its own page. */
const sellerInvoice = (n: number, seller: string, number: string, total: string): PageModel =>
  pageN(n, [
    [600, 30, "Tax Invoice", 14],
    [50, 60, "Sold By :"],
    [50, 75, seller],
    [50, 90, "Gurgaon, Haryana, 122413"],
    [50, 200, "Order Number: 408-8838795-5054750"],
    [600, 200, `Invoice Number : ${number}`],
    [600, 215, "Invoice Date : 19.03.2025"],
    [50, 400, "Earphone case cover   1   177.12   9% CGST   15.94"],
    [50, 500, `TOTAL:   ${total}`],
    [600, 560, "Invoice Value:"],
    [600, 575, total],
  ]);

describe("a PDF holding several invoices", () => {
  it("reads the first invoice's number, seller and total, not a later invoice's total", () => {
    const fields = extractDocumentFields([sellerInvoice(1, "Alpha Retail Limited", "DEL5-11003374", "₹209.00"), sellerInvoice(2, "Beta Infocom Pvt Ltd", "DEL5-13698952", "₹319.00")], opts);
    const value = (name: string) => fields.find((f) => f.name === name)?.value;
    expect(value("invoice_number")).toBe("DEL5-11003374");
    expect(value("issuer")).toBe("Alpha Retail Limited");
    expect((value("total") as { amount: number }).amount).toBe(209);
  });

  it("still reads a multi-page invoice whole: a page repeating its number continues it", () => {
    const first = pageN(1, [
      [50, 40, "Alpha Retail Limited", 14],
      [600, 60, "Invoice Number : INV-2025-77"],
      [600, 75, "Invoice Date : 19.03.2025"],
      [50, 300, "Item one   100.00"],
    ]);
    const second = pageN(2, [
      [600, 60, "Invoice Number : INV-2025-77"],
      [50, 300, "Item two   150.00"],
      [600, 500, "Total   250.00"],
    ]);
    const fields = extractDocumentFields([first, second], opts);
    expect((fields.find((f) => f.name === "total")?.value as { amount: number }).amount).toBe(250);
  });
});
