import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { sureRead, turnOrder, weakRead, worthTurn, type QuarterTurn } from "../../src/extraction/ocr.orient.js";
import type { OrientationEstimate } from "../../src/extraction/orientation.estimate.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";
import { turnBack, type PageModel } from "../../src/extraction/page/page.model.js";
import { RECEIPT, receiptJpeg } from "../support/fixtures.js";

/** A page of one line of words, each read with `confidence`. */
function read(words: string[], confidence: number): PageModel {
  return buildPage(
    words.map((text, i) => ({ text, x0: 10 + 60 * i, x1: 60 + 60 * i, y0: 10, y1: 30, confidence })),
    { page: 1, width: 1000, height: 1000, source: "ocr" },
  );
}

const across: OrientationEstimate = { axis: "horizontal", logRatio: 1, darkPixels: 5000 };
const along: OrientationEstimate = { axis: "vertical", logRatio: -1, darkPixels: 5000 };
const text = ["FOLIOMART", "STATIONERY", "SDN", "BHD", "TOTAL", "9.00", "CASH", "10.00", "CHANGE", "1.00"];

/** A landscape page holding a table: a header and twelve rows of six columns, in a proportional font. */
function tablePage(): Buffer {
  const columns = [40, 260, 420, 580, 740, 900];
  const header = ["Item", "Qty", "Unit", "Net", "VAT", "Gross"];
  const rows = Array.from({ length: 12 }, (_, i) => [`Widget part ${100 + i}`, String(1 + (i % 4)), `${(3.5 + i).toFixed(2)}`, `${(7 + 2 * i).toFixed(2)}`, "19%", `${(8.33 + 2.38 * i).toFixed(2)}`]);
  const text = [header, ...rows]
    .map((cells, r) => cells.map((cell, c) => `<text x="${columns[c]}" y="${90 + r * 36}">${cell}</text>`).join(""))
    .join("");
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="620"><rect width="100%" height="100%" fill="#fff"/>` +
      `<g font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="20" fill="#111">${text}</g></svg>`,
  );
}

describe("which turns a page is read at", () => {
  it("tries the turn of the estimate's axis first: 180° for lines across the page, 90° and 270° for lines along it", () => {
    expect(turnOrder(across)).toEqual([180, 90, 270]);
    expect(turnOrder(along)).toEqual([90, 270, 180]);
  });

  it("reads no other turn once a read is sure and not nearly empty", () => {
    expect(sureRead(read(text, 0.85), 0.6)).toBe(true);
    for (const turn of [90, 180, 270] as const) expect(worthTurn(turn, read(text, 0.85), along, 0.6)).toBe(false);
    // Sure words, but next to none of them: a page on its side read as one stray word ("ow").
    expect(sureRead(read(["ow"], 0.86), 0.6)).toBe(false);
  });

  it("reads an unsure page upside down, and on its side only when the read is weak or the estimate says the lines run along it", () => {
    const unsure = read(text, 0.55);
    expect(weakRead(unsure)).toBe(false);
    expect(worthTurn(180, unsure, across, 0.6)).toBe(true);
    expect(worthTurn(90, unsure, across, 0.6)).toBe(false);
    expect(worthTurn(90, unsure, along, 0.6)).toBe(true);
    const garbage = read(text, 0.33);
    expect(worthTurn(90, garbage, across, 0.6)).toBe(true);
  });
});

describe("turning a box back onto the image a page was read from", () => {
  it("undoes each quarter turn (an upright page's top-left corner lies where the turn put it)", () => {
    const corner = { x0: 0, y0: 0, x1: 0.1, y1: 0.2 };
    expect(turnBack(corner, undefined)).toEqual(corner);
    // Turning the image 90° clockwise brings its left edge to the top: the page's top-left corner was the image's bottom-left.
    expect(turnBack(corner, 90)).toEqual({ x0: 0, y0: 0.9, x1: 0.2, y1: 1 });
    expect(turnBack(corner, 180)).toEqual({ x0: 0.9, y0: 0.8, x1: 1, y1: 1 });
    expect(turnBack(corner, 270)).toEqual({ x0: 0.8, y0: 0, x1: 1, y1: 0.1 });
  });
});

describe("OCR pool: pages that lie on their side or upside down", () => {
  let pool: OcrPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });
  const words = (t: string) => t.replace(/\s+/g, " ").trim();

  it("reads a receipt turned 90°, 180° and 270° as it reads it upright, describing the page upright with the turn recorded", async () => {
    pool = createOcrPool({ size: 1 });
    const stored = await receiptJpeg(0);
    const upright = await pool.recognize(new Uint8Array(stored));
    expect(upright.turns).toEqual({ tried: [0], kept: 0 });
    expect(upright.page.rotation).toBeUndefined();
    expect(upright.text).toContain(RECEIPT.marker);
    for (const given of [90, 180, 270] as const) {
      const image = new Uint8Array(await sharp(stored).rotate(given).jpeg({ quality: 90 }).toBuffer());
      const res = await pool.recognize(image);
      // Turned back by the rest of the circle: the image as given turned `rotation` clockwise is the upright page.
      const rotation = ((360 - given) % 360) as QuarterTurn;
      expect(res.turns.kept).toBe(rotation);
      expect(res.page.rotation).toBe(rotation);
      expect(words(res.text)).toBe(words(upright.text));
      expect([res.page.width, res.page.height]).toEqual([upright.page.width, upright.page.height]);
      // Every word in the upright frame: the same boxes as upright, within a pixel or two of JPEG noise.
      const boxes = (p: PageModel) => p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => w.box)));
      boxes(res.page).forEach((box, i) => {
        const want = boxes(upright.page)[i]!;
        for (const k of ["x0", "y0", "x1", "y1"] as const) expect(Math.abs(box[k] - want[k])).toBeLessThan(0.01);
      });
      // A region re-read on the turned page reads the same words (the crop is cut from the image turned alike).
      const total = res.page.blocks.flatMap((b) => b.lines).find((l) => l.words.some((w) => w.text === "TOTAL"));
      expect(total).toBeDefined();
      const region = await pool.recognizeRegion(image, total!.box, { turn: rotation });
      expect(region.text).toContain("9.00");
      const box = region.words.find((w) => w.text.includes("9.00"))!.box;
      const onPage = total!.words.at(-1)!.box;
      expect(Math.abs(box.x0 - onPage.x0)).toBeLessThan(0.02);
      expect(Math.abs(box.y0 - onPage.y0)).toBeLessThan(0.02);
    }
  }, 120_000);

  it("reads a landscape table turned on its side as it reads it upright, whichever way the estimate leans", async () => {
    pool ??= createOcrPool({ size: 1 });
    const stored = await sharp(tablePage()).png().toBuffer();
    const upright = await pool.recognize(new Uint8Array(stored));
    expect(upright.turns.kept).toBe(0);
    expect(upright.text).toContain("Widget part 105");
    const res = await pool.recognize(new Uint8Array(await sharp(stored).rotate(90).png().toBuffer()));
    expect(res.page.rotation).toBe(270);
    expect(words(res.text)).toBe(words(upright.text));
  }, 120_000);

  it("reads every page upright only when turned off (the reading before)", async () => {
    const off = createOcrPool({ size: 1, orient: false });
    try {
      const image = new Uint8Array(await sharp(await receiptJpeg(0)).rotate(90).jpeg({ quality: 90 }).toBuffer());
      const res = await off.recognize(image);
      expect(res.turns).toEqual({ tried: [0], kept: 0 });
      expect(res.text).not.toContain(RECEIPT.marker);
    } finally {
      await off.close();
    }
  }, 60_000);
});
