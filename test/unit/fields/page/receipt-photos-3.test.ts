import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";
import { buildPage } from "../../../../src/extraction/page/page.builder.js";
import type { RawWord } from "../../../../src/extraction/page/page.model.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
/** Words placed as `pageOf` places them, all read with the given confidence. */
function rawWords(items: readonly Placed[], confidence: number): RawWord[] {
  return items.flatMap(([x, y, text, h = 10]) =>
    [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], x0: x + (m.index ?? 0) * 0.8 * h, x1: x + ((m.index ?? 0) + m[0].length) * 0.8 * h, y0: y, y1: y + h, confidence })),
  );
}
const issuer = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "issuer")?.value;

describe("receipt photos: what is not the merchant's name", () => {
  it("does not take a return policy's wrapped sentence ('from the date of purchase') for a seller label", () => {
    const rows: Placed[] = [
      [120, 40, "CORNER FOOD MARKET"],
      [150, 60, "12 Sample Way"],
      [150, 80, "Springfield, CA 90000"],
      [50, 120, "Soy Sauce"], [450, 120, "14.79"],
      [50, 160, "TOTAL"], [450, 160, "14.79"],
      [80, 220, "For RETURN and EXCHANGE, items"],
      [80, 235, "must be returned within 10 days"],
      [80, 250, "from the Date of Purchase"],
    ];
    expect(issuer(rows)).toBe("CORNER FOOD MARKET");
  });

  it("still reads a name after a 'From' that opens a line", () => {
    const rows: Placed[] = [
      [50, 40, "Payment receipt"],
      [50, 80, "From Northwind Traders"],
      [50, 120, "Amount paid"], [450, 120, "14.79"],
    ];
    expect(issuer(rows)).toBe("Northwind Traders");
  });
});

describe("receipt photos: the merchant's name at the top", () => {
  it("takes a logo's brand read with its mark as a symbol glued to it ('@ACME') over the slogan under it", () => {
    const rows: Placed[] = [
      [200, 40, "@BULLSEYE", 40],
      [220, 90, "SHOP MORE"],
      [220, 105, "PAY LESS"],
      [200, 130, "SPRINGFIELD - 555-270-6556"],
      [50, 170, "10/20/2014 07:30 PM"],
      [50, 200, "WAND REFILL"], [450, 200, "$2.89"],
      [50, 240, "TOTAL"], [450, 240, "$2.89"],
    ];
    expect(issuer(rows)).toBe("BULLSEYE");
  });

  it("does not take the town between the street line and the phone line, even under a name OCR was unsure of", () => {
    const words = [
      ...rawWords([[150, 40, "SUPERMERCADO EJEMPLO"]], 0.1),
      ...rawWords([
        [150, 60, "Paseo Buenavista S/N"],
        [150, 80, "Castellon"],
        [150, 100, "Telefono 964000000"],
        [50, 120, "06/09/2004 19:24"],
        [50, 160, "1 TOMATE"], [450, 160, "0,75"],
        [50, 200, "TOTAL"], [450, 200, "0,75"],
      ], 0.9),
    ];
    const page = buildPage(words, { page: 1, width: 1000, height: 1000, source: "ocr" });
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("SUPERMERCADO EJEMPLO");
  });

  it("reads a phone line labelled in Spanish or Italian ('Telefono') as a contact, not a name", () => {
    const rows: Placed[] = [
      [150, 40, "Telefono", 14], [400, 40, "964000000", 14],
      [150, 70, "Panaderia Lopez"],
      [50, 160, "1 TOMATE"], [450, 160, "0,75"],
      [50, 200, "TOTAL"], [450, 200, "0,75"],
    ];
    expect(issuer(rows)).toBe("Panaderia Lopez");
  });
});

describe("receipt photos: a staff line addressed to the customer", () => {
  it("is no merchant name (\"Your Cashier Today was …\", \"Today's server: …\")", () => {
    for (const staff of ["Your Cashier Today was Robin", "Today's Server: Robin"]) {
      const rows: Placed[] = [
        [120, 40, staff],
        [50, 120, "Bananas"], [450, 120, "1.29"],
        [50, 160, "TOTAL"], [450, 160, "1.29"],
        [50, 200, "VISA"], [450, 200, "1.29"],
      ];
      expect(issuer(rows)).toBeUndefined();
    }
  });
});
