import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const issuer = (rows: readonly Placed[]) => extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;

describe("an avenue abbreviated 'Av.' or 'Avda.'", () => {
  it("is an address line, never the issuer ('Av. de Moçambique', 'Avda. de la Constitución')", () => {
    const rows = (street: string): Placed[] => [
      [600, 40, "FATURA No."], [600, 55, "#000034"], [50, 80, "KHUVU"], [50, 95, street], [50, 110, "Rua 0943 Jordao"], [50, 125, "Cell: +258 948384"],
      [600, 140, "Data: 28/01/2022"], [500, 300, "Total: 2500.00"],
    ];
    expect(issuer(rows("Av. de Moçambique"))).not.toBe("Av. de Moçambique");
    expect(issuer(rows("Avda. de la Constitución"))).not.toBe("Avda. de la Constitución");
  });
});
