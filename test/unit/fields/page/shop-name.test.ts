import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { shopName } from "../../../../src/extraction/fields/page/shop.name.js";
import { pageOf, type Placed } from "./page.helpers.js";

const receipt = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const issuerOf = (rows: readonly Placed[], opts: { documentType: "receipt" | "invoice"; referenceDate: Date } = receipt) =>
  extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "issuer");

describe("the merchant of a German till receipt is the shop's brand", () => {
  it("reads the brand out of the operating company's name", () => {
    expect(shopName("Nordkauf Markt GmbH")).toEqual({ brand: "Nordkauf", owner: false });
    expect(shopName("Sudl Vertriebs-GmbH & Co. KG")).toEqual({ brand: "Sudl", owner: false });
    expect(shopName("Wiesenhof Dienstleistung GmbH & Co. oHG")).toEqual({ brand: "Wiesenhof", owner: false });
    expect(shopName("ALBA SÜD GmbH & Co. oHG")).toEqual({ brand: "ALBA SÜD", owner: false });
    expect(shopName("Bäckerei Kranz e.K.")).toEqual({ brand: "Bäckerei Kranz", owner: false });
  });

  it("knows an owner's or franchisee's line for what it is", () => {
    expect(shopName("Markt Mustermann e.K.")?.owner).toBe(true);
    expect(shopName("Inh. Petra Mustermann")?.owner).toBe(true);
  });

  it("leaves names under other laws, and names without a legal form, as printed", () => {
    expect(shopName("NORTHWIND TRADING SDN BHD")).toBeNull();
    expect(shopName("Acme Supplies Ltd")).toBeNull();
    expect(shopName("NORDKAUF")).toBeNull();
  });

  it("reports the brand, not the operator printed under it", () => {
    const rows: Placed[] = [
      [300, 40, "NORDKAUF", 24],
      [250, 80, "NORDKAUF Markt GmbH"],
      [250, 100, "Hauptstraße 12"],
      [250, 120, "50667 Köln"],
      [100, 200, "BANANE 1,29 B"],
      [100, 240, "SUMME EUR 1,29"],
      [100, 260, "Geg. BAR EUR 5,00"],
      [100, 280, "Rückgeld BAR EUR 3,71"],
    ];
    expect(issuerOf(rows)?.value).toBe("NORDKAUF");
  });

  it("reports the brand when the legal form stands on the line under it", () => {
    const rows: Placed[] = [
      [300, 40, "ALBA SÜD", 18],
      [280, 70, "GmbH & Co. oHG"],
      [280, 90, "Musterstr 5"],
      [280, 110, "12345 Neustadt"],
      [100, 200, "Brot 1,79 A"],
      [100, 240, "Summe 1,79"],
    ];
    const issuer = issuerOf(rows);
    expect(issuer?.value).toBe("ALBA SÜD");
    expect(issuer?.raw).toBe("ALBA SÜD");
  });

  it("takes the brand over the franchisee who owns the outlet", () => {
    const rows: Placed[] = [
      [300, 40, "EDAKO", 24],
      [250, 80, "Markt Mustermann e.K."],
      [250, 100, "Hauptstr. 1"],
      [250, 120, "12345 Neustadt"],
      [100, 200, "Kaffee 5,99 B"],
      [100, 240, "SUMME EUR 5,99"],
    ];
    expect(issuerOf(rows)?.value).toBe("EDAKO");
  });

  it("keeps an invoice's issuer as registered", () => {
    const rows: Placed[] = [
      [100, 40, "Nordkauf Vertriebs-GmbH", 16],
      [100, 70, "Hauptstraße 12, 50667 Köln"],
      [100, 140, "Rechnung Nr. 2024-117"],
      [100, 400, "Gesamtbetrag 119,00 EUR"],
    ];
    expect(issuerOf(rows, { documentType: "invoice", referenceDate: new Date("2024-06-01") })?.value).toBe("Nordkauf Vertriebs-GmbH");
  });
});

describe("a shop's name where the logo could not be read", () => {
  const body: Placed[] = [
    [150, 100, "Musterweg 3"],
    [150, 120, "12345 Neustadt"],
    [500, 150, "EUR"],
    [60, 180, "Milch 3,5%"],
    [450, 180, "1,09 A"],
    [60, 200, "Butter"],
    [450, 200, "2,29 A"],
    [60, 240, "SUMME EUR"],
    [450, 240, "3,38"],
    [60, 260, "Datum: 12.03.2024 Uhrzeit: 14:35:12 Uhr"],
  ];

  it("takes the name a thank-you line gives the shop", () => {
    const issuer = issuerOf([[250, 40, "~ =iL", 30], ...body, [60, 300, "Vielen Dank für Ihren Einkauf bei Nordkauf!"]]);
    expect(issuer?.value).toBe("Nordkauf");
    expect(issuer?.raw).toBe("Nordkauf");
  });

  it("reads the name after welcome and thank-you phrases, never a pronoun or a plain word", () => {
    const names = (line: string) => extractDocumentFields([pageOf([...body, [60, 300, line]])], receipt).find((f) => f.name === "issuer")?.value;
    expect(names("Thank you for shopping at Acme Mart.")).toBe("Acme Mart");
    expect(names("Ihr Nordkauf-Team")).toBe("Nordkauf");
    expect(names("Vielen Dank für Ihren Einkauf bei uns")).not.toBe("uns");
    expect(names("WELCOME TO THE FAMILY")).not.toBe("THE FAMILY");
    expect(names("Willkommen bei Nordkauf")).toBe("Nordkauf");
  });

  it("never takes the currency heading of the amounts column or an item row for the name", () => {
    const issuer = issuerOf(body);
    expect(issuer?.value).not.toBe("EUR");
    expect(issuer?.value).not.toBe("Milch 3,5%");
    expect(issuer?.value).not.toBe("Butter");
  });
});

describe("operators' names that carry more than a legal form", () => {
  it("drops a European or foundation form before \"& Co. KG\", a holding and a compound business word", () => {
    expect(shopName("ALBA SE & Co. KG")?.brand).toBe("ALBA");
    expect(shopName("Nordi Weststadt ApS & Co. KG")?.brand).toBe("Nordi Weststadt");
    expect(shopName("Nordi Marken-Discount Stiftung & Co. KG")?.brand).toBe("Nordi");
    expect(shopName("Kaufhof Holding GmbH")?.brand).toBe("Kaufhof");
    expect(shopName("NORMO Lebensmittelfilialbetrieb Stiftung & Co. KG")?.brand).toBe("NORMO");
    expect(shopName("ALBA GmbH & Co. KG Weyhe")?.brand).toBe("ALBA");
  });

  it("knows a company named only by its trade or business for an operator, not a brand", () => {
    expect(shopName("Tankstellen-Betriebs GmbH")?.owner).toBe(true);
    expect(shopName("Tankstellenbetrieb Klein GmbH")?.owner).toBe(true);
    expect(shopName("Stiftung & Co. KG")?.owner).toBe(true);
  });

  it("reads those words and the owner's label as OCR misreads them", () => {
    expect(shopName("Tankstellenbetried Klein GmbH")?.owner).toBe(true);
    expect(shopName("NORMO Lebensmittelfilialbetriet Stiftung & Co. KG")?.brand).toBe("NORMO");
    expect(shopName("Ink. Peter Kranz")?.owner).toBe(true);
  });
});
