import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors/app.error.js";
import { FIELD_NAMES } from "../../../src/extraction/extraction.types.js";
import {
  FIELD_KINDS,
  normaliseFieldValue,
  requireDocumentType,
  requireFieldName,
  validateCorrectionBox,
} from "../../../src/extraction/fields/value.normaliser.js";

/** The stable code a call fails with (or "no error"). */
function codeOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "no error";
}

describe("a value a person types for a field", () => {
  it("has a kind for every field the extractors produce", () => {
    expect(Object.keys(FIELD_KINDS).sort()).toEqual([...FIELD_NAMES].sort());
  });

  it("reads dates in any common writing as YYYY-MM-DD", () => {
    expect(normaliseFieldValue("document_date", "2024-03-01")).toBe("2024-03-01");
    expect(normaliseFieldValue("document_date", " 1 March 2024 ")).toBe("2024-03-01");
    expect(normaliseFieldValue("due_date", "7. Mai 2014")).toBe("2014-05-07");
    expect(normaliseFieldValue("due_date", "03/04/2024")).toBe("2024-04-03");
  });

  it("reads an ambiguous numeric date the way the document writes dates", () => {
    expect(normaliseFieldValue("document_date", "03/04/2024", { monthFirst: true })).toBe("2024-03-04");
  });

  it("refuses what is not one whole date", () => {
    for (const raw of ["2024-02-30", "tomorrow", "1 March 2024 and 2 March 2024", "invoice 2024-03-01", "", "   "]) {
      expect(codeOf(() => normaliseFieldValue("document_date", raw)), raw).toBe("INVALID_FIELD_VALUE");
    }
  });

  it("reads amounts as Money, with the currency typed or else the one the document uses", () => {
    expect(normaliseFieldValue("total", "EUR 1.234,50")).toEqual({ amount: 1234.5, currency: "EUR" });
    expect(normaliseFieldValue("total", "1,234.50 USD")).toEqual({ amount: 1234.5, currency: "USD" });
    expect(normaliseFieldValue("total", "$4.11")).toEqual({ amount: 4.11, currency: "USD" });
    expect(normaliseFieldValue("tax", "12,50", { dominantCurrency: "EUR" })).toEqual({ amount: 12.5, currency: "EUR" });
    expect(normaliseFieldValue("subtotal", "273.13")).toEqual({ amount: 273.13, currency: null });
    expect(normaliseFieldValue("change", "-0.02", { dominantCurrency: "MYR" })).toEqual({ amount: -0.02, currency: "MYR" });
  });

  it("refuses what is not one amount", () => {
    for (const raw of ["twelve", "12.50 and 13.00", "12.50%", "EUR"]) {
      expect(codeOf(() => normaliseFieldValue("total", raw)), raw).toBe("INVALID_FIELD_VALUE");
    }
  });

  it("normalises identifiers as the extractors do: upper case, no spaces, no leading #", () => {
    expect(normaliseFieldValue("invoice_number", " inv-0046 ")).toBe("INV-0046");
    expect(normaliseFieldValue("order_number", "# 12 345")).toBe("12345");
    expect(codeOf(() => normaliseFieldValue("invoice_number", "INV 0046 (copy)"))).toBe("INVALID_FIELD_VALUE");
  });

  it("checks IBANs, VAT ids, e-mails, phones, URLs and currencies", () => {
    expect(normaliseFieldValue("iban", "DE89 3704 0044 0532 0130 00")).toBe("DE89370400440532013000");
    expect(codeOf(() => normaliseFieldValue("iban", "DE89 3704 0044 0532 0130 01"))).toBe("INVALID_FIELD_VALUE");
    expect(normaliseFieldValue("vat_id", "de 123.456.789")).toBe("DE123456789");
    expect(normaliseFieldValue("email", "Billing@Example.COM")).toBe("billing@example.com");
    expect(codeOf(() => normaliseFieldValue("email", "billing at example"))).toBe("INVALID_FIELD_VALUE");
    expect(normaliseFieldValue("phone", "+49 30 1234567")).toBe("+49301234567");
    expect(normaliseFieldValue("phone", "07-350 7405", { phoneCountry: "MY" })).toBe("+6073507405");
    expect(codeOf(() => normaliseFieldValue("phone", "07-350 7405"))).toBe("INVALID_FIELD_VALUE");
    expect(normaliseFieldValue("url", "WWW.Example.com/Path")).toBe("www.example.com/Path");
    expect(codeOf(() => normaliseFieldValue("url", "not a url"))).toBe("INVALID_FIELD_VALUE");
    expect(normaliseFieldValue("currency", "€")).toBe("EUR");
    expect(normaliseFieldValue("currency", "chf")).toBe("CHF");
    expect(codeOf(() => normaliseFieldValue("currency", "euros"))).toBe("INVALID_FIELD_VALUE");
  });

  it("keeps names as typed, with whitespace collapsed", () => {
    expect(normaliseFieldValue("issuer", "  Acme\n  Ltd ")).toBe("Acme Ltd");
    expect(codeOf(() => normaliseFieldValue("issuer", "---"))).toBe("INVALID_FIELD_VALUE");
  });

  it("refuses a value longer than 500 characters", () => {
    expect(codeOf(() => normaliseFieldValue("issuer", "a".repeat(501)))).toBe("INVALID_FIELD_VALUE");
  });

  it("tells what it expected in the error's details", () => {
    try {
      normaliseFieldValue("document_date", "soon");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toMatchObject({ field: "document_date", kind: "date" });
      expect((error as AppError).message).toContain("expected a date");
    }
  });
});

describe("names and types", () => {
  it("accept only known fields and document types", () => {
    expect(requireFieldName("total")).toBe("total");
    expect(codeOf(() => requireFieldName("colour"))).toBe("UNKNOWN_FIELD");
    expect(requireDocumentType("receipt")).toBe("receipt");
    expect(codeOf(() => requireDocumentType("poem"))).toBe("UNKNOWN_DOCUMENT_TYPE");
  });
});

describe("a box a person draws", () => {
  it("lies on a page of the document, inside 0–1, with x0 < x1 and y0 < y1", () => {
    expect(codeOf(() => validateCorrectionBox(1, { x0: 0.1, y0: 0.2, x1: 0.3, y1: 0.25 }, 2))).toBe("no error");
    expect(codeOf(() => validateCorrectionBox(3, { x0: 0.1, y0: 0.2, x1: 0.3, y1: 0.25 }, 2))).toBe("INVALID_BOX");
    expect(codeOf(() => validateCorrectionBox(0, { x0: 0.1, y0: 0.2, x1: 0.3, y1: 0.25 }, 2))).toBe("INVALID_BOX");
    expect(codeOf(() => validateCorrectionBox(1, { x0: 0.3, y0: 0.2, x1: 0.1, y1: 0.25 }, 2))).toBe("INVALID_BOX");
    expect(codeOf(() => validateCorrectionBox(1, { x0: 0.1, y0: 0.2, x1: 1.3, y1: 0.25 }, 2))).toBe("INVALID_BOX");
    expect(codeOf(() => validateCorrectionBox(1, { x0: Number.NaN, y0: 0.2, x1: 0.3, y1: 0.25 }, 2))).toBe("INVALID_BOX");
  });
});
