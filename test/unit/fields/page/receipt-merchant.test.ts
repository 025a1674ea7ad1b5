import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { cleanPartyName, neverAName, notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { shopName } from "../../../../src/extraction/fields/page/shop.name.js";
import { buildPage } from "../../../../src/extraction/page/page.builder.js";
import type { PageModel, RawWord } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

const receipt = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const merchant = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], receipt).find((f) => f.name === "issuer")?.value;

/** An OCR'd page from `[x, y, text, confidence, height]` rows: every word of a row read with that confidence. */
function ocrPage(rows: readonly [number, number, string, number, number?][]): PageModel {
  const words: RawWord[] = [];
  for (const [x, y, text, confidence, h = 10] of rows) {
    for (const m of text.matchAll(/\S+/g)) {
      if (m.index === undefined) continue;
      words.push({ text: m[0], x0: x + m.index * 0.8 * h, x1: x + (m.index + m[0].length) * 0.8 * h, y0: y, y1: y + h, confidence });
    }
  }
  return buildPage(words, { page: 1, width: 1000, height: 1000, source: "ocr" });
}

/** The body of a German till receipt: items, total, payment, the till's date line. */
const body: Placed[] = [
  [500, 250, "EUR"],
  [60, 270, "Milch 3,5%"],
  [450, 270, "1,09 A"],
  [60, 290, "Butter"],
  [450, 290, "2,29 A"],
  [60, 330, "SUMME EUR"],
  [450, 330, "3,38"],
  [60, 350, "Geg. BAR EUR"],
  [450, 350, "5,00"],
  [60, 370, "Rückgeld BAR EUR"],
  [450, 370, "1,62"],
  [60, 420, "12.03.2024 14:35 Bon 1234"],
];

describe("the merchant of a German supermarket receipt whose logo OCR could not read", () => {
  it("takes the brand from the shop's web address, not the street under the logo", () => {
    const rows: Placed[] = [
      [250, 80, "Hauptstr. 5"],
      [250, 100, "12345 Musterstadt"],
      [250, 120, "Tel.: 0221 / 123456"],
      ...body,
      [150, 500, "Vielen Dank für Ihren Einkauf"],
      [150, 520, "Besuchen Sie uns auf www.nordkauf.de"],
    ];
    expect(merchant(rows)).toBe("Nordkauf");
  });

  it("takes the brand from an e-mail domain, never from a mail provider's", () => {
    const top: Placed[] = [[250, 80, "Hauptstr. 5"], [250, 100, "12345 Musterstadt"]];
    expect(merchant([...top, ...body, [150, 520, "kundenservice@nordkauf.de"]])).toBe("Nordkauf");
    expect(merchant([...top, ...body, [150, 520, "bestellung.baeckerei@gmail.com"]])?.toString().toLowerCase()).not.toBe("gmail");
  });

  it("reads a logo OCR misread by a letter with the spelling of the shop's domain", () => {
    const rows: Placed[] = [[300, 40, "NORDKALF", 24], [250, 100, "Hauptstr. 5"], [250, 120, "12345 Musterstadt"], ...body, [150, 520, "www.nordkauf.de"]];
    expect(merchant(rows)).toBe("NORDKAUF");
  });

  it("never takes the outlet's line (Filiale, Markt number) for the merchant", () => {
    const rows: Placed[] = [
      [250, 60, "Filiale Musterstadt"],
      [250, 80, "Markt 1234"],
      [250, 100, "Hauptstr. 5"],
      [250, 120, "12345 Musterstadt"],
      ...body,
      [150, 500, "Vielen Dank für Ihren Einkauf"],
      [150, 520, "www.nordkauf.de"],
    ];
    expect(merchant(rows)).toBe("Nordkauf");
  });

  it("knows register, tax and outlet labels and farewells for what they are", () => {
    for (const line of ["St.-Nr. 123/456/78901", "Steuernummer 12/345/67890", "UID Nr. ATU12345678", "USt-IdNr. DE123456789", "Filiale Musterstadt", "Markt 0815", "SIRET 123 456 789 00012", "P.IVA 01234567890"]) {
      expect(notAName(line), line).toBe(true);
    }
    for (const line of ["PLEASE VISIT US AGAIN", "Auf Wiedersehen", "À bientôt", "Tot ziens", "Hasta pronto"]) expect(notAName(line), line).toBe(true);
    // The operator's line with its legal form stays a name, and so does a brand with "Markt" in it.
    expect(notAName("Markt Mustermann e.K.")).toBe(false);
    expect(notAName("Nordkauf Markt GmbH")).toBe(false);
  });
});

