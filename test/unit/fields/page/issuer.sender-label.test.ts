import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { extractParties } from "../../../../src/extraction/fields/parties.extractor.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-01-01"), documentType: "invoice" as const };

describe("a letter-style German invoice: 'Absender:' over the seller, 'Empfänger:' over the buyer", () => {
  it("reads the name under 'Absender:' as the issuer", () => {
    const text = ["Rechnung Nr. 112", "Absender:", "Daniel Muster", "Musterstadt", "", "Empfänger:", "Tina Beispiel"].join("\n");
    const issuers = extractParties(text, 1, { referenceDate: new Date("2025-01-01") } as never).filter((f) => f.name === "issuer");
    expect(issuers[0]?.value).toBe("Daniel Muster");
  });

  it("does not take the account holder under 'Bankverbindung' ('Empfänger: …' beside the IBAN) for the buyer", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "Muster 3D-Druck", 14], [800, 40, "29.11.2024"],
        [200, 70, "Rechnung Nr. 112"],
        [500, 85, "Rechnungsdatum: 29. November 2024"],
        [700, 120, "Absender:"], [700, 135, "Daniel Muster"], [700, 150, "Musterstadt"],
        [50, 190, "Empfänger:"], [50, 205, "Tina Beispiel"], [50, 220, "Geschäftsführung"],
        [50, 260, "Position"], [300, 260, "Beschreibung"], [800, 260, "Gesamt (€)"],
        [50, 275, "1"], [300, 275, "3D-Modellierung"], [800, 275, "49,99"],
        [500, 310, "Zwischensumme: 49,99 €"], [500, 325, "MwSt. (19%): 9,50 €"], [500, 340, "Gesamtbetrag: 59,49 €"],
        [50, 380, "Zahlungsinformationen:"], [50, 395, "Bankverbindung:"], [50, 410, "Empfänger: Daniel Muster"],
        [50, 425, "IBAN: DE56 6605 0101 1022 0868 03"],
      ]),
    ], opts);
    expect(fields.find((f) => f.name === "issuer")?.value).toBe("Daniel Muster");
    expect(fields.find((f) => f.name === "recipient")?.value).toBe("Tina Beispiel");
  });
});
