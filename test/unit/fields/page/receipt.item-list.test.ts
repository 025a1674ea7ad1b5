import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { brandDomains } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };

/**
 * A grocery till slip whose logo OCR did not read: the web address stands where the logo was, a staff line follows,
 * then the item list, one of whose prices OCR lost ("Strawberries⇥F3").
 */
const slip: Placed[] = [
  [300, 40, "www. NORDKAUF .us"],
  [200, 60, "Your Cashier Today was Ellen"],
  [100, 100, "Grape Tomatoes"], [700, 100, "1.49 F3"],
  [100, 115, "Strawberries"], [700, 115, "F3"],
  [100, 130, "Green Grapes"], [700, 130, "2.99"],
  [100, 145, "Broccoli Crowns"],
  [100, 200, "SUBTOTAL"], [700, 200, "4.48"],
  [100, 215, "AMOUNT DUE"], [700, 215, "4.48"],
];

describe("a receipt's item list", () => {
  it("names no merchant: an article whose price OCR lost is no shop name", () => {
    const issuers = extractDocumentFields([pageOf(slip)], opts)
      .filter((f) => f.name === "issuer")
      .flatMap((f) => [f.value, ...(f.alternatives ?? []).map((a) => a.value)])
      .map(String);
    expect(issuers).not.toContain("Strawberries F3");
    expect(issuers).not.toContain("Strawberries");
    expect(issuers[0]).toBe("Nordkauf");
  });

  it("leaves a name above the first item row a candidate", () => {
    const named = extractDocumentFields([pageOf([[300, 20, "NORDKAUF MARKT"], ...slip.slice(1)])], opts);
    expect(named.find((f) => f.name === "issuer")?.value).toBe("NORDKAUF MARKT");
  });
});

describe("a web address OCR spaced apart", () => {
  it("still names the brand (www. NORDKAUF .us)", () => {
    expect(brandDomains("www. NORDKAUF .us")).toEqual(["NORDKAUF"]);
    expect(brandDomains("www.nordkauf.us")).toEqual(["nordkauf"]);
  });

  it("needs the www. and a top-level domain: words around a stray www. are no address", () => {
    expect(brandDomains("see www. and more .com")).toEqual([]);
  });
});
