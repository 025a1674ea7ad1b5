import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const issuer = (top: readonly Placed[]) =>
  extractDocumentFields(
    [
      pageOf([
        ...top,
        [50, 70, "Sharma Traders"],
        [50, 85, "12 MG Road, Bengaluru 560001"],
        [600, 70, "Invoice No: 2024-117"],
        [600, 85, "Invoice Date: 03.05.2024"],
        [600, 400, "Grand Total 1,180.00"],
      ]),
    ],
    { documentType: "invoice", referenceDate: new Date("2024-06-01") },
  ).find((f) => f.name === "issuer")?.value;

describe("an invoice's copy marker and the statute it is issued under are no seller's name", () => {
  it("takes the seller under a copy marker printed at the top of the page", () => {
    expect(issuer([[50, 30, "Duplicate for Transporter", 14]])).toBe("Sharma Traders");
    expect(issuer([[50, 30, "Triplicate for Supplier", 14]])).toBe("Sharma Traders");
  });

  it("takes the seller under the line citing the statute the invoice is issued under", () => {
    expect(issuer([[300, 20, "(Issued under Section 31 of CGST Act, 2017 read with Rule 46 of CGST Rules 2017)"], [400, 40, "TAX INVOICE", 14]])).toBe("Sharma Traders");
  });

  it("knows the copy markers and statute lines, and still takes names that merely contain such words", () => {
    for (const line of ["Original for Recipient", "ORIGINAL FOR RECIPIENT ( )", "Duplicate for Transporter", "Triplicate for Supplier", "Duplicate Copy", "(Issued under Section 31 of CGST Act, 2017)", "Tax invoice u/s 31 under Rule 46 of CGST Rules"]) {
      expect(notAName(line), line).toBe(true);
    }
    for (const name of ["Duplicate Print Solutions Pvt Ltd", "Original Burger Company", "Section Eight Studios LLP"]) expect(notAName(name), name).toBe(false);
  });
});
