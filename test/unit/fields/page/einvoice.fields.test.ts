import { describe, expect, it } from "vitest";
import { parseEInvoice } from "../../../../src/extraction/einvoice/einvoice.parser.js";
import type { EmbeddedEInvoice } from "../../../../src/extraction/einvoice/einvoice.types.js";
import { bestField, extractDocument } from "../../../../src/extraction/fields/index.js";
import { ciiXml, EINVOICE, ublXml } from "../../../support/einvoice.fixtures.js";
import { pageOf } from "./page.helpers.js";

const opts = { documentType: "invoice" as const, referenceDate: new Date("2024-04-01") };
const embedded = (xml: string, filename = "factur-x.xml"): EmbeddedEInvoice => ({ filename, invoice: parseEInvoice(xml) });

/** A printed invoice page whose total is `printedTotal` (German number format). */
function printedPage(printedTotal: string) {
  return pageOf([
    [50, 40, EINVOICE.seller.name, 20],
    [50, 120, `Rechnungsnummer: ${EINVOICE.number}`],
    [50, 140, "Rechnungsdatum: 15.03.2024"],
    [50, 300, "Nettobetrag 165,00"],
    [50, 320, "MwSt 19% 31,35"],
    [50, 340, `Gesamtbetrag ${printedTotal}`],
  ]);
}

describe("fields from an embedded e-invoice", () => {
  it("win over the page's readings, placed on the printed value", () => {
    const { fields } = extractDocument([printedPage("196,35")], { ...opts, einvoice: embedded(ciiXml()) });
    const total = bestField(fields, "total")!;
    expect(total).toMatchObject({ value: { amount: 196.35, currency: "EUR" }, raw: "196,35", embeddedFrom: "factur-x.xml", confidence: 0.99 });
    expect(total.box).not.toBeNull();
    expect(total.checks).toContainEqual({ name: "printed_total", passed: true, expected: 196.35, actual: 196.35 });
    expect(bestField(fields, "invoice_number")).toMatchObject({ value: EINVOICE.number, raw: EINVOICE.number, embeddedFrom: "factur-x.xml" });
    expect(bestField(fields, "document_date")).toMatchObject({ value: "2024-03-15", raw: "15.03.2024" });
  });

  it("keep the XML's total when the page prints another, with a failed printed_total check and a lower confidence", () => {
    const { fields } = extractDocument([printedPage("169,35")], { ...opts, einvoice: embedded(ciiXml()) });
    const total = bestField(fields, "total")!;
    expect(total.value).toEqual({ amount: 196.35, currency: "EUR" });
    expect(total.checks).toContainEqual({ name: "printed_total", passed: false, expected: 196.35, actual: 169.35 });
    expect(total.confidence).toBe(0.8);
    // The printed reading is kept for a person to compare.
    expect(total.alternatives?.map((a) => a.value)).toContainEqual({ amount: 169.35, currency: "EUR" });
  });

  it("keep a value printed nowhere with the XML's text, on page 1 without a box, a little less sure", () => {
    const { fields } = extractDocument([printedPage("196,35")], { ...opts, einvoice: embedded(ublXml(), "xrechnung.xml") });
    expect(bestField(fields, "order_number")).toMatchObject({ value: EINVOICE.orderReference, raw: EINVOICE.orderReference, page: 1, start: 0, end: 0, box: null, confidence: 0.95, embeddedFrom: "xrechnung.xml" });
  });

  it("leave a field the XML does not state to the page, and take the XML's currency for every amount", () => {
    const sparse = `<Invoice xmlns:cbc="u"><cbc:ID>${EINVOICE.number}</cbc:ID><cbc:DocumentCurrencyCode>CHF</cbc:DocumentCurrencyCode></Invoice>`;
    const { fields } = extractDocument([printedPage("196,35")], { ...opts, einvoice: embedded(sparse) });
    expect(bestField(fields, "invoice_number")?.embeddedFrom).toBe("factur-x.xml");
    const total = bestField(fields, "total")!;
    expect(total.embeddedFrom).toBeUndefined();
    expect(total.value).toEqual({ amount: 196.35, currency: "CHF" });
    expect(bestField(fields, "currency")?.value).toBe("CHF");
  });

  it("use the XML's lines as the line items", () => {
    const { lineItems } = extractDocument([printedPage("196,35")], { ...opts, einvoice: embedded(ciiXml()) });
    expect(lineItems.map((i) => [i.description, i.quantity, i.unitPrice?.amount, i.amount.amount])).toEqual(EINVOICE.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.amount]));
  });
});
