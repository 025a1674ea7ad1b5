import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const receipt = { referenceDate: new Date("2027-01-01"), documentType: "receipt" as const };
const field = (rows: readonly Placed[], name: string) => extractDocumentFields([pageOf(rows)], receipt).find((f) => f.name === name)?.value;
const total = (rows: readonly Placed[]) => (field(rows, "total") as Money | undefined)?.amount;

describe("\"Inc.\" that abbreviates \"inclusive\"", () => {
  it("is no legal form: \"Rates are Inc. of GST\" in a receipt's footer does not name the merchant", () => {
    const rows: Placed[] = [
      [80, 200, "Parking Facilitation Charges", 14],
      [420, 270, "Elante Mall"],
      [80, 306, "A-4 Wheeler"],
      [80, 330, "In-Time :2023-06-07 11:41:58"],
      [80, 382, "Out-Time :2023-06-07 12:25:57"],
      [80, 534, "Parking Charge : 40 INR"],
      [80, 585, "Total Tariff : 40 INR"],
      [60, 640, "Payment By : CASH"],
      [250, 666, "*** Thank You"],
      [55, 694, "Rates are Inclusive of GST"],
      [52, 722, "GST NO: 04AACCCB021G1Z5"],
      [50, 750, "Powered By DOLPHIN"],
      [48, 779, "Rates are Inc. of GST"],
    ];
    expect(field(rows, "issuer")).not.toMatch(/Rates/);
  });
});

describe("a restaurant till's date with the year after an apostrophe", () => {
  const check = (line: string): Placed[] => [
    [330, 260, "IHOP Store # 9005", 14],
    [236, 323, "Tbl 11/1\tChk 9557\tGst 5"],
    [352, 342, line],
    [236, 374, "1 Decaf"], [600, 374, "$2.99"],
    [236, 386, "1 Iced Tea"], [600, 386, "$2.99"],
    [247, 553, "Subtotal"], [600, 553, "$5.98"],
    [189, 582, "08:53PM Total"], [600, 582, "$5.98"],
  ];
  it("reads the month's name run into the day (\"Jan11'20 08:22PM\")", () => {
    expect(field(check("Jan11'20 08:22PM"), "document_date")).toBe("2020-01-11");
  });
  it("reads it with a space too (\"Feb 29 '16 03:03AM\")", () => {
    expect(field(check("Feb 29 '16 03:03AM"), "document_date")).toBe("2016-02-29");
  });
});

/** A pizza chain's receipt head: thanks, the name, its outlet line, a US address without "USA", a phone. */
const CHAIN_HEAD: Placed[] = [
  [330, 36, "Thank You For Choosing"],
  [408, 64, "Corner Pizza"],
  [372, 91, "Restaurant #2447"],
  [374, 116, "6920 Braddock Rd"],
  [352, 143, "Annandale, VA 22003"],
  [401, 169, "703-813-6262"],
];

describe("a US receipt's ambiguous date without a dollar sign", () => {
  it("is month-first when the address ends in any US state's code and a ZIP (\"Annandale, VA 22003\")", () => {
    const rows: Placed[] = [
      ...CHAIN_HEAD,
      [239, 294, "Order #: 0170\tWeb Delivery"],
      [424, 343, "03/10/2018\t11:40 PM"],
      [408, 537, "Subtotal:"], [620, 537, "25.00"],
      [442, 561, "Tax:"], [620, 561, "1.32"],
      [442, 608, "Total:"], [620, 608, "26.32"],
    ];
    expect(field(rows, "document_date")).toBe("2018-03-10");
  });

  const shipped = (addressLine: string): Placed[] => [
    [300, 40, "Harbour Outfitters"],
    [300, 66, addressLine],
    [300, 92, "USA"],
    [300, 140, "03/10/2018"],
    [300, 300, "Total:"], [520, 300, "26.32"],
  ];

  it("is month-first when a state's code and a ZIP stand without the comma and the country is named (\"Seattle WA 98101\" … \"USA\")", () => {
    expect(field(shipped("Seattle WA 98101"), "document_date")).toBe("2018-03-10");
  });

  it("is not moved by two capitals and five digits that are no US state and ZIP, even with \"USA\" printed", () => {
    expect(field(shipped("Ref QX 98101"), "document_date")).toBe("2018-10-03");
  });
});

describe("a dollar total whose decimal point the photo lost (\"TOTAL $251 83\")", () => {
  const rows = (totalText: string): Placed[] => [
    [220, 124, "HEALTH-BEAUTY-COSMETICS"],
    [220, 837, "049090323\tAQUAF 2PK\tT\t$4.89"],
    [220, 850, "049110079\tSONICARE\tT\t$21.99"],
    [220, 863, "072071302\tBISSELL\tT\t$129.99"],
    [580, 973, "TOTAL"], [700, 973, totalText],
  ];
  it("reads the two digits after the space as the cents", () => {
    expect(total(rows("$29 16"))).toBe(29.16);
  });
  it("leaves a dollar amount followed by more than the cents alone", () => {
    expect(total(rows("$29 16 X 4"))).not.toBe(29.16);
  });
});

describe("a receipt's store-number line under the merchant's name", () => {
  it("is no name: \"Restaurant #2447\" under \"Corner Pizza\"", () => {
    const rows: Placed[] = [
      ...CHAIN_HEAD,
      [424, 343, "03/10/2018\t11:40 PM"],
      [408, 537, "Subtotal:"], [620, 537, "25.00"],
      [442, 608, "Total:"], [620, 608, "26.32"],
    ];
    expect(field(rows, "issuer")).toBe("Corner Pizza");
  });
});
