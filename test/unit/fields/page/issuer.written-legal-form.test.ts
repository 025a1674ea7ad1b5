import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

/** A Latin American invoice: a page counter over the title, the seller's trade name, then its legal name written out. */
const factura: Placed[] = [
  [800, 20, "Folio 1 de 1"],
  [700, 40, "DOCUMENTO TRIBUTARIO ELECTRÓNICO"],
  [400, 70, "Pinolera"], [700, 70, "FACTURA ELECTRÓNICA"],
  [700, 90, "Serie: ABCD1234"],
  [350, 100, "Pinolera, Sociedad Anónima"],
  [700, 110, "No.: 987654321"],
  [350, 120, "Ciudad de Guatemala"], [700, 120, "Fecha: 08/10/2022"],
  [100, 400, "TOTAL"], [700, 400, "1,250.00"],
];

describe("a legal form written out", () => {
  it("marks the seller's name as a company's (Sociedad Anónima, Aktiengesellschaft)", () => {
    expect(extractDocumentFields([pageOf(factura)], opts).find((f) => f.name === "issuer")?.value).toBe("Pinolera, Sociedad Anónima");
  });
});

describe("a page counter", () => {
  it("is no name in any language", () => {
    for (const t of ["Folio 1 de 1", "Page 2 of 3", "Seite 1 von 2", "Pagina 1 di 2", "Strona 1 z 2"]) expect(notAName(t), t).toBe(true);
    expect(notAName("Folio Society Ltd")).toBe(false);
  });
});