describe("the merchant of a receipt whose brand is printed in its footer", () => {
  it("passes over the outlet's place printed under the logo, the till's slip title and opening hours", () => {
    const rows: Placed[] = [
      [250, 40, "Köln-Ehrenfeld", 14],
      [250, 60, "Venloer Str. 12"],
      [250, 80, "50823 Köln"],
      [250, 100, "Öffnungszeiten Mo-Sa 7-22 Uhr"],
      [250, 120, "Kundenbeleg"],
      ...body,
      [150, 880, "Nordkauf oHG"],
      [150, 900, "USt-IdNr. DE123456789"],
    ];
    expect(merchant(rows)).toBe("Nordkauf");
  });

  it("finds the operator printed after the payment, above a fiscal block that fills the page's foot", () => {
    const rows: Placed[] = [
      [250, 80, "Hauptstr. 5"],
      [250, 100, "12345 Musterstadt"],
      ...body,
      [150, 600, "Nordkauf Vertriebs-GmbH & Co. KG"],
      [150, 620, "St.-Nr. 123/456/78901"],
      [150, 700, "TSE-Transaktion: 1234"],
      [150, 720, "TSE-Start: 2024-03-12T14:35:12.000"],
      [150, 740, "TSE-Seriennummer: 9f8e7d6c5b4a"],
    ];
    expect(merchant(rows)).toBe("Nordkauf");
  });

  it("takes the brand over a franchisee registered under a person's name", () => {
    expect(shopName("Max Mustermann e.K.")?.owner).toBe(true);
    expect(shopName("Bäckerei Kranz e.K.")?.owner).toBe(false);
    const rows: Placed[] = [[300, 40, "NORDKAUF", 24], [250, 80, "Hauptstr. 5"], [250, 100, "12345 Musterstadt"], ...body, [150, 880, "Max Mustermann e.K."], [150, 900, "USt-IdNr. DE123456789"]];
    expect(merchant(rows)).toBe("NORDKAUF");
  });

  it("reads the brand out of an operator written with \"+ Co.\"", () => {
    expect(shopName("Nordkauf GmbH + Co. KG")).toEqual({ brand: "Nordkauf", owner: false });
  });
});

describe("lines that are never a receipt's merchant", () => {
  it("knows a greeting, a register label and a line of specks", () => {
    expect(neverAName("THANK YOU AND DO VISIT US")).toBe(true);
    expect(neverAName("Company No: JM0")).toBe(true);
    expect(neverAName("~~ —= .. ;: ia")).toBe(true);
    expect(neverAName("MR D.I.Y. (M) SDN BHD")).toBe(false);
    expect(neverAName("Nordkauf")).toBe(false);
  });

  it("passes over a company-number line the text reader takes for the name", () => {
    const page = ocrPage([
      [300, 100, "Aodozy", 0.15, 24],
      [250, 150, "HASHA PETRCKIOSK", 0.65],
      [250, 165, "Company No: JM0G32980-V", 0.6],
      [250, 180, "Lot PTD 198718 Tun Sierra", 0.9],
      [250, 195, "81750 Masai Johor", 0.9],
      [100, 600, "TOTAL 50.00", 0.95],
    ]);
    expect(extractDocumentFields([page], receipt).find((f) => f.name === "issuer")?.value).toBe("HASHA PETRCKIOSK");
  });
});

