import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { boxToOriginal, prepareForOcr, skewOnPaper } from "../../src/extraction/ocr-image.preparer.js";
import { dropThickBlobs, estimateSkew } from "../../src/extraction/skew.estimate.js";

/** A receipt-like page: lines of text rendered from SVG, optionally rotated (degrees, clockwise) on white. */
async function textPage(angle: number): Promise<{ data: Buffer; width: number; height: number }> {
  const lines = Array.from({ length: 24 }, (_, i) => `<text x="40" y="${60 + i * 34}" font-family="sans-serif" font-size="22">ITEM ${i + 1} SUGAR 1KG ${(i * 3.15).toFixed(2)} RM</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900"><rect width="600" height="900" fill="white"/>${lines.join("")}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .rotate(angle, { background: "#ffffff" })
    .greyscale()
    .toColourspace("b-w")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe("estimateSkew", () => {
  it("finds the angle of text rotated by a few degrees either way", async () => {
    for (const angle of [3, -2.5]) {
      const page = await textPage(angle);
      const skew = estimateSkew(page.data, page.width, page.height);
      expect(Math.abs(skew.angle - angle)).toBeLessThanOrEqual(0.3);
      expect(skew.gain).toBeGreaterThan(1.05);
    }
  });

  it("finds level text level, and nothing on an empty page", async () => {
    const page = await textPage(0);
    expect(Math.abs(estimateSkew(page.data, page.width, page.height).angle)).toBeLessThan(0.5);
    expect(estimateSkew(new Uint8Array(400 * 400).fill(250), 400, 400)).toMatchObject({ angle: 0, gain: 1 });
  });
});

describe("estimateSkew on a photo", () => {
  it("finds the tilt of a receipt photographed on a dark surface that shows along the photo's top and bottom edge", async () => {
    // The tilted page with a band of dark surface across the top and bottom, 30 px tall, as a photo of a receipt
    // lying on a table shows it where the receipt does not reach the frame: partly paper cells, so not excluded as
    // surface, and their level edges outweighed the print (the estimate said level).
    const page = await textPage(-3);
    for (let y = 0; y < page.height; y++) {
      if (y >= 30 && y < page.height - 30) continue;
      for (let x = 0; x < page.width; x++) page.data[y * page.width + x] = 60;
    }
    const skew = estimateSkew(page.data, page.width, page.height);
    expect(Math.abs(skew.angle - -3)).toBeLessThanOrEqual(0.3);
    expect(skew.gain).toBeGreaterThan(1.05);
  });
});

describe("dropThickBlobs", () => {
  /** A 0/1 mask from rows of "#" (dark) and "." (light). */
  const mask = (rows: string[]) => Uint8Array.from(rows.join("").split(""), (c) => (c === "#" ? 1 : 0));
  const show = (m: Uint8Array, width: number) => Array.from({ length: m.length / width }, (_, y) => Array.from(m.subarray(y * width, (y + 1) * width), (v) => (v ? "#" : ".")).join(""));

  it("clears dark areas that hold a full k×k square and keeps strokes thinner than k", () => {
    const rows = [
      "#.#.........",
      "#.#..####...",
      "#.#..####...",
      "#.#..####...",
      "#.#......##.",
      "#.#......##.",
      "####.....##.",
    ];
    const m = mask(rows);
    expect(dropThickBlobs(m, 12, 7, 3)).toBe(12);
    expect(show(m, 12)).toEqual([
      "#.#.........",
      "#.#.........",
      "#.#.........",
      "#.#.........",
      "#.#......##.",
      "#.#......##.",
      "####.....##.",
    ]);
  });

  it("leaves a mask without a full square alone", () => {
    const m = mask(["#.#.#", ".#.#.", "#.#.#"]);
    expect(dropThickBlobs(m, 5, 3, 2)).toBe(0);
    expect(show(m, 5)).toEqual(["#.#.#", ".#.#.", "#.#.#"]);
  });
});

describe("deskew in prepareForOcr", () => {
  it("rotates a tilted page level and maps boxes on it back to the original pixels", async () => {
    const tilted = await textPage(3);
    // A black marker at a known place of the tilted image, to follow through the preparation.
    const marker = { x: 300, y: 200 };
    for (let y = marker.y - 4; y < marker.y + 4; y++) for (let x = marker.x - 4; x < marker.x + 4; x++) tilted.data[y * tilted.width + x] = 0;
    const png = await sharp(tilted.data, { raw: { width: tilted.width, height: tilted.height, channels: 1 } }).png().toBuffer();
    const prep = await prepareForOcr(png, { minWidth: 0 });
    expect(prep.geometry?.rotation).toBeCloseTo(-3, 0);
    // Find the marker on the prepared (levelled) image: the 8×8 block darkest on average.
    const px = prep.data.subarray(prep.data.length - prep.width * prep.height);
    let best = { x: 0, y: 0, sum: Infinity };
    for (let y = 0; y + 8 <= prep.height; y += 1) {
      for (let x = 0; x + 8 <= prep.width; x += 1) {
        // Cheap pre-check on the block's centre before summing it.
        if ((px[(y + 4) * prep.width + x + 4] as number) > 60) continue;
        let sum = 0;
        for (let dy = 0; dy < 8; dy++) for (let dx = 0; dx < 8; dx++) sum += px[(y + dy) * prep.width + x + dx] as number;
        if (sum < best.sum) best = { x, y, sum };
      }
    }
    const back = boxToOriginal(prep.geometry!, { x0: best.x, y0: best.y, x1: best.x + 8, y1: best.y + 8 });
    expect(Math.abs((back.x0 + back.x1) / 2 - marker.x)).toBeLessThan(2);
    expect(Math.abs((back.y0 + back.y1) / 2 - marker.y)).toBeLessThan(2);
  });

  it("leaves a level page unrotated, and the mapping a pure scale", async () => {
    const level = await textPage(0);
    const png = await sharp(level.data, { raw: { width: level.width, height: level.height, channels: 1 } }).png().toBuffer();
    const prep = await prepareForOcr(png);
    expect(prep.geometry?.rotation).toBe(0);
    expect(boxToOriginal(prep.geometry!, { x0: 10, y0: 20, x1: 30, y1: 40 })).toEqual({ x0: 10 / prep.scale, y0: 20 / prep.scale, x1: 30 / prep.scale, y1: 40 / prep.scale });
  });
});

describe("boxToOriginal", () => {
  it("undoes sharp's rotation about the centre and the scale", async () => {
    // A 4×4 dot at (150, 20) of a 200×100 image scaled 2× (so at (300, 40) of 400×200), then rotated 10°.
    const W = 400;
    const H = 200;
    const px = Buffer.alloc(W * H, 255);
    for (let y = 38; y < 42; y++) for (let x = 298; x < 302; x++) px[y * W + x] = 0;
    const { data, info } = await sharp(px, { raw: { width: W, height: H, channels: 1 } })
      .rotate(10, { background: { r: 255, g: 255, b: 255 } })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        if ((data[y * info.width + x] as number) >= 128) continue;
        sx += x + 0.5;
        sy += y + 0.5;
        n++;
      }
    }
    const geometry = { scale: 2, rotation: 10, scaledWidth: W, scaledHeight: H, width: info.width, height: info.height };
    const back = boxToOriginal(geometry, { x0: sx / n, y0: sy / n, x1: sx / n, y1: sy / n });
    expect(back.x0).toBeCloseTo(150, 0);
    expect(back.y0).toBeCloseTo(20, 0);
  });
});

/**
 * A photo of a receipt on a wide table: lines of print on paper rotated by `angle` degrees (clockwise), laid on a
 * darker surface with a level wood-like grain (stripes of ±30 grey levels) that shows 40 % of the paper's size on
 * every side, lit unevenly (darker to the right), so the preparation flattens it. PNG bytes.
 */
async function onWideTable(angle: number): Promise<Buffer> {
  const lines = Array.from({ length: 24 }, (_, i) => `<text x="40" y="${60 + i * 34}" font-family="sans-serif" font-size="22">ITEM ${i + 1} SUGAR 1KG ${(i * 3.15).toFixed(2)} RM</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900"><rect width="600" height="900" fill="#f0f0f0"/>${lines.join("")}</svg>`;
  const paper = await sharp(Buffer.from(svg)).rotate(angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
  const [left, top] = [Math.round(0.4 * paper.info.width), Math.round(0.4 * paper.info.height)];
  const [W, H] = [paper.info.width + 2 * left, paper.info.height + 2 * top];
  const table = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) table[y * W + x] = Math.round(110 + 30 * Math.sin(0.09 * y + 0.5 * Math.sin(0.004 * x)));
  }
  const laid = await sharp(table, { raw: { width: W, height: H, channels: 1 } })
    .composite([{ input: paper.data, left, top }])
    .greyscale()
    .raw()
    .toBuffer();
  // Light falling off to the right by 35 %.
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) laid[y * W + x] = Math.round((laid[y * W + x] as number) * (1 - (0.35 * x) / W));
  return sharp(laid, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
}

