import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const issuer = (rows: readonly Placed[]) => extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;

describe("a Malay letter-style invoice's sender", () => {
  it("reads the name under 'Daripada:' (from) as the issuer, not the label itself", () => {
    const rows: Placed[] = [
      [300, 40, "Invois"], [50, 80, "Daripada:"], [50, 95, "Ahmad bin Abdullah"], [50, 115, "Kepada:"], [50, 130, "Pengurus Kewangan,"], [50, 142, "Contoh Sdn. Bhd"],
      [50, 160, "22 Sep 2022"], [50, 200, "Jumlah Keseluruhan: RM 3,250. Mohon kreditkan ke akaun bank."],
    ];
    expect(issuer(rows)).toBe("Ahmad bin Abdullah");
  });
});
