import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const issuer = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "issuer")?.value;

describe("a logo set one word per line over the name in plain type", () => {
  it("takes the name the plain line spells out, without its outlet, over a piece of the logo", () => {
    const rows: Placed[] = [
      [180, 30, "MAPLE"],
      [180, 50, "GROVE"],
      [60, 90, "MAPLE GROVE MARKET - WESTPORT, CT 06880"],
      [60, 110, "399 POST RD WEST - (203) 227-6858"],
      [100, 150, "BACON LS"], [450, 150, "4.99"],
      [100, 170, "FLOUR ALMOND"], [450, 170, "11.99"],
      [100, 190, "TAX .00 BAL"], [450, 190, "16.98"],
    ];
    expect(issuer(rows)).toBe("MAPLE GROVE MARKET");
  });

  it("leaves a logo on one line as the name: one line is no stack of pieces", () => {
    const rows: Placed[] = [
      [180, 30, "ACME"],
      [60, 70, "ACME STORES - WESTPORT, CT 06880"],
      [100, 150, "BACON LS"], [450, 150, "4.99"],
      [100, 190, "TOTAL"], [450, 190, "4.99"],
    ];
    expect(issuer(rows)).toBe("ACME");
  });
});