describe("skewOnPaper", () => {
  it("levels a receipt photographed on a wide grainy table, whose level grain outweighs the print on the whole image", async () => {
    for (const angle of [3, -2.5]) {
      const photo = new Uint8Array(await onWideTable(angle));
      const prepared = await prepareForOcr(photo, { skewOnPaper: true });
      expect(Math.abs((prepared.geometry?.rotation ?? 0) - -angle)).toBeLessThanOrEqual(0.3);
    }
  });

  it("is asked by default only when the whole image measures the photo level: the paper's tilt then levels it", async () => {
    const photo = new Uint8Array(await onWideTable(-2.5));
    const byDefault = await prepareForOcr(photo);
    expect(Math.abs((byDefault.geometry?.rotation ?? 0) - 2.5)).toBeLessThanOrEqual(0.3);
    const wholeImageOnly = await prepareForOcr(photo, { skewOnPaper: false });
    expect(wholeImageOnly.geometry?.rotation ?? 0).toBe(0);
  });

  it("leaves a tilt the whole image measures to the whole image's estimate by default", async () => {
    const page = await textPage(2.5);
    const png = new Uint8Array(await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).png().toBuffer());
    const byDefault = await prepareForOcr(png);
    const wholeImageOnly = await prepareForOcr(png, { skewOnPaper: false });
    expect(wholeImageOnly.geometry?.rotation ?? 0).not.toBe(0);
    expect(byDefault.geometry?.rotation).toBe(wholeImageOnly.geometry?.rotation);
  });

  it("measures a page without a surface around it (a scan) as the whole image does", async () => {
    const page = await textPage(2.5);
    expect(skewOnPaper(page.data, page.width, page.height)).toEqual(estimateSkew(page.data, page.width, page.height));
  });
});