describe("the street of a German receipt's address is never its merchant", () => {
  it("knows a street written apart from its type, or with OCR's reading of ß, for an address", () => {
    expect(notAName("Kölner Str. 88")).toBe(true);
    expect(notAName("Münchener StraRe 230")).toBe(true);
    expect(notAName("Hauptstrafle 12")).toBe(true);
    expect(notAName("Insntriestrafie 101")).toBe(true);
  });

  it("takes a line ending in a house number above the postcode and town for the street, whatever it is called", () => {
    const rows: Placed[] = [
      [250, 80, "Am Markt 7"],
      [250, 100, "12345 Musterstadt"],
      [250, 120, "Tel.: 0221 / 123456"],
      ...body,
      [150, 560, "Sudl Vertriebs GmbH & Co. KG"],
      [150, 600, "Vielen Dank für Ihren Einkauf"],
    ];
    expect(merchant(rows)).toBe("Sudl");
  });
});

describe("the logo over the operator's name on a German receipt", () => {
  it("is the merchant when the operator's name repeats it", () => {
    const under = (logo: string, operator: string): Placed[] => [[300, 40, logo, 24], [200, 80, operator], [250, 100, "Am Markt 7"], [250, 120, "12345 Musterstadt"], ...body];
    expect(merchant(under("NORDI", "Nordi Weststadt ApS & Co. KG"))).toBe("NORDI");
    expect(merchant(under("ALBA SUD", "ALBA SE & Co. KG"))).toBe("ALBA SUD");
  });

  it("joins a legal form wrapped onto a line of its own to the operator's name above it", () => {
    const head = (lines: Placed[]): Placed[] => [...lines, [250, 100, "Hauptstraße 12"], [250, 120, "12345 Musterstadt"], ...body];
    expect(merchant(head([[200, 60, "Nordi Marken-Discount"], [200, 80, "Stiftung & Co. KG"]]))).toBe("Nordi");
    const footer: Placed[] = [[250, 80, "Hauptstraße 12"], [250, 100, "12345 Musterstadt"], ...body, [150, 560, "Wiesel SB-Warenhaus"], [150, 580, "Holding GmbH & Co. KG"]];
    expect(merchant(footer)).toMatch(/^Wiesel\b/);
  });
});

describe("more lines of a German receipt's head that are never its merchant", () => {
  it("knows opening hours, however OCR split the word", () => {
    expect(notAName("Of fnungszeiten Mo-Sa 8-20 Uhr")).toBe(true);
    expect(notAName("Mo-Fr 7-21 Uhr")).toBe(true);
  });

  it("takes a street whose house number OCR set apart in its own column for the street", () => {
    const rows: Placed[] = [[250, 80, "Aa Markt"], [400, 80, "7"], [250, 100, "12345 Musterstadt"], ...body, [150, 560, "Sudl Vertriebs GmbH & Co. KG"]];
    expect(merchant(rows)).toBe("Sudl");
  });

  it("never takes an item row, its price and tax letter run together by OCR, for the name", () => {
    const rows: Placed[] = [
      [250, 60, "Filiale 8271"],
      [250, 80, "Kölner Str. 88"],
      [250, 100, "10115 Berlin"],
      [500, 140, "EUR"],
      [60, 160, "JOGHURT NATUR"],
      [450, 160, "0,898"],
      ...body.slice(1),
      [150, 560, "Wiesel Warenhaus GmbH"],
    ];
    expect(merchant(rows)).toBe("Wiesel");
  });

  it("reads the legal form GmbH as OCR misreads it", () => {
    expect(cleanPartyName("Tankstellenbetrieb Klein GubM")).toBe("Tankstellenbetrieb Klein GmbH");
    expect(cleanPartyName("Nordi Handels GabH")).toBe("Nordi Handels GmbH");
  });
});

