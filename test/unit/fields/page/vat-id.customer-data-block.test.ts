import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const vat = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "vat_id")?.value;

// The customer's address at the top left with no heading over it, the invoice's data at the top right: the customer's
// number and, under it, the customer's VAT id (printed for a reverse charge or by habit). The seller prints its own
// VAT id only in the footer.
const dutch: Placed[] = [
  [60, 80, "Bouwbedrijf Voorbeeld"], [60, 92, "Dorpsstraat 12"], [60, 104, "1234 AB Ergens"],
  [560, 80, "Referentie : Project"], [560, 92, "Debiteurnummer : 10023"], [560, 104, "BTW-nummer : NL001234511B01"], [560, 116, "Factuurnummer : 600627"],
  [560, 128, "Factuurdatum : 14-05-2024"],
  [60, 200, "Omschrijving\tBedrag"], [60, 212, "Montage\t100,00"], [60, 240, "Totaal\tEUR 121,00"],
];

describe("a VAT id in the customer's data block is the customer's, not the seller's", () => {
  it("takes the seller's footer VAT id without its country prefix, as printed, over the customer's under the customer number", () => {
    expect(vat([...dutch, [60, 950, "Installatie Voorbeeld B.V. · Kerkweg 1 · 1234 CD Plaats · KvK 12345678 · Btw-nr: 859821345B01"]])).toBe("859821345B01");
  });

  it("reads the block by its labels' column when the values stand in a column of their own", () => {
    const rows: Placed[] = [
      [60, 40, "Bouwbedrijf Voorbeeld"], [60, 52, "Dorpsstraat 12"], [60, 64, "1234 AB Ergens"],
      [60, 92, "Debiteurnummer"], [200, 92, ": 10023"], [60, 104, "Btw-nummer"], [200, 104, ": NL001234511B01"], [60, 116, "Factuurnummer"], [200, 116, ": 600627"],
      [60, 200, "Omschrijving\tBedrag"], [60, 212, "Montage\t100,00"], [60, 240, "Totaal\tEUR 121,00"],
      [60, 950, "Kerkweg 1, 1234 CD Plaats, KVK 12345678, BTW 859821345B01, IBAN NL91 ABNA 0417 1643 00"],
    ];
    expect(vat(rows)).toBe("859821345B01");
  });

  it("reads the seller's Dutch VAT id in the dotted groups of its fiscal number", () => {
    expect(vat([...dutch, [60, 950, "Installatie Voorbeeld B.V. · Kerkweg 1 · 1234 CD Plaats · BTW NL 8598.21.006.B.01"]])).toBe("NL859821006B01");
  });

  it("does the same in English: the customer ID over its VAT number in the invoice data", () => {
    const rows: Placed[] = [
      [60, 30, "Example Builders Ltd"], [60, 42, "12 High Street"], [60, 54, "London N1 1AA"],
      [560, 80, "Invoice No. 4711"], [560, 92, "Cust. ID 10023"], [560, 104, "VAT No.: GB980780684"], [560, 116, "Date 14/05/2024"],
      [60, 200, "Description\tAmount"], [60, 212, "Installation\t100.00"], [60, 240, "Total\tGBP 120.00"],
      [60, 950, "Sample Installations Ltd · 1 Church Road · Leeds LS1 1AA · VAT No. 123456727"],
    ];
    expect(vat(rows)).toBe("123456727");
  });

  it("takes the seller's over one labelled as the customer's in the bill-to block", () => {
    const rows: Placed[] = [
      [60, 70, "Bill to"], [60, 82, "Example Builders Ltd"], [60, 94, "12 High Street"], [60, 106, "London N1 1AA"], [60, 118, "Customer VAT No. GB980780684"],
      [560, 80, "Invoice No. 4711"], [560, 92, "Date 14/05/2024"],
      [60, 200, "Description\tAmount"], [60, 212, "Installation\t100.00"], [60, 240, "Total\tGBP 120.00"],
      [60, 950, "Sample Installations Ltd · 1 Church Road · Leeds LS1 1AA · VAT No. 123456727"],
    ];
    expect(vat(rows)).toBe("123456727");
  });

  it("keeps the seller's VAT id printed in its own letterhead, away from the customer's number", () => {
    const rows: Placed[] = [
      [60, 40, "Installatie Voorbeeld B.V."], [60, 52, "Kerkweg 1, 1234 CD Plaats"], [60, 64, "BTW-nummer : NL859821006B01"],
      [560, 92, "Debiteurnummer : 10023"], [560, 104, "Factuurnummer : 600627"], [560, 116, "Factuurdatum : 14-05-2024"],
      [60, 200, "Omschrijving\tBedrag"], [60, 240, "Totaal\tEUR 121,00"],
    ];
    expect(vat(rows)).toBe("NL859821006B01");
  });

  // `vat_id` is the issuer's: a number labelled as the customer's is not reported in its place.
  it("reports no VAT id when only one labelled as the customer's is printed", () => {
    const rows: Placed[] = [
      [60, 70, "Bill to"], [60, 82, "Example Builders Ltd"], [60, 94, "London N1 1AA"], [60, 106, "Customer VAT No. GB980780684"],
      [560, 80, "Invoice No. 4711"], [560, 92, "Date 14/05/2024"], [60, 240, "Total\tGBP 120.00"],
    ];
    expect(vat(rows)).toBeUndefined();
    expect(vat([...dutch.slice(0, 3), [560, 92, "Uw BTW-nummer : NL001234511B01"], [60, 240, "Totaal\tEUR 121,00"]])).toBeUndefined();
  });

  // Unlabelled, a VAT id beside the customer's number may be the seller's own (some print theirs in the data block).
  it("still reports a VAT id in the customer's data block when no other is printed", () => {
    expect(vat(dutch)).toBe("NL001234511B01");
  });
});
