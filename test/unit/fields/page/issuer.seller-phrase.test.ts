import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const issuer = (items: readonly Placed[]) => extractDocumentFields([pageOf(items)], opts).find((f) => f.name === "issuer")?.value;

const rest: Placed[] = [
  [600, 50, "Invoice No: INV-0042"],
  [600, 65, "Date: 03/03/2024"],
  [60, 200, "Bill To:"],
  [60, 215, "Jane Doe"],
  [400, 430, "Total £120.00"],
];

describe("a seller word is a label only before its value", () => {
  it("a seller noun run into the words after it starts a name, not a label and its value", () => {
    const found = issuer([[60, 50, "Seller Trading Name"], [60, 65, "Brightside Consulting Ltd"], [60, 80, "5 Mill Lane, Leeds"], ...rest]);
    expect(found).not.toBe("Trading Name");
  });

  it("before a colon, a column gap or the row's end it labels the seller", () => {
    expect(issuer([[60, 50, "Supplier: Brightside Consulting Ltd"], ...rest])).toBe("Brightside Consulting Ltd");
    expect(issuer([[60, 50, "Lieferant"], [60, 65, "Brightside Consulting Ltd"], ...rest])).toBe("Brightside Consulting Ltd");
  });

  it("a phrase that ends in its preposition leads into the name", () => {
    expect(issuer([[60, 50, "Sold by Brightside Consulting Ltd"], ...rest])).toBe("Brightside Consulting Ltd");
  });

  it("so does the phrase in the other languages, above a status word the top of the page prints first", () => {
    const sold = (phrase: string): Placed[] => [[600, 20, "Paid"], [600, 35, `${phrase} Brightside Consulting S.L.`], ...rest];
    for (const phrase of ["Vendido por", "Venduto da", "Verkauft von", "Vendu par", "Verkocht door"]) {
      expect(issuer(sold(phrase)), phrase).toBe("Brightside Consulting S.L.");
    }
  });

  it("is no part of the name where the letterhead's reading takes the line", () => {
    const page: Placed[] = [[600, 20, "Paid"], [60, 35, "Venduto da Brightside Europe S.à r.l., Succursale Italiana", 16], [60, 60, "Viale Roma 3, 20124 Milano"], ...rest];
    expect(issuer(page)).toBe("Brightside Europe S.à r.l., Succursale Italiana");
  });
});

describe("a sender line", () => {
  it("ends the name where middle dots, bullets or bars set the address apart", () => {
    const letter = (sender: string): Placed[] => [[60, 40, sender, 7], [60, 70, "Buyer Company"], [60, 85, "456 Buyer St"], [600, 70, "Invoice Number: INV-0042"], [600, 85, "Invoice Date: March 3, 2024"], [400, 430, "Gross Total Amount €120.00"]];
    expect(issuer(letter("Northwind Traders · 123 Main St · 12345 Springfield"))).toBe("Northwind Traders");
    expect(issuer(letter("Northwind Traders | Kerkstraat 12 | 1017 GC Amsterdam"))).toBe("Northwind Traders");
  });
});
