import { describe, expect, it } from "vitest";
import { falseSpaces } from "../../../src/extraction/pdf.split-labels.js";
import { pdfTextItemsToWords } from "../../../src/extraction/pdf.words.js";

const VIEWPORT = [1, 0, 0, -1, 0, 800];

/** `str` with its false spaces taken out. */
const repaired = (str: string, after = ""): string => falseSpaces(str, after).sort((a, b) => b - a).reduce((t, i) => t.slice(0, i) + t.slice(i + 1), str);

describe("label words a text layer split with a space", () => {
  it("are joined where the joined word is a label and the part after the space starts lower-case", () => {
    expect(repaired("Ver käufer :")).toBe("Verkäufer :");
    expect(repaired("Br uttosumme")).toBe("Bruttosumme");
    expect(repaired("Zahlbetr ag")).toBe("Zahlbetrag");
    expect(repaired("Rechnungs dat um : 01.02.2024")).toBe("Rechnungsdatum : 01.02.2024");
  });

  it("are joined when the label needs the text of the next item on the row", () => {
    expect(repaired("Rechnungskor rektur")).toBe("Rechnungskor rektur");
    expect(repaired("Rechnungskor rektur", " Nr. RK4711")).toBe("Rechnungskorrektur");
  });

  it("leaves words apart that a label reads apart, prose, and words that make no label", () => {
    for (const s of ["Invoice number 4711", "Bill to", "Total amount due", "Käufer :", "Zahlbar inner halb 30 Tagen", "Steuer basisbetr ag", "please pay the total amount due to the account below"]) expect(repaired(s), s).toBe(s);
  });

  it("gives the page one word for the label, its box over both parts", () => {
    const words = pdfTextItemsToWords([{ str: "Ver käufer :", transform: [10, 0, 0, 10, 50, 700], width: 60 }], VIEWPORT);
    expect(words.map((w) => w.text)).toEqual(["Verkäufer", ":"]);
    expect(words[0]!.x0).toBeCloseTo(50);
    expect(words[0]!.x1).toBeCloseTo(50 + 10 * 5);
  });
});
