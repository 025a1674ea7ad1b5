import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { estimateBlur } from "../../src/extraction/blur.estimate.js";

const W = 400;
const H = 300;

/** A white page with rows of black "letters" (10 × 16 px blocks, 10 px apart), blurred by a Gaussian of `sigma` (0: sharp). */
async function page(sigma: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(W * H, 255);
  for (let row = 20; row + 16 < H - 20; row += 32) {
    for (let x = 20; x + 10 < W - 20; x += 20) for (let y = row; y < row + 16; y += 1) raw.fill(0, y * W + x, y * W + x + 10);
  }
  const img = sharp(raw, { raw: { width: W, height: H, channels: 1 } });
  return sigma > 0 ? img.blur(sigma).extractChannel(0).raw().toBuffer() : raw;
}

describe("estimateBlur", () => {
  it("measures sharp print at about a pixel", async () => {
    const est = estimateBlur(await page(0), W, H);
    expect(est?.edgeWidth).toBeLessThanOrEqual(1);
  });

  it("measures a Gaussian blur of σ as an edge about 2.56 σ wide", async () => {
    for (const sigma of [1, 1.5, 2]) {
      const est = estimateBlur(await page(sigma), W, H);
      expect(est?.edgeWidth).toBeGreaterThan(2.2 * sigma);
      expect(est?.edgeWidth).toBeLessThan(2.9 * sigma + 0.5);
    }
  });

  it("orders pages by how blurred they are", async () => {
    const widths = await Promise.all([0.6, 1, 1.4].map(async (s) => estimateBlur(await page(s), W, H)?.edgeWidth ?? 0));
    expect(widths[0]).toBeLessThan(widths[1] as number);
    expect(widths[1]).toBeLessThan(widths[2] as number);
  });

  it("says nothing about a blank page or one with a few marks", () => {
    expect(estimateBlur(new Uint8Array(W * H).fill(255), W, H)).toBeNull();
    const speck = new Uint8Array(W * H).fill(255);
    speck.fill(0, 150 * W + 100, 150 * W + 110);
    expect(estimateBlur(speck, W, H)).toBeNull();
  });
});