describe("an operator's legal form misread on a line of its own", () => {
  it("reads it as the legal form, joined to the name above, not as a name", () => {
    expect(cleanPartyName("GabH & Co, KG")).toBe("GmbH & Co, KG");
    const rows: Placed[] = [[300, 40, "NORDI", 24], [200, 80, "Nordi Lebensmittel"], [200, 100, "GabH & Co, KG"], [250, 120, "Hauptstraße 12"], [250, 140, "12345 Musterstadt"], ...body];
    expect(merchant(rows)).toBe("NORDI");
  });

  it("reads \"& Co. KG\" with its K misread as an X as the partnership's form, never as the merchant", () => {
    expect(cleanPartyName("Stiftung & Co. XG")).toBe("Stiftung & Co. KG");
    expect(cleanPartyName("GmbH & Co. X6")).toBe("GmbH & Co. KG");
    // An X elsewhere stays as printed.
    expect(cleanPartyName("XG Handel GmbH")).toBe("XG Handel GmbH");
    const rows: Placed[] = [[300, 40, "NORDI", 24], [200, 80, "Nordi Marken Discount"], [200, 100, "Stiftung & Co. XG"], [250, 120, "Hauptstraße 12"], [250, 140, "12345 Musterstadt"], ...body];
    expect(merchant(rows)).toBe("NORDI");
  });
});

describe("the shop's name over its owner's line", () => {
  it("is the merchant, though a logo OCR could not read stands above it", () => {
    const rows = (logo: string, name: string, owner: string): Placed[] => [[300, 30, logo, 24], [200, 80, name], [200, 100, owner], [250, 120, "Hauptstraße 12"], [250, 140, "12345 Musterstadt"], ...body];
    expect(merchant(rows("Emme)", "Backstube Kranz", "Stefan Vogel e.K."))).toBe("Backstube Kranz");
  });

  it("gives way to the logo that it repeats", () => {
    const rows: Placed[] = [[300, 30, "NORDI", 24], [200, 80, "Nordi Tankstelle"], [200, 100, "Stefan Vogel e.K."], [250, 120, "Hauptstraße 12"], [250, 140, "12345 Musterstadt"], ...body];
    expect(merchant(rows)).toBe("NORDI");
  });
});

describe("a petrol station's and a letter-spaced logo's name", () => {
  it("reports the brand without what the outlet is, and a letter-spaced logo as one word", () => {
    const rows = (logo: string, name: string, owner: string): Placed[] => [[300, 30, logo, 24], [200, 80, name], [200, 100, owner], [250, 120, "Hauptstraße 12"], [250, 140, "12345 Musterstadt"], ...body];
    expect(merchant(rows("Emme)", "Nordi Station", "Stefan Vogel e.K."))).toBe("Nordi");
    expect(cleanPartyName("N O R D I")).toBe("NORDI");
  });
});

