import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { best, expectWellFormed } from "./helpers.js";

const run = (text: string) => {
  const fields = extractFields([text], { referenceDate: new Date("2024-06-01") });
  expectWellFormed(fields, [text]);
  return fields;
};

describe("identifier extraction", () => {
  it.each([
    ["Invoice No: INV-2024-0042", "INV-2024-0042"],
    ["Invoice # 10023", "10023"],
    ["Inv. No. A/778", "A/778"],
    ["Invoice No : # BLR_WFLD20151000982590", "BLR_WFLD20151000982590"],
    ["Rechnungsnr. 30064443", "30064443"],
    ["Facture n°562044387 du 02 Juillet 2015", "562044387"],
  ])("reads the invoice number in %j", (text, value) => {
    expect(best(run(text), "invoice_number")).toBe(value);
  });

  it("pairs stacked labels with stacked values", () => {
    const fields = run("Invoice Number:\nInvoice Date:\n\n42183017\nAugust 3 , 2014\n");
    expect(best(fields, "invoice_number")).toBe("42183017");
    expect(best(fields, "document_date")).toBe("2014-08-03");
  });

  it("treats receipt, bill and document numbers as references, not invoice numbers", () => {
    const fields = run("RECEIPT #: CSP0393921\nBILL NO: LCS03908\nDOC NO : TD01167104");
    expect(fields.filter((f) => f.name === "invoice_number")).toEqual([]);
    expect(fields.filter((f) => f.name === "reference").map((f) => f.value)).toEqual(
      expect.arrayContaining(["CSP0393921", "LCS03908", "TD01167104"]),
    );
  });

  it("reads order numbers", () => {
    expect(best(run("Order ID: OD304175096047380001"), "order_number")).toBe("OD304175096047380001");
    expect(best(run("PO Number: 4500012345"), "order_number")).toBe("4500012345");
  });

  it.each([
    ["VAT Reg No: GB123456789", "GB123456789"],
    ["UStId DE 232 446 240", "DE232446240"],
    ["BTW NL810433941B01", "NL810433941B01"],
    ["GST ID: 000849813504", "000849813504"],
    ["GSTIN: 29ABCDE1234F1Z5", "29ABCDE1234F1Z5"],
    ["Our VAT number is DE123456789.", "DE123456789"],
  ])("reads the VAT id in %j", (text, value) => {
    expect(best(run(text), "vat_id")).toBe(value);
  });

  it("accepts a valid IBAN written in groups and normalises it", () => {
    const fields = run("IBAN: de89 3704 0044 0532 0130 00 BIC COBADEFFXXX".toUpperCase());
    expect(best(fields, "iban")).toBe("DE89370400440532013000");
    expect(fields.find((f) => f.name === "iban")?.raw).toBe("DE89 3704 0044 0532 0130 00");
  });

  it("rejects an IBAN with a bad checksum", () => {
    expect(run("IBAN: DE88 3704 0044 0532 0130 00").filter((f) => f.name === "iban")).toEqual([]);
  });
});
