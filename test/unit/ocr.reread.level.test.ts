import { describe, expect, it } from "vitest";
import type { LevelledPage, OcrRegionResult } from "../../src/extraction/ocr.adapter.js";
import type { PreparedGeometry } from "../../src/extraction/ocr-image.preparer.js";
import { pageToOriginal } from "../../src/extraction/ocr.frame.js";
import { rereadKeyRegions, type RegionReader } from "../../src/extraction/ocr.reread.js";
import type { BBox, PageModel } from "../../src/extraction/page/page.model.js";
import { pageOf } from "./fields/page/page.helpers.js";

/** A 1000×1000 page, scale 1, rotated 4° level (canvas enlarged to fit, as sharp does). */
const tilted: PreparedGeometry = (() => {
  const t = (4 * Math.PI) / 180;
  const size = Math.ceil(1000 * (Math.cos(t) + Math.sin(t)));
  return { scale: 1, rotation: 4, scaledWidth: 1000, scaledHeight: 1000, width: size, height: size };
})();

/** A receipt read on its level image, the total read unsure. */
function levelReceipt(): PageModel {
  const page = pageOf([
    [50, 20, "KEDAI MAJU SDN BHD"],
    [50, 200, "TOTAL RM 149_19"],
    [50, 220, "CASH RM 20.00"],
    [50, 240, "CHANGE RM 5.90"],
  ]);
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) if (w.text === "149_19") w.confidence = 0.1;
  return page;
}

const height = (b: BBox): number => b.y1 - b.y0;

describe("targeted re-OCR of a page read level", () => {
  it("cuts its crops on the level page, where a word's box is tight, and maps the new reading to the original", async () => {
    const levelPage = levelReceipt();
    const level: LevelledPage = { page: levelPage, geometry: tilted, pageWidth: 1000, pageHeight: 1000 };
    const original = pageToOriginal(levelPage, tilted, 1000, 1000);
    const calls: { box: BBox; level?: PreparedGeometry }[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, box, opts) => {
        calls.push({ box, level: opts?.level });
        const r: OcrRegionResult = { text: "14.10", confidence: 0.96, words: [{ text: "14.10", confidence: 0.96, box }] };
        return r;
      },
    };
    const { page, report } = await rereadKeyRegions(new Uint8Array(), original, reader, { level });
    expect(report.replaced).toBe(1);
    // The region was asked for on the level page, with its geometry: its box is the level word's, not the
    // taller upright box around the tilted word on the original.
    const levelWord = levelPage.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).find((w) => w.text === "149_19");
    const originalWord = original.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).find((w) => w.text === "149_19");
    expect(calls[0]?.level).toBe(tilted);
    expect(calls[0]?.box).toEqual(levelWord?.box);
    expect(height(calls[0]!.box)).toBeLessThan(height(originalWord!.box));
    // The patched page is on the original image, like the page it replaces.
    expect(page.text).toContain("TOTAL RM 14.10");
    const fixed = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).find((w) => w.text === "14.10");
    expect(fixed?.box.x0).toBeCloseTo(originalWord!.box.x0, 6);
    expect(fixed?.box.y0).toBeCloseTo(originalWord!.box.y0, 6);
    expect(fixed?.box.y1).toBeCloseTo(originalWord!.box.y1, 6);
  });

  it("reads a page that was not rotated on the original, as before", async () => {
    const page = levelReceipt();
    const calls: (PreparedGeometry | undefined)[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, box, opts) => {
        calls.push(opts?.level);
        return { text: "14.10", confidence: 0.96, words: [{ text: "14.10", confidence: 0.96, box }] };
      },
    };
    const flat: LevelledPage = { page, geometry: { ...tilted, rotation: 0 }, pageWidth: 1000, pageHeight: 1000 };
    const out = await rereadKeyRegions(new Uint8Array(), page, reader, { level: flat });
    expect(out.page.text).toContain("TOTAL RM 14.10");
    expect(calls).toEqual([undefined]);
  });
});
