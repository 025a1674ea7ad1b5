import { describe, expect, it } from "vitest";
import type { LineItem } from "../../../../src/extraction/extraction.types.js";
import { extractDocument } from "../../../../src/extraction/fields/index.js";
import { pageLineItems } from "../../../../src/extraction/fields/page/line-items.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const ctx = { decimalComma: false, dominantCurrency: "MYR" };
const items = (placed: readonly Placed[], c: { decimalComma: boolean; dominantCurrency: string | null } = ctx): LineItem[] => pageLineItems(pageOf(placed), c);
const brief = (list: readonly LineItem[]) => list.map((i) => ({ description: i.description, quantity: i.quantity, unitPrice: i.unitPrice?.amount ?? null, amount: i.amount.amount }));

describe("line items under a table heading", () => {
  it("reads description, quantity, unit price and amount by column, and stops at the subtotal", () => {
    const found = items([
      [50, 100, "ACME SUPPLIES LTD"],
      [50, 200, "Description"], [500, 200, "Qty"], [620, 200, "Unit price"], [820, 200, "Amount"],
      [50, 230, "Printer paper A4"], [510, 230, "3"], [630, 230, "4.50"], [830, 230, "13.50"],
      [50, 260, "Toner cartridge black"], [510, 260, "1"], [630, 260, "59.90"], [830, 260, "59.90"],
      [620, 320, "Subtotal"], [830, 320, "73.40"],
      [620, 340, "VAT 20%"], [830, 340, "14.68"],
      [620, 360, "Total"], [830, 360, "88.08"],
    ]);
    expect(brief(found)).toEqual([
      { description: "Printer paper A4", quantity: 3, unitPrice: 4.5, amount: 13.5 },
      { description: "Toner cartridge black", quantity: 1, unitPrice: 59.9, amount: 59.9 },
    ]);
    // Each item is placed on its page: the union of its words.
    const box = found[0]?.box;
    expect(box?.x0).toBeCloseTo(0.05, 2);
    expect(box?.y0).toBeCloseTo(0.23, 2);
    expect(box?.x1).toBeGreaterThan(0.83);
    expect(found[0]?.amount.currency).toBe("MYR");
  });

  it("reads headings in other languages, joins a description printed over several rows and leaves the position number out", () => {
    const found = items(
      [
        [40, 200, "Pos."], [100, 200, "Menge"], [200, 200, "Beschreibung"], [700, 200, "Einzelpreis"], [860, 200, "Betrag"],
        [50, 230, "1"], [110, 230, "2"], [200, 230, "Wartung Server"], [720, 230, "40,00"], [870, 230, "80,00"],
        [200, 245, "Einsatz vor Ort"],
        [200, 260, "01.05.14-31.05.14"],
        [50, 290, "2"], [110, 290, "1"], [200, 290, "Anfahrt"], [720, 290, "15,00"], [870, 290, "15,00"],
        [700, 340, "Gesamtbetrag"], [870, 340, "95,00"],
      ],
      { decimalComma: true, dominantCurrency: "EUR" },
    );
    expect(brief(found)).toEqual([
      { description: "Wartung Server\nEinsatz vor Ort\n01.05.14-31.05.14", quantity: 2, unitPrice: 40, amount: 80 },
      { description: "Anfahrt", quantity: 1, unitPrice: 15, amount: 15 },
    ]);
  });

  it("takes the description printed above a row that carries only a code and numbers", () => {
    const found = items([
      [50, 200, "DESC/ITEM"], [400, 200, "QTY"], [500, 200, "PRICE"], [650, 200, "AMT(RM)"],
      [50, 220, "ST-PRIVILEGE CARD/GD INDAH"],
      [50, 235, "88888"], [410, 235, "1"], [500, 235, "10.00"], [660, 235, "10.00"],
      [50, 250, "GF-TABLE LAMP/STITCH"],
      [50, 265, "62483"], [410, 265, "1"], [500, 265, "55.90"], [660, 265, "55.90"],
      [50, 290, "TOTAL AMT"], [660, 290, "65.90"],
      [50, 305, "CASH"], [660, 305, "70.00"],
      [50, 320, "CHANGE"], [660, 320, "4.10"],
    ]);
    expect(brief(found)).toEqual([
      { description: "ST-PRIVILEGE CARD/GD INDAH", quantity: 1, unitPrice: 10, amount: 10 },
      { description: "GF-TABLE LAMP/STITCH", quantity: 1, unitPrice: 55.9, amount: 55.9 },
    ]);
  });
});

