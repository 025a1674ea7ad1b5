import { describe, expect, it } from "vitest";
import type { ExtractedField, LineItem } from "../../src/extraction/extraction.types.js";
import { learnAnchor } from "../../src/extraction/learning/index.js";
import { turnBack, turnForward, type BBox, type PageModel } from "../../src/extraction/page/page.model.js";
import { boxesOnStoredPages } from "../../src/extraction/page/stored-frame.boxes.js";
import type { StepContext, StepResult } from "../../src/pipeline/step.js";
import { extractFieldsStep } from "../../src/pipeline/steps/extract-fields.step.js";
import { pageOf } from "./fields/page/page.helpers.js";
import { readContext } from "./learning/learning.fixtures.js";

const box: BBox = { x0: 0.1, y0: 0.2, x1: 0.4, y1: 0.25 };
const expectBox = (actual: BBox, expected: BBox) => {
  for (const k of ["x0", "y0", "x1", "y1"] as const) expect(actual[k]).toBeCloseTo(expected[k], 12);
};
const turned = (page: PageModel, rotation: 90 | 180 | 270): PageModel => ({ ...page, rotation });

describe("boxes between a page read turned and the page as stored", () => {
  it("turns a box forward onto the upright page and back onto the stored one", () => {
    for (const r of [90, 180, 270] as const) {
      const back = turnBack(box, r);
      expect(back).not.toEqual(box);
      expectBox(turnForward(back, r), box);
    }
    expect(turnForward(box, undefined)).toBe(box);
  });

  it("puts the top-left corner of a page stored lying on its left side at its bottom-left", () => {
    // Stored turned 90° counter-clockwise, the page was read turned 90° clockwise: its top-left is stored bottom-left.
    const corner = turnBack({ x0: 0, y0: 0, x1: 0.1, y1: 0.1 }, 90);
    expectBox(corner, { x0: 0, y0: 0.9, x1: 0.1, y1: 1 });
    expectBox(turnForward(corner, 90), { x0: 0, y0: 0, x1: 0.1, y1: 0.1 });
  });

  it("maps every box of a field on a turned page back to the stored page, and leaves other pages alone", () => {
    const upright = pageOf([[50, 50, "TOTAL 9.99"]]);
    const pages = [upright, turned({ ...upright, page: 2 }, 270)];
    const alt = { raw: "1.00", value: { amount: 1, currency: null }, confidence: 0.2, page: 2, start: 0, end: 4, box };
    const onTurned: ExtractedField = { name: "total", raw: "9.99", value: { amount: 9.99, currency: null }, confidence: 0.9, page: 2, start: 6, end: 10, box, alternatives: [alt] };
    const person: ExtractedField = { ...onTurned, name: "subtotal", setBy: "person", machine: { ...onTurned, name: "subtotal" } };
    const onFirst: ExtractedField = { ...onTurned, page: 1, alternatives: [] };
    const item: LineItem = { description: "Tea", quantity: 1, unitPrice: null, amount: { amount: 9.99, currency: null }, page: 2, box, confidence: 0.8 };
    const out = boxesOnStoredPages([onTurned, person, onFirst], [item], pages);
    const expected = turnBack(box, 270);
    expect(out.fields[0]!.box).toEqual(expected);
    expect(out.fields[0]!.alternatives![0]!.box).toEqual(expected);
    expect(out.fields[1]!.machine!.box).toEqual(expected);
    expect(out.fields[2]!.box).toEqual(box);
    expect(out.lineItems[0]!.box).toEqual(expected);
  });

  it("learns from the place a person pointed at on the stored page of a page read turned", () => {
    const upright = pageOf([
      [50, 40, "Muster Handel GmbH", 20],
      [50, 120, "Referenz: 77123"],
      [50, 160, "Rechnungsnummer: 77123"],
    ]);
    const page = turned(upright, 90);
    const words = page.blocks.flatMap((b) => b.lines).flatMap((l) => l.words);
    const pointed = words.filter((w) => w.text === "77123")[0]!;
    // The person pointed at the number after "Referenz" on the preview, which shows the page as stored.
    const anchor = learnAnchor([page], { field: "invoice_number", value: "77123", raw: "77123", page: 1, box: turnBack(pointed.box, 90) }, readContext(page));
    expect(anchor).toMatchObject({ label: "referenz", relation: "right" });
  });

  it("extract_fields hands out the boxes of a page read turned on the page as stored", async () => {
    const upright = pageOf([
      [50, 40, "Muster Handel GmbH", 20],
      [50, 120, "Rechnungsnummer: R-77123"],
      [50, 300, "Gesamtbetrag"],
      [600, 300, "119,00 EUR"],
    ]);
    const run = async (page: PageModel) => {
      const outputs = { extract_text: { pageCount: 1, pages: [page.text], models: [page] } };
      const ctx = { document: { id: "doc-1", ownerId: "owner-1", createdAt: new Date("2024-06-01") }, outputs } as unknown as StepContext;
      return ((await extractFieldsStep.run(ctx)) as StepResult<"extract_fields">).data!;
    };
    const asRead = await run(upright);
    const asTurned = await run(turned(upright, 180));
    for (const name of ["invoice_number", "total"] as const) {
      const a = asRead.fields.find((f) => f.name === name)!;
      const b = asTurned.fields.find((f) => f.name === name)!;
      expect(b.value).toEqual(a.value);
      expectBox(b.box!, turnBack(a.box!, 180));
    }
  });
});

