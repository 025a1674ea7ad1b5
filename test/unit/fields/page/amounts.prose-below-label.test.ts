import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("a value under an amount label", () => {
  // A totals table on the right whose values sit three rows under its headings, beside the payment terms' prose
  // on the left: the late-payment fee ending a sentence there is no subtotal.
  const page = pageOf([
    [60, 40, "FACTURE N° : F2024-0007"],
    [60, 55, "Date : 31/01/2024"],
    [60, 600, "Tout retard de paiement engendre une pénalité exigible à compter de la date d'échéance", 7],
    [600, 604, "TOTAL HT\tTOTAL TVA\tTOTAL TTC", 7],
    [60, 612, "de trois fois le taux d'intérêt légal.", 7],
    [60, 624, "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €.", 7],
    [60, 636, "Les réglements reçus avant la date d'échéance ne donneront pas lieu à escompte.\t100,00\t0,00\t100,00", 7],
    [700, 660, "Acompte :\t10,00"],
    [60, 680, "Date d'échéance :\t02/03/2024\tNET A PAYER\t90,00 EUR"],
  ]);
  const fields = extractDocumentFields([page], opts);
  const amount = (name: string) => (fields.find((f) => f.name === name)?.value as Money | undefined)?.amount;

  it("is not an amount that ends a sentence of prose below it", () => {
    expect(amount("subtotal")).not.toBe(40);
    // The grand total (TOTAL TTC), not the amount payable after the prepayment (see amounts.prepayment.test.ts).
    expect(amount("total")).toBe(100);
  });
});
