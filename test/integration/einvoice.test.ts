import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import type { ExtractedField, LineItem } from "../../src/extraction/extraction.types.js";
import { bestField } from "../../src/extraction/fields/index.js";
import { ciiXml, EINVOICE, misleadingInvoiceLines, pdfWithAttachment, utf16 } from "../support/einvoice.fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/**
 * A PDF that carries its invoice twice, printed for people and as Factur-X XML
 * for machines, goes through the real pipeline (PDF sandbox, steps, PostgreSQL,
 * queue, storage); the XML's values are the document's fields.
 */

let h: PipelineHarness;
let ownerId: string;

beforeAll(async () => {
  h = await startHarness();
  ownerId = (await h.createUser()).id;
});
afterAll(async () => {
  await h?.close();
});

async function process(pdf: Buffer, filename: string): Promise<DocumentEntity> {
  const submitted = await h.submitBytes(ownerId, pdf, filename, "application/pdf");
  const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.errorCode).toBeNull();
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
  return doc;
}

async function extractTextSummary(doc: DocumentEntity): Promise<Record<string, unknown>> {
  const step = (await h.steps(doc.id)).find((s) => s.name === "extract_text");
  return step?.output ?? {};
}

/** Field values by name, for comparing two readings. */
const values = (doc: DocumentEntity) => Object.fromEntries((doc.fields as ExtractedField[]).map((f) => [f.name, f.value]));

