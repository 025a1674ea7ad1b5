import { describe, expect, it } from "vitest";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";

describe("a slogan in the first person, a care-of line and an address heading are no seller's name", () => {
  it("knows a first-person sentence, a care-of line and an address block's heading as no name", () => {
    for (const t of ["We are here to deliver", "We're glad to help", "We will be in touch", "C/O REE JIT ENERGY SERVICES", "c/o Regus", "Care of J. Smith", "MAILING ADDRESS", "Service address", "Premises"])
      expect(notAName(t), t).toBe(true);
    for (const name of ["Weaver Supplies Ltd", "WeWork Companies LLC", "Cobalt Energy Services", "Care Homes Ltd", "Address Systems GmbH"]) expect(notAName(name), name).toBe(false);
  });
});

describe("an invoice's title word is no seller's name, in every language the title labels know", () => {
  it("knows 'Faktura', 'Fatura' and 'Invois' as titles, as it knew 'Invoice' and 'Factura'", () => {
    for (const t of ["Faktura", "FATURA", "Invois", "Faktura nr."]) expect(notAName(t), t).toBe(true);
    for (const name of ["Fakturaservice ApS", "Faturalar Ticaret A.Ş."]) expect(notAName(name), name).toBe(false);
  });
});
