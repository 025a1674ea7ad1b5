import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { otherPartyBlock } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const vatId = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2026-01-01") }).find((f) => f.name === "vat_id")?.value;

describe("a tax id in a cell right of its label, in the buyer's block, is the buyer's", () => {
  // A Tally-style invoice: the seller's GSTIN under its letterhead, the buyer's (as consignee and as buyer) in a cell
  // of its own right of the "GSTIN/UIN" label, under "Consignee (Ship to)" and "Buyer (Bill to)".
  const rows: Placed[] = [
    [40, 40, "Tax Invoice"],
    [40, 60, "V V S POWER SOLUTIONS"], [500, 60, "Invoice No."], [700, 60, "Dated"],
    [40, 72, "10-148-38, NEAR BALAJI TEMPLE"], [500, 72, "VVSPS252600074"], [700, 72, "10-Oct-25"],
    [40, 84, "Hyderabad Telangana, 500037"],
    [40, 96, "GSTIN/UIN: 36ACMPV3613L1Z3"],
    [40, 130, "Consignee (Ship to)"], [500, 130, "Buyer's Order No."],
    [40, 142, "NIREL DIGITALS"],
    [40, 154, "Road, Suchitra, Secunderabad - 500 055"],
    [40, 166, "GSTIN/UIN"], [140, 166, ": 36ARKPC6820F1ZZ"],
    [40, 200, "Buyer (Bill to)"], [500, 200, "Terms of Delivery"],
    [40, 212, "NIREL DIGITALS"],
    [40, 224, "Secunderabad-500067, TELANGANA"],
    [40, 236, "GSTIN/UIN"], [140, 236, ": 36ARKPC6820F1ZZ"],
    [40, 300, "Total"], [600, 300, "70,800.00"],
  ];

  it("walks up the label's column, not the value's, to the block's heading", () => {
    const page = pageOf(rows);
    const at = (id: string, from = 0) => page.text.indexOf(id, from);
    const buyer = at("36ARKPC6820F1ZZ");
    expect(otherPartyBlock(page, buyer)).toBe("recipient");
    expect(otherPartyBlock(page, at("36ARKPC6820F1ZZ", buyer + 1))).toBe("recipient");
    expect(otherPartyBlock(page, at("36ACMPV3613L1Z3"))).toBeNull();
  });

  it("takes the seller's number, printed once, over the buyer's, printed twice", () => {
    expect(vatId(rows)).toBe("36ACMPV3613L1Z3");
  });
});