describe("line items of a receipt without a heading", () => {
  it("reads the rows between the sale's details and the total, with `qty x price` and `@ price` patterns", () => {
    const found = items([
      [50, 100, "KEDAI RUNCIT MAJU"],
      [50, 140, "DATE: 12/03/2018 10:15"],
      [50, 170, "SUPER GLUE USG-99"],
      [50, 185, "9557368063013"], [250, 185, "2 X"], [350, 185, "5.20"], [500, 185, "10.40 S"],
      [50, 205, "3"], [80, 205, "FISHBALL NOODLE"], [300, 205, "@7.00"], [500, 205, "21.00"],
      [50, 225, "TOTAL"], [500, 225, "31.40"],
      [50, 245, "CASH"], [500, 245, "50.00"],
      [50, 265, "CHANGE"], [500, 265, "18.60"],
    ]);
    expect(brief(found)).toEqual([
      { description: "SUPER GLUE USG-99", quantity: 2, unitPrice: 5.2, amount: 10.4 },
      { description: "FISHBALL NOODLE", quantity: 3, unitPrice: 7, amount: 21 },
    ]);
  });

  it("merges a quantity line printed under its item (`@2 X RM 10.40`) and keeps a discount as a negative line", () => {
    const found = items([
      [50, 140, "INVOICE NO: 18039/103"],
      [50, 170, "AJINOMOTO 1KG"], [500, 170, "RM20.80"],
      [50, 185, "@2 X RM 10.40"],
      [50, 200, "DISC 10%"], [500, 200, "-2.08"],
      [50, 225, "TOTAL SALES (INCLUSIVE GST) RM"], [500, 225, "18.72"],
    ]);
    expect(brief(found)).toEqual([
      { description: "AJINOMOTO 1KG", quantity: 2, unitPrice: 10.4, amount: 20.8 },
      { description: "DISC 10%", quantity: null, unitPrice: null, amount: -2.08 },
    ]);
  });

  it("never takes subtotal, tax, rounding, tendered or change rows as items", () => {
    const found = items([
      [50, 140, "CASHIER: 01"],
      [50, 170, "PLASTIC BAG"], [300, 170, "2"], [380, 170, "15.50"], [500, 170, "31.00"],
      [50, 190, "SUB TOTAL"], [500, 190, "31.00"],
      [50, 205, "GST 6%"], [500, 205, "1.86"],
      [50, 220, "ROUNDING ADJ"], [500, 220, "-0.01"],
      [50, 235, "TOTAL"], [500, 235, "32.85"],
      [50, 250, "CASH TENDERED"], [500, 250, "50.00"],
      [50, 265, "CHANGE"], [500, 265, "17.15"],
    ]);
    expect(brief(found)).toEqual([{ description: "PLASTIC BAG", quantity: 2, unitPrice: 15.5, amount: 31 }]);
  });

  it("finds no items in a summary block whose amounts do not add up to a total it prints", () => {
    const found = items([
      [50, 140, "Invoice Date: August 3, 2014"],
      [50, 170, "Service Charges"], [800, 170, "$4.11"],
      [70, 185, "Charges"], [800, 185, "$4.11"],
      [70, 200, "Credits"], [800, 200, "$0.00"],
      [70, 215, "Tax"], [800, 215, "$0.00"],
      [50, 240, "Total for this invoice"], [800, 240, "$4.11"],
    ]);
    expect(found).toEqual([]);
  });
});