describe("the merchant of a German receipt whose brand is a picture logo and printed only elsewhere", () => {
  const address: Placed[] = [[250, 100, "Hauptstr. 5"], [250, 120, "28195 Bremen"]];

  it("drops the operator's designation after the brand: a country, a kind of shops, a trade's goods", () => {
    expect(shopName("Tavo Deutschland Stiftung & Co. KG")?.brand).toBe("Tavo");
    expect(shopName("Vitaro Drogeriemärkte GmbH")?.brand).toBe("Vitaro");
    expect(shopName("Grünfeld Biomärkte GmbH & Co. KG")?.brand).toBe("Grünfeld");
    expect(shopName("Marktlinde Filialbetriebe GmbH")?.brand).toBe("Marktlinde");
    expect(shopName("Kornmühle Backwaren GmbH")?.brand).toBe("Kornmühle");
    expect(shopName("Grünfeld Naturkost GmbH")?.brand).toBe("Grünfeld");
  });

  it("reads the brand off the outlet's line, not the branch number or town after it", () => {
    expect(merchant([[250, 80, "Korvia Filiale 3923"], ...address, ...body])).toBe("Korvia");
    expect(merchant([[250, 80, "Filiale: Korvia Bremen"], ...address, ...body])).toBe("Korvia");
  });

  it("takes a brand printed in the footer over the owner's line under a picture logo", () => {
    const top: Placed[] = [[250, 80, "Inh. Claudia Wendt e.K."], ...address];
    expect(merchant([...top, ...body, [150, 520, "www.marktlinde.de"]])).toBe("Marktlinde");
    expect(merchant([...top, ...body, [150, 520, "Marktlinde Plus App"]])).toBe("Marktlinde");
    expect(merchant([...top, ...body, [150, 520, "Marktlindecard Punkte: 120"]])).toBe("Marktlinde");
    expect(merchant([...top, ...body, [150, 520, "Marktlinde sagt Danke!"]])).toBe("Marktlinde");
    expect(merchant([...top, ...body, [150, 520, "Vielen Dank, Ihr Marktlinde Team"]])).toBe("Marktlinde");
  });

  it("never takes a payment or loyalty scheme's card for the shop", () => {
    const top: Placed[] = [[250, 80, "Inh. Claudia Wendt e.K."], ...address];
    for (const line of ["Mastercard", "DeutschlandCard Punkte: 12", "girocard", "PAYBACK App"]) expect(merchant([...top, ...body, [150, 520, line]])).not.toMatch(/master|deutschland|giro|payback/i);
  });

  it("takes a brand the receipt prints in two places over noise OCR read off the picture logo", () => {
    const rows: Placed[] = [[300, 40, "Od)oF", 24], ...address, ...body, [150, 600, "Korvia Markt GmbH"], [150, 640, "www.korvia.de"]];
    expect(merchant(rows)).toBe("Korvia");
    const thanks: Placed[] = [[300, 40, "Ado", 24], ...address, ...body, [150, 600, "Tavo Vertriebs GmbH & Co. KG"], [150, 640, "Vielen Dank für Ihren Einkauf bei Tavo"]];
    expect(merchant(thanks)).toBe("Tavo");
  });

  it("spells a name OCR read without its umlaut as the shop's own domain spells it", () => {
    expect(merchant([[300, 40, "Grinfeld Naturkost GmbH"], ...address, ...body, [150, 640, "info@gruenfeld.de"]])).toBe("Grünfeld");
    expect(merchant([[300, 40, "KORNMUHLE", 24], ...address, ...body, [150, 640, "www.kornmuehle.de"]])).toBe("KORNMÜHLE");
    // OCR reads the domain's dot as a comma.
    expect(merchant([[300, 40, "Grinfeld Naturkost GmbH"], ...address, ...body, [150, 640, "E-Mail: service@gruenfeld,de"]])).toBe("Grünfeld");
    // "ue" after a vowel is no umlaut: a name OCR read a letter off "feuerstein.de" is not re-spelt "Feürstein".
    expect(merchant([[300, 40, "Feurstein Markt GmbH"], ...address, ...body, [150, 640, "www.feuerstein.de"]])).not.toMatch(/ü/);
    // A brand that spells itself with "ue" keeps it.
    expect(merchant([[300, 40, "Mueller Markt GmbH"], ...address, ...body, [150, 640, "www.mueller.de"]])).toBe("Mueller");
  });

  it("reads an operator's designation OCR garbled around its umlaut", () => {
    expect(shopName("Vitaro Drogeriemédrkte GmbH")?.brand).toBe("Vitaro");
  });

  it("takes the operator's brand over a short logo OCR read unsurely and the receipt prints nowhere else", () => {
    const rows = (logo: string, conf: number) =>
      ocrPage([[300, 40, logo, conf, 24], ...[...address, ...body, [150, 600, "SPARKO Markt GmbH"] as Placed].map(([x, y, text]) => [x, y, text, 0.95] as [number, number, string, number])]);
    const merchantOf = (p: PageModel) => extractDocumentFields([p], receipt).find((f) => f.name === "issuer")?.value;
    expect(merchantOf(rows("Ado", 0.64))).toBe("SPARKO");
    // Nor over the shop's domain, when the operator's line is only its owner's.
    const owned = ocrPage([[300, 40, "od)F)", 0.55, 24], ...[[250, 80, "Inh. Frank Böhm"], ...address, ...body, [150, 600, "info@kornmuehle.de"]].map(([x, y, text]) => [x, y, text, 0.95] as [number, number, string, number])]);
    expect(merchantOf(owned)).toBe("Kornmuehle");
    // A logo read surely is the shop's name, whatever its operator is called.
    expect(merchantOf(rows("NORDI", 0.95))).toBe("NORDI");
  });
});
