import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const field = (items: readonly Placed[], name: string) => extractDocumentFields([pageOf([[50, 40, "Atelier Morvanne SARL", 20], ...items])], opts).find((f) => f.name === name);
const amount = (items: readonly Placed[], name: string) => (field(items, name)?.value as Money | undefined)?.amount;

describe("thousands grouped with a space (French: 3 487,73)", () => {
  const totals: Placed[] = [
    [500, 500, "Montant HT"], [800, 500, "EUR 3 148,84"],
    [500, 515, "TVA 20 %"], [800, 515, "EUR 629,77"],
    [500, 530, "Total TTC"], [800, 530, "EUR 3 778,61"],
  ];

  it("reads the whole amount, not its last group", () => {
    expect(amount(totals, "total")).toBe(3778.61);
    expect(amount(totals, "subtotal")).toBe(3148.84);
  });

  it("reads grouped millions", () => {
    expect(amount([[500, 500, "Net à payer"], [800, 500, "1 203 148,84 €"]], "total")).toBe(1203148.84);
  });

  it("keeps a quantity in its own column apart from the price beside it", () => {
    const items: Placed[] = [
      [50, 300, "Désignation"], [500, 300, "Qté"], [800, 300, "Montant"],
      [50, 315, "Jeu de câbles"], [500, 315, "2"], [800, 315, "150,00"],
      [500, 500, "Total TTC"], [800, 500, "150,00 €"],
    ];
    expect(amount(items, "total")).toBe(150);
  });

  it("is not read on a document with decimal points", () => {
    expect(amount([[500, 480, "Subtotal 12.50"], [500, 500, "Total"], [800, 500, "3 487.73"]], "total")).not.toBe(3487.73);
  });
});

describe("a scan's OCR spacing the separators off (7. 248, 67)", () => {
  it("reads a space after the thousands separator as one amount", () => {
    const totals: Placed[] = [
      [500, 500, "Gesamt netto"], [800, 500, "EUR 6.091,32"],
      [500, 515, "19% MwSt."], [800, 515, "EUR 1.157,35"],
      [500, 530, "Gesamt brutto"], [800, 530, "EUR 7. 248, 67"],
    ];
    expect(amount(totals, "total")).toBe(7248.67);
    expect(amount([[500, 500, "Total factura"], [800, 500, "4. 250,22 €"]], "total")).toBe(4250.22);
  });

  it("reads the decimals spaced off after unspaced thousands, and a dollar amount spaced apart", () => {
    expect(amount([[500, 500, "Nettobetrag"], [800, 500, "21.309,30"], [500, 530, "Summe"], [800, 530, "25.097, 11"]], "total")).toBe(25097.11);
    expect(amount([[500, 500, "Subtotal"], [800, 500, "$4,606.26"], [500, 530, "Total due"], [800, 530, "$4, 971. 87"]], "total")).toBe(4971.87);
  });

  it("reads space-grouped thousands with the decimals spaced off", () => {
    expect(amount([[500, 500, "Montant HT"], [800, 500, "EUR 3 148, 84"], [500, 530, "Total TTC"], [800, 530, "EUR 3 778,61"]], "subtotal")).toBe(3148.84);
  });

  it("leaves a spaced date alone", () => {
    expect(amount([[500, 500, "Datum"], [800, 500, "7. 05. 2014"], [500, 530, "Total"], [800, 530, "12,50"]], "total")).toBe(12.5);
  });
});
