import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const issuer = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer")?.value;

/** A freelancer's invoice: no letterhead, the seller only under "Payable to:" with the bank details. */
const tutor = (payee: readonly Placed[]): Placed[] => [
  [60, 40, "Invoice 116"], [600, 40, "Date: 2022-04-02"],
  [60, 60, "Invoice generated using Python 3"],
  [200, 120, "Philosophy tuition."],
  [100, 140, "1st March, 5th March"], [400, 140, "3.9 hours tuition."],
  [400, 160, "10.65 hours total"],
  [600, 220, "Total = £319"],
  ...payee,
];

describe("a person named under a bare \"Payable to:\" is the issuer of an invoice that prints no other seller", () => {
  it("takes the name on the row under \"Payable to:\"", () => {
    expect(issuer(tutor([[600, 260, "Payable to:"], [600, 280, "Jack Murphy"], [600, 300, "07 08 06"], [600, 320, "21469405"], [600, 340, "Nationwide"]]))).toBe("Jack Murphy");
  });

  it("takes the name on the label's own row, and after \"Make cheques payable to\"", () => {
    expect(issuer(tutor([[600, 260, "Payable to: Anna Kowalska"], [600, 280, "Sort code 07 08 06"]]))).toBe("Anna Kowalska");
    expect(issuer(tutor([[60, 260, "Make cheques payable to Rhys Evans-Hughes"]]))).toBe("Rhys Evans-Hughes");
  });

  it("lets a company in the letterhead win over the person, and never takes a bank or a lowercase phrase", () => {
    expect(issuer([[60, 20, "Brightwater Tutoring Ltd"], ...tutor([[600, 260, "Payable to:"], [600, 280, "Jack Murphy"]])])).toBe("Brightwater Tutoring Ltd");
    expect(issuer([[60, 20, "Brightwater Tutoring", 16], ...tutor([[600, 260, "Payable to:"], [600, 280, "Jack Murphy"]])])).toBe("Brightwater Tutoring");
    expect(issuer(tutor([[600, 260, "Payable to:"], [600, 280, "Nationwide Building Society"]]))).not.toBe("Nationwide Building Society");
    expect(issuer(tutor([[600, 260, "Payable to:"], [600, 280, "the account below"]]))).not.toBe("the account below");
  });
});
