import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { footerIssuers, footerTop } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("the footer of a page whose text ends high (an invoice printed from HTML)", () => {
  // A brand in big type at the top, the labels above their values in one row, the recipient, the totals, and the
  // legal name only in the small print that follows the totals — half way down an A4 page.
  const page = pageOf([
    [60, 40, "Weshorst", 26],
    [800, 45, "FACTUUR", 10],
    [60, 100, "FACTUURNUMMER"], [260, 100, "FACTUURDATUM"], [460, 100, "TOTAAL"],
    [60, 115, "2024-7574"], [260, 115, "08-10-2024"], [460, 115, "€ 4.774,20"],
    [60, 160, "FACTUURADRES"], [60, 175, "Brentore Soluzioni"], [60, 190, "Corso Brentina 4"], [60, 205, "03176 Ferrate"],
    [600, 300, "Subtotaal € 4.380,00"], [600, 315, "BTW 9% € 394,20"], [600, 330, "Totaal € 4.774,20"],
    [60, 380, "Weshorst Media B.V. · Wesbroekstraat 55 · BTW-nummer NL230662122B08 · KvK 51957133", 7],
  ]);

  it("is the last fifth of the text's height, not of the page's", () => {
    expect(footerTop(page, 0.8)).toBeLessThan(0.38);
    expect(footerIssuers(page, page.text).map((c) => c.value)).toEqual(["Weshorst Media B.V."]);
  });

  it("gives the legal name in the small print over the bare brand at the top", () => {
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("Weshorst Media B.V.");
  });

  it("leaves a page whose text reaches the foot as it was", () => {
    const full = pageOf([[60, 40, "Top Line"], [60, 500, "Middle"], [60, 950, "Foot"]]);
    expect(footerTop(full, 0.8)).toBe(0.8);
  });
});
