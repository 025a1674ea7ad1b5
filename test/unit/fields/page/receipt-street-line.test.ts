import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const issuer = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "issuer")?.value;

describe("a receipt's address block under the shop's name", () => {
  it("takes the name over the street line, a house number and a street of no known street word", () => {
    const rows: Placed[] = [
      [120, 40, "Buona Forchetta - Encinitas"],
      [150, 60, "250 N Coast Hwy 101"],
      [150, 80, "Encinitas, CA 92024"],
      [50, 120, "Server: Even J"],
      [50, 140, "Gnocchi Special"], [450, 140, "$30.00"],
      [50, 180, "Total"], [450, 180, "$30.00"],
    ];
    expect(issuer(rows)).toMatch(/^Buona Forchetta/);
  });

  it("still takes a shop whose name opens with a number and a trade word above its address", () => {
    const rows: Placed[] = [
      [120, 40, "99 SPEED MART"],
      [150, 60, "LOT 2811, JALAN ANGSA 56100"],
      [50, 120, "MILO 1KG"], [450, 120, "30.00"],
      [50, 180, "TOTAL"], [450, 180, "30.00"],
    ];
    expect(issuer(rows)).toBe("99 SPEED MART");
  });
});
