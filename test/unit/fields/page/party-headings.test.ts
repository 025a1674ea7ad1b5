import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { ISSUER_LABEL, PARTY_HEADING_ROW, RECIPIENT_LABEL } from "../../../../src/extraction/fields/page/labels.vocabulary.js";
import { leftOfRecipientLabel } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf } from "./page.helpers.js";

/*
 * Two address blocks side by side under bare headings ("To" and "From", "À" and "De", "Aan" and "Van"), as invoices
 * laid out in cards print them (bench/invoices --family html, layout `cards`): the block under the issuer's heading
 * is the issuer's even when the recipient's comes first, left of it.
 */

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };
const fields = (page: ReturnType<typeof pageOf>) => extractDocumentFields([page], opts);

/** A cards invoice: the number and dates in a grid, then the recipient's block left and the issuer's right. */
function cards(to: string, from: string) {
  return pageOf([
    [60, 40, "Invoice", 24],
    [60, 100, "DATE OF ISSUE"], [330, 100, "INVOICE NUMBER"], [600, 100, "DUE DATE"],
    [60, 115, "08/12/2024"], [330, 115, "2024-9830"], [600, 115, "09/11/2024"],
    [60, 160, to], [520, 160, from],
    [60, 175, "Wickford Design Corp."], [520, 175, "Caldcombe Software Inc."],
    [60, 190, "103 Thornfield Street"], [520, 190, "166 Kellley Street"],
    [60, 205, "Wickbury, NY 94332"], [520, 205, "Hartmore, WA 69509"],
    [60, 300, "Subtotal"], [800, 300, "$37.50"],
    [60, 315, "Total"], [800, 315, "$37.50"],
  ]);
}

describe("bare party headings", () => {
  it("are labels only as cells of a row of such headings", () => {
    expect(RECIPIENT_LABEL.exec("TO\tFROM")?.[0]).toBe("TO");
    expect(ISSUER_LABEL.exec("TO\tFROM")?.[0]).toBe("FROM");
    expect(ISSUER_LABEL.exec("À\tDE")?.[0]).toBe("DE");
    expect(PARTY_HEADING_ROW.test("Aan\tVan")).toBe(true);
    // Alone on its row a bare word is no heading (a speck OCR read as "de").
    expect(ISSUER_LABEL.test("de")).toBe(false);
    expect(RECIPIENT_LABEL.test("An")).toBe(false);
    // In a sentence, or in a row beside other text (OCR specks), they are words.
    expect(ISSUER_LABEL.test("from 1 May to 31 May")).toBe(false);
    expect(ISSUER_LABEL.test("Received above goods\twn goo\tde\tmdi tion")).toBe(false);
    expect(RECIPIENT_LABEL.test("required\tto make\tnecessary\tto\tts")).toBe(false);
    // With a colon the bare recipient word was a label before and still is.
    expect(RECIPIENT_LABEL.test("To:")).toBe(true);
  });

  it("the block under `From` is the issuer's when the `To` block stands left of it", () => {
    const found = fields(cards("TO", "FROM"));
    expect(found.find((f) => f.name === "issuer")?.value).toBe("Caldcombe Software Inc.");
    expect(found.find((f) => f.name === "recipient")?.value).toBe("Wickford Design Corp.");
  });

  it("in French and Dutch too (`À` / `De`, `Aan` / `Van`)", () => {
    expect(fields(cards("À", "DE")).find((f) => f.name === "issuer")?.value).toBe("Caldcombe Software Inc.");
    expect(fields(cards("Aan", "Van")).find((f) => f.name === "issuer")?.value).toBe("Caldcombe Software Inc.");
  });

  it("the `From` block left of the `To` block stays the issuer's", () => {
    expect(fields(cards("FROM", "TO")).find((f) => f.name === "issuer")?.value).toBe("Wickford Design Corp.");
  });
});

describe("address cards the page gives block by block", () => {
  // `FROM⇥TO` over two cards side by side, the issuer's card a row longer: the page's text has the issuer's whole
  // card under the heading row, then the recipient's. The recipient label's value is in its own column, never left of it.
  const cards = pageOf([
    [60, 40, "Invoice", 20],
    [60, 100, "DATE OF ISSUE"], [300, 100, "INVOICE NUMBER"], [60, 115, "30 March 2024"], [300, 115, "R341439"],
    [60, 160, "FROM"], [520, 160, "TO"],
    [60, 175, "Ashholm Trading Bhd."], [60, 190, "No. 10, Jalan Gorrfield 3/15"], [60, 205, "Taman Kellholm"], [60, 220, "39720 Kuala Lumpur"], [60, 235, "SST No. B16-2255-96379181"],
    [520, 175, "Ashfield Trading Sdn. Bhd."], [520, 190, "No. 114, Jalan Ashwell 9/11"], [520, 205, "Taman Gorrford"], [520, 220, "78468 Johor Bahru, Johor"],
    [600, 400, "Total RM 423.50"],
  ]);

  it("does not take the issuer's card, left of the TO heading, for the recipient", () => {
    const start = cards.text.indexOf("Ashholm");
    expect(leftOfRecipientLabel(cards, start, start + "Ashholm Trading Bhd.".length)).toBe(true);
    const fields = extractDocumentFields([cards], { referenceDate: new Date("2024-06-01"), documentType: "invoice" });
    expect(fields.find((f) => f.name === "issuer")?.value).toBe("Ashholm Trading Bhd.");
    expect(fields.find((f) => f.name === "recipient")?.value).not.toBe("Ashholm Trading Bhd.");
  });
});
