import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const refDate = new Date("2024-06-01");
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf([[50, 40, "Acme Motors Limited", 20], ...rows, [600, 600, "Total 290.94"]])], { documentType: "invoice", referenceDate: refDate }).find(
    (f) => f.name === "invoice_number",
  )?.value;

describe("the title word in a header cell of its own, its number in the next cell", () => {
  it("reads the number in the cell right of a bare 'Invoice' cell", () => {
    // A header block of label cells beside the customer's address: "Invoice⇥89973" over "Invoice Date:" and "Account No:".
    expect(
      invoiceNumber([
        [80, 120, "Hendon United Synagogue"],
        [500, 120, "Invoice"],
        [800, 120, "89973"],
        [500, 140, "Invoice Date:"],
        [500, 160, "Account No:"],
        [800, 160, "HEN025"],
      ]),
    ).toBe("89973");
    expect(invoiceNumber([[500, 120, "Invoice"], [800, 120, "INV-2024-117"]])).toBe("INV-2024-117");
  });

  it("takes no word, date or amount from the next cell", () => {
    expect(invoiceNumber([[500, 120, "Invoice"], [800, 120, "Paid"]])).toBeUndefined();
    expect(invoiceNumber([[500, 120, "Invoice"], [800, 120, "03/05/2024"]])).toBeUndefined();
    // A table's header row: the cells right of "Invoice" are other headings.
    expect(invoiceNumber([[80, 300, "Invoice"], [300, 300, "Date"], [600, 300, "Amount"]])).toBeUndefined();
  });
});

describe("a number sign row right under the title", () => {
  it("reads '# 0000000000001' under a title 'INVOICE' alone on its row as the invoice number", () => {
    expect(invoiceNumber([[700, 100, "INVOICE", 20], [720, 125, "# 0000000000001"], [80, 150, "Jeevaka Kiriella"], [600, 150, "Date: Oct 29, 2020"]])).toBe("0000000000001");
    expect(invoiceNumber([[700, 100, "INVOICE", 20], [710, 125, "No. 2024-117"]])).toBe("2024-117");
  });

  it("wants the number sign: a title over an address or a phone number gives no invoice number", () => {
    expect(invoiceNumber([[700, 100, "INVOICE", 20], [700, 125, "12345 Main Street"]])).toBeUndefined();
    expect(invoiceNumber([[700, 100, "INVOICE", 20], [700, 125, "(512) 555-0142"]])).toBeUndefined();
  });
});
