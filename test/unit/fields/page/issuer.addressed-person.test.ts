import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { addressedPerson } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-09-01"), documentType: "invoice" as const };
/** A PDF's text layer. */
const issuer = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;

/** A bill whose brand is a logo: the customer's name and address stand at the top, the brand's name in a box beside. */
const bill = (addressee: string): Placed[] => [
  [60, 40, addressee, 12], [700, 40, "Northern Power"],
  [60, 56, "10 Station Road"], [60, 70, "Leicester LE1 1AA"], [700, 56, "northernpower.co.uk"],
  [700, 90, "Invoice number 700012345678"], [700, 104, "Invoice date 4 July 2026"],
  [60, 300, "Total charges"], [700, 300, "£61.14"],
];

describe("a person addressed by a courtesy title", () => {
  it("is the bill's addressee, not its issuer ('Mr John Smith', 'Mrs. J. Doe' at the top)", () => {
    expect(issuer(bill("Mr John Smith"))).toBe("Northern Power");
    expect(issuer(bill("Mrs. J. Doe"))).toBe("Northern Power");
  });

  it("is a title, a first name or initial and a surname; not a brand named so, not a doctor, not a company", () => {
    expect(addressedPerson("Mr Nicolaie Marian Neagoie")).toBe(true);
    expect(addressedPerson("Herrn Max Muster")).toBe(true);
    expect(addressedPerson("Dhr. J. de Vries")).toBe(true);
    expect(addressedPerson("Mr Price")).toBe(false);
    expect(addressedPerson("Mr. Bricolage")).toBe(false);
    expect(addressedPerson("Dr. Hans Müller")).toBe(false);
    expect(addressedPerson("Mr Price Group Limited")).toBe(false);
  });
});