describe("a PDF with an embedded e-invoice (Factur-X)", () => {
  it("takes the invoice's fields from the XML where the printed layout misleads, placed where they are printed", async () => {
    // A number of its own, so the bytes differ from every other test's.
    const truth = { ...EINVOICE, number: "RE-2024-0901" };
    const doc = await process(await pdfWithAttachment(misleadingInvoiceLines(truth), { xml: ciiXml(truth), filename: "factur-x.xml" }), "factur-x-invoice.pdf");
    const fields = doc.fields as ExtractedField[];
    const field = (name: ExtractedField["name"]) => bestField(fields, name);

    expect(doc.documentType).toBe("invoice");
    expect(doc.typeConfidence).toBeGreaterThan(0.7);

    // The page prints the customer number first ("Customer no. / Invoice no.: 40012 / RE-…"): the XML says which is which.
    expect(field("invoice_number")).toMatchObject({ value: truth.number, raw: truth.number, embeddedFrom: "factur-x.xml", page: 1 });
    expect(field("invoice_number")!.confidence).toBeGreaterThanOrEqual(0.95);
    expect(field("invoice_number")!.box).not.toBeNull();
    // The page's own reading stays as the alternative.
    expect(field("invoice_number")!.alternatives?.map((a) => a.value)).toContain("40012");
    expect(field("customer_number")).toMatchObject({ value: truth.buyer.id, embeddedFrom: "factur-x.xml" });

    // The recipient's block is printed above the letterhead: the XML names the seller.
    expect(field("issuer")).toMatchObject({ value: truth.seller.name, raw: truth.seller.name, embeddedFrom: "factur-x.xml" });
    expect(field("recipient")?.value).toBe(truth.buyer.name);
    // The order date is printed first; the XML's issue date is the one printed as "15.03.2024".
    expect(field("document_date")).toMatchObject({ value: truth.issueDate, raw: "15.03.2024" });
    expect(field("due_date")).toMatchObject({ value: truth.dueDate, embeddedFrom: "factur-x.xml", start: 0, end: 0, box: null });

    expect(field("total")).toMatchObject({ value: { amount: truth.totals.grandTotal, currency: "EUR" }, raw: "196,35 EUR", embeddedFrom: "factur-x.xml" });
    expect(field("total")!.checks).toEqual([
      { name: "subtotal_plus_tax", passed: true, expected: 196.35, actual: 196.35 },
      { name: "line_items_sum", passed: true, expected: 165, actual: 165 },
      { name: "printed_total", passed: true, expected: 196.35, actual: 196.35 },
    ]);
    expect(field("subtotal")?.value).toEqual({ amount: 165, currency: "EUR" });
    expect(field("tax")?.value).toEqual({ amount: 31.35, currency: "EUR" });
    expect(field("currency")?.value).toBe("EUR");
    expect(field("vat_id")?.value).toBe(truth.seller.vatId);
    expect(field("iban")).toMatchObject({ value: truth.iban, raw: "DE89 3704 0044 0532 0130 00" });
    expect(field("order_number")?.value).toBe(truth.orderReference);

    // The XML's lines, placed on the printed rows with the same amounts.
    const items = doc.lineItems as LineItem[];
    expect(items.map((i) => ({ description: i.description, quantity: i.quantity, amount: i.amount.amount }))).toEqual(truth.lines.map((l) => ({ description: l.description, quantity: l.quantity, amount: l.amount })));
    expect(items.every((i) => i.box !== null)).toBe(true);

    expect(await extractTextSummary(doc)).toMatchObject({ einvoice: { file: "factur-x.xml", syntax: "cii", kind: "invoice" } });
  });

  it("reads a PDF whose XML attachment is not an e-invoice, or not readable, as if it had none", async () => {
    const truth = { ...EINVOICE, number: "RE-2024-0902" };
    const lines = misleadingInvoiceLines(truth);
    const plain = await process(await pdfWithAttachment(lines, null), "plain.pdf");
    const other = await process(await pdfWithAttachment(lines, { xml: '<?xml version="1.0"?><order><id>7</id></order>', filename: "order.xml" }), "with-order-xml.pdf");
    const broken = await process(await pdfWithAttachment(lines, { xml: ciiXml(truth).slice(0, 900), filename: "factur-x.xml" }), "with-broken-xml.pdf");

    for (const doc of [other, broken]) {
      expect(values(doc)).toEqual(values(plain));
      expect((doc.fields as ExtractedField[]).some((f) => f.embeddedFrom !== undefined)).toBe(false);
      expect(doc.documentType).toBe(plain.documentType);
    }
    expect(await extractTextSummary(other)).not.toHaveProperty("einvoice");
    expect(await extractTextSummary(other)).not.toHaveProperty("attachmentWarnings");
    // A truncated e-invoice is noted on the step; the document completes on its printed text.
    expect(await extractTextSummary(broken)).toMatchObject({ attachmentWarnings: [expect.stringMatching(/^factur-x\.xml: The XML is not well-formed/)] });
  });

  it("reads the XML when it is listed only as an associated file (/AF) or encoded in UTF-16, and notes one refused for a DOCTYPE", async () => {
    const truth = { ...EINVOICE, number: "RE-2024-0903" };
    const lines = misleadingInvoiceLines(truth);
    const af = await process(await pdfWithAttachment(lines, { xml: ciiXml(truth), filename: "factur-x.xml", only: "af" }), "af-only.pdf");
    const wide = await process(await pdfWithAttachment(lines, { xml: utf16(ciiXml({ ...truth, number: "RE-2024-0904" }), "be"), filename: "factur-x.xml" }), "utf16.pdf");
    expect(bestField(af.fields as ExtractedField[], "invoice_number")).toMatchObject({ value: truth.number, embeddedFrom: "factur-x.xml" });
    expect(bestField(wide.fields as ExtractedField[], "invoice_number")).toMatchObject({ value: "RE-2024-0904", embeddedFrom: "factur-x.xml" });
    expect(await extractTextSummary(af)).toMatchObject({ einvoice: { file: "factur-x.xml", syntax: "cii" } });

    const doctype = ciiXml({ ...truth, number: "RE-2024-0905" }).replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE rsm:CrossIndustryInvoice [<!ENTITY x "y">]>');
    const refused = await process(await pdfWithAttachment(lines, { xml: doctype, filename: "factur-x.xml" }), "doctype.pdf");
    expect((refused.fields as ExtractedField[]).some((f) => f.embeddedFrom !== undefined)).toBe(false);
    expect(await extractTextSummary(refused)).toMatchObject({ attachmentWarnings: [expect.stringMatching(/^factur-x\.xml: The XML declares a DOCTYPE/)] });
  });
});
