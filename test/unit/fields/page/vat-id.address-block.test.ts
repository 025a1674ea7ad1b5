import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const vatId = (items: readonly Placed[]) => extractDocumentFields([pageOf(items)], opts).find((f) => f.name === "vat_id")?.value;

describe("a tax id at the foot of another company's address block", () => {
  it("is the recipient's, though no label says so", () => {
    const page: Placed[] = [
      [60, 40, "Brühbach & Lindbach AG", 20], [60, 65, "Brührodegasse 20"], [60, 80, "16317 Ebersbach"],
      [60, 150, "Haverveld Installatietechniek GmbH"], [600, 150, "Rechnungsdatum 15.08.2024"],
      [60, 165, "Zu Händen Eva Ebersau"], [600, 165, "Rechnung Nr. 60-80551"],
      [60, 180, "Terloostraat 82"],
      [60, 195, "58508 Hoogdam"],
      [60, 210, "USt-IdNr.: DE687847430"],
      [500, 500, "Endbetrag"], [800, 500, "3,19 €"],
      [60, 560, "Bitte überweisen Sie den Betrag innerhalb von 30 Tagen."],
      [60, 575, "USt-IdNr.: DE392793789"],
    ];
    expect(vatId(page)).toBe("DE392793789");
  });

  it("is the recipient's below the recipient label's usual reach", () => {
    const page: Placed[] = [
      [700, 40, "73 avenue Monteuil"], [700, 55, "35200 Grenac"],
      [60, 130, "Facture", 18],
      [60, 170, "Client"], [60, 185, "Wickfield Print Works GmbH"], [60, 200, "166 Thornton Avenue"], [60, 215, "21642 Marlbury"], [60, 230, "Allemagne"],
      [60, 245, "TVA: DE509371471"],
      [500, 500, "Total à payer"], [800, 500, "EUR 35 190,56"],
      [60, 950, "Vaudanne Distribution SAS", 6], [300, 950, "IBAN FR31 5261 8384 5638 6781 0032 521", 6], [700, 950, "TVA FR70907824830", 6],
    ];
    expect(vatId(page)).toBe("FR70907824830");
  });

  it("stays the issuer's when the block is the issuer's own letterhead", () => {
    const page: Placed[] = [
      [60, 40, "Brühbach & Lindbach AG", 20], [60, 65, "Brührodegasse 20"], [60, 80, "16317 Ebersbach"], [60, 95, "USt-IdNr.: DE392793789"],
      [60, 150, "Rechnungsempfänger:"], [60, 165, "Haverveld Installatietechniek GmbH"], [60, 180, "Terloostraat 82"], [60, 195, "58508 Hoogdam"],
      [500, 500, "Endbetrag"], [800, 500, "3,19 €"],
    ];
    expect(vatId(page)).toBe("DE392793789");
  });
});
