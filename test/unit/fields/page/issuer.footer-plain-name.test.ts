import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-09-01"), documentType: "invoice" as const };
/** A PDF's text layer. */
const issuer = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;

const body: Placed[] = [
  [480, 44, "KONTANTFAKTURA (KORT)", 14],
  [480, 78, "Datum"], [600, 78, "Kundnummer"], [750, 78, "Faktura nr."],
  [480, 95, "2026-08-13"], [600, 95, "147971"], [750, 95, "776959"],
  [600, 145, "Jesper Fredriksson"],
  [120, 312, "Datum"], [250, 312, "Artikel"], [850, 312, "Belopp"],
  [50, 334, "2026-08-13"], [250, 334, "Återbesök"], [850, 334, "920.00"],
  [710, 454, "Belopp inkl. moms:"], [870, 454, "920.00"],
];

describe("a name without a legal form in the footer, beside the company's registration data and over its address", () => {
  it("is the issuer when nothing else names one ('Naprapatlandslaget⇥Org: 556999-3271' over 'Surbrunnsgatan 34, 113 48 Stockholm')", () => {
    const footer: Placed[] = [
      [50, 885, "Naprapatlandslaget"], [300, 885, "Org: 556999-3271"], [500, 885, "E-post:"], [600, 885, "kundservice@example.se"],
      [50, 901, "Surbrunnsgatan 34, 113 48 Stockholm"], [500, 901, "Webb :"], [600, 901, "www.example.se"],
    ];
    expect(issuer([...body, ...footer])).toBe("Naprapatlandslaget");
  });

  it("is no issuer without the registration data beside it, nor without the address under it", () => {
    const noData: Placed[] = [[50, 885, "Naprapatlandslaget"], [500, 885, "E-post:"], [600, 885, "kundservice@example.se"], [50, 901, "Surbrunnsgatan 34, 113 48 Stockholm"]];
    expect(issuer([...body, ...noData])).not.toBe("Naprapatlandslaget");
    const noAddress: Placed[] = [[50, 885, "Naprapatlandslaget"], [300, 885, "Org: 556999-3271"], [50, 901, "Tack för ditt besök"]];
    expect(issuer([...body, ...noAddress])).not.toBe("Naprapatlandslaget");
  });
});

describe("a document title with a qualifier in brackets", () => {
  it("is never the issuer ('KONTANTFAKTURA (KORT)', 'Schlussrechnung (Kopie)')", () => {
    expect(issuer(body)).not.toBe("KONTANTFAKTURA (KORT)");
    expect(issuer([[480, 44, "Schlussrechnung (Kopie)", 14], ...body.slice(1)])).not.toBe("Schlussrechnung (Kopie)");
  });
});
