import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { payeeIssuers } from "../../../../src/extraction/fields/page/payee.issuers.js";
import { pageOf, type Placed } from "./page.helpers.js";

const issuer = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2026-01-01") }).find((f) => f.name === "issuer")?.value;

describe("a branch under 'Shipped From' is no name; the payee after 'Remit to address:' is the issuer", () => {
  // A distributor's invoice: its logo is an image, the branch it shipped from under "Shipped From", its name only in the
  // remittance line at the foot.
  const rows: Placed[] = [
    [400, 40, "INVOICE"],
    [400, 60, "Invoice Date"], [600, 60, "Invoice #"],
    [40, 70, "Shipped From"],
    [400, 80, "08/21/2025"], [600, 80, "01-875854"],
    [40, 90, "SAN FRANCISCO BRANCH"],
    [40, 105, "REMIT: PO BOX 8464, PASADENA, CA 91109-8464"],
    [40, 150, "BILL TO:"], [200, 150, "39480"],
    [40, 162, "ALL AIR MECHANICAL CO."],
    [40, 174, "535 RAILROAD AVENUE"],
    [40, 186, "S.SAN FRANCISCO, CA 94080"],
    [40, 300, "3 EA"], [200, 300, "CAULKING GUN"], [700, 300, "$28.50"],
    [600, 330, "TOTAL"], [700, 330, "$31.31"],
    [40, 360, "NEW Remit to address: Lord and Sons, Inc., PO BOX 8464 PASADENA, CA 91109-8464"],
  ];

  it("reads the name after 'Remit to address:', not the word 'address'", () => {
    expect(payeeIssuers(pageOf(rows)).map((c) => c.value)).toEqual(["Lord and Sons, Inc."]);
  });

  it("reads a place followed by 'Branch' as no name, a company's branch with its legal form as one", () => {
    expect(notAName("SAN FRANCISCO BRANCH")).toBe(true);
    expect(notAName("Main Branch")).toBe(true);
    expect(notAName("Amazon EU S.à r.l., UK Branch")).toBe(false);
  });

  it("takes the payee as the issuer", () => {
    expect(issuer(rows)).toBe("Lord and Sons, Inc.");
  });
});
