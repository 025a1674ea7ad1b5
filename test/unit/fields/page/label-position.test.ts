import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const get = (fields: ReturnType<typeof extractDocumentFields>, name: string) => fields.find((f) => f.name === name);

describe("label → value by position", () => {
  it("reads a value printed far to the right on the label's row", () => {
    const page = pageOf([
      [50, 50, "Acme Widgets Ltd", 20],
      [50, 300, "Invoice No."],
      [700, 300, "INV-2024-0042"],
      [50, 330, "Order No."],
      [700, 330, "PO-77812"],
    ]);
    const fields = extractDocumentFields([page], opts);
    expect(get(fields, "invoice_number")?.value).toBe("INV-2024-0042");
    expect(get(fields, "order_number")?.value).toBe("PO-77812");
  });

  it("reads values under their column headings and keeps customer and invoice numbers apart", () => {
    const page = pageOf([
      [50, 40, "Voorbeeld Winkel B.V.", 20],
      [50, 200, "Klantnummer"],
      [300, 200, "Factuurnummer"],
      [600, 200, "Factuurdatum"],
      [50, 215, "6669263"],
      [300, 215, "993548900"],
      [600, 215, "19-04-2014"],
      [50, 250, "Orderdatum: 18-04-2014"],
    ]);
    const fields = extractDocumentFields([page], opts);
    expect(get(fields, "invoice_number")?.value).toBe("993548900");
    expect(get(fields, "customer_number")?.value).toBe("6669263");
    expect(get(fields, "document_date")?.value).toBe("2014-04-19");
    expect(get(fields, "order_date")?.value).toBe("2014-04-18");
  });

  it("reads each date of a header row under its own heading, and no label spans two columns", () => {
    // "Invoice Date⇥Due Date": the words "Date⇥Due" belong to two headings, they are not the label "date due".
    const page = pageOf([
      [50, 40, "Northwind Hosting Ltd", 20],
      [50, 200, "Invoice No."], [250, 200, "Invoice Date"], [450, 200, "Due Date"], [650, 200, "Account No."],
      [50, 215, "INV-004512"], [250, 215, "02/03/2024"], [450, 215, "16/03/2024"], [650, 215, "ACC-7781"],
      [500, 400, "Total £60.00"],
    ]);
    const fields = extractDocumentFields([page], opts);
    expect(get(fields, "document_date")?.value).toBe("2024-03-02");
    expect(get(fields, "due_date")?.value).toBe("2024-03-16");
    expect(get(fields, "invoice_number")?.value).toBe("INV-004512");
  });

  it("reports box, page and reading confidence of the value's words", () => {
    const page = pageOf([
      [50, 50, "Acme Widgets Ltd", 20],
      [50, 500, "TOTAL"],
      [600, 500, "RM 12.50"],
    ], 0.8);
    const total = get(extractDocumentFields([page], { ...opts, documentType: "receipt" }), "total");
    expect(total?.value).toEqual({ amount: 12.5, currency: "MYR" });
    expect(total?.page).toBe(1);
    expect(total?.ocrConfidence).toBeCloseTo(0.8);
    expect(total?.box?.x0).toBeCloseTo(0.6, 2);
    expect(total?.box?.y0).toBeCloseTo(0.5, 2);
  });

  it("collapses duplicates of one value into one field with distinct alternatives", () => {
    const page = pageOf([
      [50, 50, "Acme Widgets Ltd", 20],
      [50, 400, "Subtotal"],
      [600, 400, "10.00"],
      [50, 420, "Tax"],
      [600, 420, "2.00"],
      [50, 440, "Total"],
      [600, 440, "12.00"],
      [50, 470, "Amount due"],
      [600, 470, "12.00"],
    ]);
    const fields = extractDocumentFields([page], opts);
    expect(fields.filter((f) => f.name === "total")).toHaveLength(1);
    const total = get(fields, "total");
    expect(total?.value).toMatchObject({ amount: 12 });
    expect(total?.alternatives?.map((a) => a.value)).not.toContainEqual(expect.objectContaining({ amount: 12 }));
    expect(total?.checks).toContainEqual({ name: "subtotal_plus_tax", passed: true, expected: 12, actual: 12 });
  });

  it.each([
    ["Invoice: INV-2024-001", "INV-2024-001"],
    ["Invoice 2024-0042", "2024-0042"],
    ["Rechnung 2024-0117", "2024-0117"],
    ["Invoice UZH-ZI-5", "UZH-ZI-5"],
    ["Rechnung RE-KD-2024-17", "RE-KD-2024-17"],
    ["Bill #: 4512", "4512"],
  ])("reads the invoice number after the document's title word or \"Bill #\" in %j", (text, value) => {
    const page = pageOf([[50, 40, "Acme Widgets Ltd", 20], [50, 200, text], [500, 400, "Total 10.00"]]);
    expect(get(extractDocumentFields([page], opts), "invoice_number")?.value).toBe(value);
  });

  it.each([
    ["USt-IdNr.: DE 123 456 789", "DE123456789"],
    ["BTW-nummer: NL001234567B01", "NL001234567B01"],
    ["UID: ATU12345678", "ATU12345678"],
    ["MWST-Nr. CHE-123.456.789 MWST", "CHE123456789"],
    ["TVA intracommunautaire : FR 32 812345678", "FR32812345678"],
    ["Partita IVA: IT01234567890", "IT01234567890"],
  ])("reads the VAT id after its label in %j as surely as \"VAT No\"", (text, value) => {
    const page = pageOf([[50, 40, "Acme Widgets Ltd", 20], [50, 200, text], [500, 400, "Total 10.00"]]);
    const vat = get(extractDocumentFields([page], opts), "vat_id");
    expect(vat?.value).toBe(value);
    const reference = get(extractDocumentFields([pageOf([[50, 40, "Acme Widgets Ltd", 20], [50, 200, "VAT No: GB 123 4567 89"], [500, 400, "Total 10.00"]])], opts), "vat_id");
    expect(vat?.confidence).toBeGreaterThanOrEqual(reference!.confidence);
  });
});
