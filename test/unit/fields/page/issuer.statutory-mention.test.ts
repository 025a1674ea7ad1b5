import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-09-01"), documentType: "invoice" as const };
/** A PDF's text layer. */
const issuer = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;

/** A utility bill whose brand is a logo: the top holds a heading and the customer's address. */
const frenchBill: Placed[] = [
  [60, 40, "NOUS CONTACTER", 12], [700, 40, "Facture du 12/03/2026"],
  [700, 60, "N° de facture : 10045872611"],
  [60, 120, "M DUPONT JEAN"], [60, 134, "12 RUE DES LILAS"], [60, 148, "75011 PARIS"],
  [60, 300, "Électricité"], [700, 300, "84,20 €"],
  [60, 330, "Montant total TTC"], [700, 330, "101,04 €"],
];

const britishBill: Placed[] = [
  [60, 40, "Mr John Smith", 12], [700, 40, "Any questions?"],
  [60, 56, "10 Station Road"], [60, 70, "Leicester LE1 1AA"],
  [700, 90, "Invoice number 700012345678"], [700, 104, "Invoice date 4 July 2026"],
  [60, 300, "Total charges"], [700, 300, "£61.14"],
];

describe("a company's statutory mention names the registered issuer", () => {
  it("reads the company before a French share-capital line ('EDF-SA au capital de …', 'Société Acme, SARL au capital de …')", () => {
    expect(issuer([...frenchBill, [60, 880, "EDF-SA au capital de 1 549 961 789,50 € Siège social : 22-30 avenue de Wagram 75382 Paris"]])).toBe("EDF-SA");
    expect(issuer([...frenchBill, [60, 880, "Énergies Nouvelles SAS au capital social de 10 000 € - RCS Lyon 812 345 678"]])).toBe("Énergies Nouvelles SAS");
    expect(issuer([...frenchBill, [60, 880, "12 rue Haute - Société Lumière, SARL au capital de 8 000 €"]])).toBe("Société Lumière, SARL");
  });

  it("reads the company a British trading-name notice names ('… is a trading name of British Gas Trading Limited')", () => {
    expect(issuer([...britishBill, [60, 880, "Northern Power is a trading name of Northern Power Supply Limited. Registered in England No. 123456."]])).toBe("Northern Power Supply Limited");
  });

  it("reads no name from a share-capital line that names only a legal form, nor from a notice that names no company", () => {
    expect(issuer([...frenchBill, [60, 880, "Société par actions simplifiée au capital de 10 000 €"]])).not.toBe("Société par actions simplifiée");
    expect(issuer([...britishBill, [60, 880, "Northern Power is a trading name of our parent group."]])).not.toBe("our parent group");
  });
});