describe("receipt layouts with codes, counts and unit prices on their own rows", () => {
  it("ends the items at a count row (`ITEM(S) : 2`, `ITEM 3`) and names an item by the row above its item code", () => {
    const found = items([
      [50, 140, "-INVOICE-"],
      [50, 170, "CHOPPING BOARD 35.5X25.5CM"],
      [50, 185, "EZ10HD05 - 24"],
      [50, 200, "8970669"], [300, 200, "1 X 19.00"], [500, 200, "19.00"],
      [50, 220, "BOPP TAPE 48MM CLEAR"],
      [50, 235, "FZ-04 - 36"],
      [50, 250, "6935818350846"], [300, 250, "1 X 3.88"], [500, 250, "3.88"],
      [50, 275, "ITEM(S) : 2"], [300, 275, "QTY(S) : 2"],
      [50, 295, "TOTAL"], [500, 295, "22.88"],
      [50, 315, "CASH"], [500, 315, "50.00"],
    ]);
    expect(brief(found)).toEqual([
      { description: "CHOPPING BOARD 35.5X25.5CM", quantity: 1, unitPrice: 19, amount: 19 },
      { description: "BOPP TAPE 48MM CLEAR", quantity: 1, unitPrice: 3.88, amount: 3.88 },
    ]);
  });

  it("reads `price*count` in one word, and a total label printed in a column after an item count", () => {
    const page = pageOf([
      [50, 140, "CASHIER : SITI"],
      [50, 170, "CAP MAKMUR MINYAK PACKET 1KG"],
      [50, 185, "9555845400009"], [300, 185, "2.50*3"], [500, 185, "7.50 Z"],
      [50, 200, "SA GRANNY SMITH 10'S"],
      [50, 215, "515474"], [300, 215, "7.99*2"], [500, 215, "15.98 Z"],
      [50, 240, "ITEM 2"], [300, 240, "TOTAL WITH GST @ 6%"], [500, 240, "23.48"],
      [50, 260, "QTY 5"], [300, 260, "TOTAL"], [500, 260, "23.50"],
    ]);
    // The item count and the total's label are columns of one line, as a receipt's printed row can be.
    const row = page.blocks.flatMap((b) => b.lines).filter((l) => page.text.slice(l.start, l.end).includes("ITEM 2"));
    expect(row).toHaveLength(1);
    expect(brief(pageLineItems(page, ctx))).toEqual([
      { description: "CAP MAKMUR MINYAK PACKET 1KG", quantity: 3, unitPrice: 2.5, amount: 7.5 },
      { description: "SA GRANNY SMITH 10'S", quantity: 2, unitPrice: 7.99, amount: 15.98 },
    ]);
  });

  it("reads an amount with its currency glued in front after a number (`130  RM9.00`) and a bracketed note on an item row", () => {
    const found = items([
      [50, 140, "INVOICE NO : 18224/102"],
      [50, 170, "861 FAB PERFECT BAR (B) 130"], [500, 170, "RM9.00 S"],
      [50, 185, "@10 X RM .90"],
      [50, 215, "KUAT BLEACH LEMON 2X900ML"],
      [50, 230, "2 X 5.51 (DISC: 1.53)"], [500, 230, "7.96 S"],
      [50, 240, "TOTAL SALES (INCLUSIVE GST) RM"], [500, 240, "16.96"],
    ]);
    expect(brief(found)).toEqual([
      { description: "861 FAB PERFECT BAR (B) 130", quantity: 10, unitPrice: 0.9, amount: 9 },
      { description: "KUAT BLEACH LEMON 2X900ML", quantity: 2, unitPrice: 5.51, amount: 7.96 },
    ]);
  });

  it("takes a name row's `@ price` as the unit price of the count row under it (`*3`) or above it (`X 2`), not as an item", () => {
    const under = items([
      [50, 140, "22-06-2017 10:20:00 AM"],
      [50, 170, "KK KACANG GORENG 400G @7.20"],
      [50, 185, "9556624004265"], [300, 185, "*3"], [500, 185, "21.60 SR"],
      [50, 200, "TERUNG PENDEK @3.15"],
      [50, 215, "42066"], [300, 215, "*1"], [500, 215, "3.15 ZR"],
      [50, 240, "TOTAL SALES"], [500, 240, "24.75"],
    ]);
    expect(brief(under)).toEqual([
      { description: "KK KACANG GORENG 400G", quantity: 3, unitPrice: 7.2, amount: 21.6 },
      { description: "TERUNG PENDEK", quantity: 1, unitPrice: 3.15, amount: 3.15 },
    ]);
    const above = items([
      [50, 140, "RECEIPT NO.[00522899] 19/01/17 10:48"],
      [50, 170, "15755"], [250, 170, "X"], [300, 170, "2"], [500, 170, "19.80 S"],
      [50, 185, "[MAP]KISMIS 500GM @ 9.90"],
      [50, 210, "NET TOTAL :"], [500, 210, "19.80"],
    ]);
    expect(brief(above)).toEqual([{ description: "[MAP]KISMIS 500GM", quantity: 2, unitPrice: 9.9, amount: 19.8 }]);
  });

  it("names a row that carries only a code by the name above it, under a heading whose amount names its currency", () => {
    const found = items([
      [50, 180, "NO.DESCRIPTION"], [500, 180, "UOM"],
      [50, 200, "CODE"], [300, 200, "QTY"], [400, 200, "U/PRICE"], [520, 200, "TOTAL(MYR)"],
      [50, 220, "1 LION FILE SPRING FILE"], [500, 220, "PCS"],
      [50, 235, "MFF350"], [300, 235, "50"], [400, 235, "1.60"], [520, 235, "80.00 SR"],
      [50, 260, "TOTAL AMOUNT PAYABLE :"], [520, 260, "80.00"],
    ]);
    expect(brief(found)).toEqual([{ description: "1 LION FILE SPRING FILE PCS", quantity: 50, unitPrice: 1.6, amount: 80 }]);
  });

  it("keeps rows that each multiply out as items though a misread amount keeps them from adding up, and leaves other rows that do not add up out", () => {
    const multiply = items([
      [50, 140, "-INVOICE-"],
      [50, 170, "CHOPPING BOARD"], [300, 185, "1X 18.00"], [500, 185, "18.00"],
      [50, 200, "BOPP TAPE"], [300, 215, "1X 3.88"], [500, 215, "3.88"],
      [50, 240, "TOTAL"], [500, 240, "22.88"],
    ]);
    expect(brief(multiply).map((i) => i.amount)).toEqual([18, 3.88]);
    const plain = items([
      [50, 140, "-INVOICE-"],
      [50, 170, "CHOPPING BOARD"], [500, 170, "18.00"],
      [50, 200, "BOPP TAPE"], [500, 200, "3.88"],
      [50, 240, "TOTAL"], [500, 240, "22.88"],
    ]);
    expect(plain).toEqual([]);
  });
});

