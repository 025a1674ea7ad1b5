import { describe, it, expect } from "vitest";
import { formatMoney, summarizeDocument, SUMMARY_MAX_LENGTH } from "../../src/extraction/summary.js";
import type { ExtractedField, FieldName, FieldValue } from "../../src/extraction/extraction.types.js";

/** A field with plausible offsets; only name, value, confidence and position matter to the summary. */
function field(name: FieldName, value: FieldValue, confidence = 0.9, page = 1, start = 0): ExtractedField {
  const raw = typeof value === "string" ? value : String(value.amount);
  return { name, raw, value, confidence, page, start, end: start + raw.length };
}

const invoiceFields: ExtractedField[] = [
  field("invoice_number", "INV-0046"),
  field("issuer", "Acme Ltd"),
  field("document_date", "2024-03-01"),
  field("due_date", "2024-03-31"),
  field("total", { amount: 273.13, currency: "USD" }),
  field("subtotal", { amount: 250, currency: "USD" }),
];

describe("summarizeDocument", () => {
  it("summarises an invoice with number, issuer, date, total and pages", () => {
    expect(
      summarizeDocument({ type: "invoice", confidence: 0.9, fields: invoiceFields, pageCount: 2, text: "" }),
    ).toBe("Invoice INV-0046 from Acme Ltd, dated 2024-03-01, total USD 273.13, 2 pages");
  });

  it("summarises a receipt without a number, in the singular for one page", () => {
    const fields = [
      field("issuer", "BOOK TA.K (TAMAN DAYA) SDN BHD"),
      field("document_date", "2018-12-25"),
      field("total", { amount: 9, currency: "MYR" }),
      // Receipts often print an invoice number; it is not part of a receipt's summary.
      field("invoice_number", "TD01167104"),
    ];
    expect(summarizeDocument({ type: "receipt", confidence: 0.8, fields, pageCount: 1, text: "" })).toBe(
      "Receipt from BOOK TA.K (TAMAN DAYA) SDN BHD, dated 2018-12-25, total MYR 9.00, 1 page",
    );
  });

  it("uses the highest-confidence candidate of each field, whatever the input order", () => {
    const fields = [
      field("total", { amount: 250, currency: "USD" }, 0.4),
      field("issuer", "Bill To Ltd", 0.3),
      field("total", { amount: 273.13, currency: "USD" }, 0.95),
      field("issuer", "Acme Ltd", 0.8),
    ];
    const forward = summarizeDocument({ type: "invoice", confidence: 0.9, fields, pageCount: 1, text: "" });
    const backward = summarizeDocument({ type: "invoice", confidence: 0.9, fields: [...fields].reverse(), pageCount: 1, text: "" });
    expect(forward).toBe("Invoice from Acme Ltd, total USD 273.13, 1 page");
    expect(backward).toBe(forward);
  });

  it("breaks confidence ties by position: the earliest candidate wins", () => {
    const fields = [field("issuer", "Later Ltd", 0.7, 2, 10), field("issuer", "First Ltd", 0.7, 1, 50)];
    expect(summarizeDocument({ type: "letter", confidence: 0.9, fields, pageCount: 2, text: "" })).toBe(
      "Letter from First Ltd, 2 pages",
    );
  });

  describe("missing fields", () => {
    it("leaves out whatever is missing", () => {
      expect(summarizeDocument({ type: "invoice", confidence: 0.9, fields: [], pageCount: 3, text: "" })).toBe(
        "Invoice, 3 pages",
      );
      expect(
        summarizeDocument({
          type: "receipt",
          confidence: 0.9,
          fields: [field("total", { amount: 12.5, currency: "MYR" })],
          pageCount: null,
          text: "",
        }),
      ).toBe("Receipt, total MYR 12.50");
    });

    it("prints the amount alone when the currency is unknown", () => {
      const fields = [field("issuer", "Corner Shop"), field("total", { amount: 4, currency: null })];
      expect(summarizeDocument({ type: "receipt", confidence: 0.9, fields, pageCount: 1, text: "" })).toBe(
        "Receipt from Corner Shop, total 4.00, 1 page",
      );
    });

    it("ignores a total whose value is not money", () => {
      const fields = [field("total", "about forty")];
      expect(summarizeDocument({ type: "invoice", confidence: 0.9, fields, pageCount: 1, text: "" })).toBe("Invoice, 1 page");
    });

    it("shows totals only where they describe the document (not in a contract)", () => {
      const fields = [field("issuer", "Acme Ltd"), field("total", { amount: 5000, currency: "USD" })];
      expect(summarizeDocument({ type: "contract", confidence: 0.9, fields, pageCount: 4, text: "" })).toBe(
        "Contract from Acme Ltd, 4 pages",
      );
    });
  });

  describe("other documents", () => {
    it("reads Document, N pages, M words", () => {
      expect(
        summarizeDocument({
          type: "other",
          confidence: 0.2,
          fields: [field("issuer", "Ignored Ltd")],
          pageCount: 3,
          text: "The quick brown fox\njumps over   the lazy dog. —",
        }),
      ).toBe("Document, 3 pages, 9 words");
    });

    it("handles an empty document without a page count", () => {
      expect(summarizeDocument({ type: "other", confidence: 0.1, fields: [], pageCount: null, text: "" })).toBe(
        "Document, 0 words",
      );
    });

    it("uses the singular for one page and one word", () => {
      expect(summarizeDocument({ type: "other", confidence: 0.1, fields: [], pageCount: 1, text: "Hello" })).toBe(
        "Document, 1 page, 1 word",
      );
    });
  });

  it("hedges the label when the classification is unsure", () => {
    expect(summarizeDocument({ type: "invoice", confidence: 0.1, fields: [], pageCount: 1, text: "" })).toBe(
      "Possible invoice, 1 page",
    );
    expect(summarizeDocument({ type: "id_document", confidence: 0.1, fields: [], pageCount: 1, text: "" })).toBe(
      "Possible ID document, 1 page",
    );
  });

  it("names the recipient of a letter", () => {
    const fields = [field("issuer", "Orchard Supplies"), field("recipient", "Smith & Sons"), field("document_date", "2024-04-15")];
    expect(summarizeDocument({ type: "letter", confidence: 0.9, fields, pageCount: 1, text: "" })).toBe(
      "Letter from Orchard Supplies to Smith & Sons, dated 2024-04-15, 1 page",
    );
  });

  describe("length cap", () => {
    it("flattens multi-line names and shortens long ones", () => {
      const fields = [field("issuer", "Acme\n  Holdings   Ltd"), field("invoice_number", "X".repeat(100))];
      const summary = summarizeDocument({ type: "invoice", confidence: 0.9, fields, pageCount: 1, text: "" });
      expect(summary).toContain("from Acme Holdings Ltd");
      expect(summary).not.toContain("X".repeat(41));
      expect(summary).not.toMatch(/\n/);
    });

    it("never exceeds the maximum length, however long the fields", () => {
      const long = "Very Long Company Name ".repeat(30);
      const fields = [
        field("invoice_number", "N".repeat(300)),
        field("issuer", long),
        field("document_date", "D".repeat(300)),
        field("total", { amount: 1e15, currency: "EUR" }),
      ];
      for (const type of ["invoice", "receipt", "letter", "other"] as const) {
        const summary = summarizeDocument({ type, confidence: 0.9, fields, pageCount: 9999, text: long.repeat(50) });
        expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
        expect(summary.length).toBeGreaterThan(0);
      }
    });
  });

  it("is deterministic", () => {
    const input = { type: "invoice" as const, confidence: 0.9, fields: invoiceFields, pageCount: 2, text: "" };
    expect(summarizeDocument(input)).toBe(summarizeDocument(input));
  });
});

describe("formatMoney", () => {
  it("writes the currency code then two decimals, without grouping", () => {
    expect(formatMoney({ amount: 1234.5, currency: "EUR" })).toBe("EUR 1234.50");
    expect(formatMoney({ amount: 0.1 + 0.2, currency: "usd" })).toBe("USD 0.30");
    expect(formatMoney({ amount: -5, currency: "GBP" })).toBe("GBP -5.00");
    expect(formatMoney({ amount: 9, currency: null })).toBe("9.00");
  });
});
