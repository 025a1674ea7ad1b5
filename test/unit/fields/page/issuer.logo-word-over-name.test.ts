import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { isBranchOf } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const issuer = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer")?.value;

/** A lender's statement: its logo word, then its name in full with its trade, then the address. */
const statement = (name: string): Placed[] => [
  [700, 20, "FATURA No."], [700, 40, "#000034"],
  [60, 60, "KHUVU"], [60, 80, name], [60, 100, "Av. de Moçambique"], [60, 120, "Rua 0943 Jordao"], [60, 140, "Cell: +258 948384"],
  [700, 140, "Data: 28/01/2022"],
  [60, 200, "Informacao do cliente"], [60, 220, "Nome: Cao Tem Pele"],
  [60, 300, "Codigo"], [300, 300, "Valor do Credito"], [60, 320, "1"], [300, 320, "56586.0"],
];

describe("a name printed again under its logo word with the business's trade after it completes the name", () => {
  it("takes 'Khuvu Microcredito' under the logo 'KHUVU', and other trades the same way", () => {
    expect(issuer(statement("Khuvu Microcredito"))).toBe("Khuvu Microcredito");
    expect(issuer(statement("Khuvu Consulting"))).toBe("Khuvu Consulting");
  });

  it("still reads an outlet's place after the name as a branch, not as part of the name", () => {
    expect(isBranchOf("ACME PIZZA PERMAS JAYA", "ACME PIZZA")).toBe(true);
    expect(isBranchOf("Khuvu Microcrédito", "KHUVU")).toBe(false);
    expect(isBranchOf("Atlas Logistics", "ATLAS")).toBe(false);
    expect(isBranchOf("Nova Insurance", "NOVA")).toBe(false);
  });
});