describe("item tables whose headings or names are printed apart", () => {
  it("reads headings written as one word (`ITEM/DESC.`, `U.PRICE`, `RM(TOTAL)`) and never takes the heading for a name", () => {
    const found = items([
      [50, 140, "CASHIER : 01"],
      [50, 170, "ITEM/DESC."], [300, 170, "QTY"], [360, 170, "U.PRICE"], [500, 170, "RM(TOTAL)"],
      [50, 185, "4132"], [310, 185, "1"], [360, 185, "20.00"], [510, 185, "20.00"],
      [50, 200, "CROCS 300X17 TUBES"],
      [50, 225, "SUB TOTAL :"], [510, 225, "20.00"],
      [50, 240, "TAL QUANTITY 1"],
      [50, 255, "CASH :"], [510, 255, "20.00"],
    ]);
    expect(brief(found)).toEqual([{ description: "CROCS 300X17 TUBES", quantity: 1, unitPrice: 20, amount: 20 }]);
  });

  it("gives each item the name printed under its numbers when the first item's numbers come before any name", () => {
    const found = items([
      [50, 170, "ITEM"], [300, 170, "QTY"], [360, 170, "S/PRICE"], [500, 170, "AMOUNT"],
      [50, 185, "9556641320027"], [310, 185, "17"], [360, 185, "0.90"], [510, 185, "15.30"],
      [50, 200, "DELICIA CHOCOLATE [50G]"],
      [50, 215, "9556231110045"], [310, 215, "1"], [360, 215, "3.55"], [510, 215, "3.55"],
      [50, 230, "GARDENIA CLASSIC JUMBO [600G]"],
      [50, 255, "TOTAL QTY: 18"],
      [50, 270, "TOTAL"], [510, 270, "18.85"],
    ]);
    expect(brief(found)).toEqual([
      { description: "DELICIA CHOCOLATE [50G]", quantity: 17, unitPrice: 0.9, amount: 15.3 },
      { description: "GARDENIA CLASSIC JUMBO [600G]", quantity: 1, unitPrice: 3.55, amount: 3.55 },
    ]);
  });

  it("does not continue an item's name with a summary label printed without its amount", () => {
    const found = items([
      [50, 150, "ITEM"], [200, 150, "U\\PRICE"], [300, 150, "QNTY"], [500, 150, "AMOUNT"],
      [50, 170, "PPF P7"], [200, 170, "1.000"], [300, 170, "50"], [500, 170, "50.00"],
      [50, 182, "TOTAL AMOUNT"],
      [50, 200, "CASH"], [450, 200, "RM 50.00"],
    ]);
    expect(brief(found).map((i) => i.description)).toEqual(["PPF P7"]);
  });
});

describe("the items' sum in the arithmetic checks", () => {
  const receipt = (lastAmount: string, total: string) =>
    pageOf([
      [50, 20, "KEDAI MAJU SDN BHD"],
      [50, 140, "DATE: 12/03/2018"],
      [50, 155, "ITEM"], [300, 155, "QTY"], [380, 155, "PRICE"], [500, 155, "AMOUNT"],
      [50, 170, "NASI LEMAK"], [300, 170, "2"], [380, 170, "4.50"], [500, 170, "9.00"],
      [50, 190, "TEH TARIK"], [300, 190, "1"], [380, 190, "2.20"], [500, 190, lastAmount],
      [50, 215, "TOTAL"], [500, 215, total],
    ]);

  it("passes when the items add up to the total, and the items are then surer", () => {
    const { fields, lineItems } = extractDocument([receipt("2.20", "11.20")], { documentType: "receipt", referenceDate: new Date("2024-01-01") });
    const total = fields.find((f) => f.name === "total");
    expect(total?.checks).toContainEqual({ name: "line_items_sum", passed: true, expected: 11.2, actual: 11.2 });
    expect(lineItems.map((i) => i.amount.amount)).toEqual([9, 2.2]);
    const unsummed = extractDocument([receipt("2.30", "11.20")], { documentType: "receipt", referenceDate: new Date("2024-01-01") });
    expect(unsummed.fields.find((f) => f.name === "total")?.checks).toContainEqual({ name: "line_items_sum", passed: false, expected: 11.2, actual: 11.3 });
    expect(lineItems[0]?.confidence).toBeGreaterThan(unsummed.lineItems[0]?.confidence ?? 1);
  });

  it("leaves out of the sum a line that says it is included in the line above", () => {
    const page = pageOf([
      [50, 200, "Artikel"], [500, 200, "Aantal"], [620, 200, "Prijs"], [820, 200, "Bedrag"],
      [50, 230, "Tablet 16 GB"], [510, 230, "1"], [630, 230, "399,00"], [830, 230, "399,00"],
      [70, 245, "Incl. thuiskopieheffing 3,50"], [510, 245, "1"], [830, 245, "4,24"],
      [50, 260, "Hoes"], [510, 260, "1"], [630, 260, "19,00"], [830, 260, "19,00"],
      [620, 300, "Totaal"], [830, 300, "418,00"],
    ]);
    const { fields, lineItems } = extractDocument([page], { documentType: "invoice", referenceDate: new Date("2024-01-01") });
    expect(lineItems.map((i) => i.description)).toEqual(["Tablet 16 GB", "Incl. thuiskopieheffing 3,50", "Hoes"]);
    expect(fields.find((f) => f.name === "total")?.checks).toContainEqual({ name: "line_items_sum", passed: true, expected: 418, actual: 418 });
  });
});
