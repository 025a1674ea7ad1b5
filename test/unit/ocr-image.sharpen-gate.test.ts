import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";

const W = 1000;
const H = 700;

/** A page of block "letters" lit unevenly (half as bright at the bottom as at the top), blurred by `sigma` (0: none). */
async function photo(sigma: number): Promise<Buffer> {
  const raw = Buffer.alloc(W * H);
  for (let y = 0; y < H; y += 1) raw.fill(Math.round(250 * (1 - 0.5 * (y / H))), y * W, (y + 1) * W);
  for (let row = 40; row + 16 < H - 40; row += 32) {
    for (let x = 40; x + 10 < W - 40; x += 20) for (let y = row; y < row + 16; y += 1) raw.fill(20, y * W + x, y * W + x + 10);
  }
  const img = sharp(raw, { raw: { width: W, height: H, channels: 1 } });
  return (sigma > 0 ? img.blur(sigma) : img).png().toBuffer();
}

const gated = { sharpenSigma: 0.7, sharpenAboveEdgeWidth: 1.9, deskew: false };
const unsharpened = { sharpenSigma: 0, deskew: false };

describe("sharpening by measured blur", () => {
  it("leaves a page with crisp print as it was, though its lighting was flattened", async () => {
    const page = await photo(0);
    const plain = await prepareForOcr(page, unsharpened);
    expect((await prepareForOcr(page, gated)).data.equals(plain.data)).toBe(true);
    expect((await prepareForOcr(page, { deskew: false })).data.equals(plain.data)).toBe(true);
    // Without the measurement the same page is sharpened.
    expect((await prepareForOcr(page, { sharpenSigma: 0.7, sharpenAboveEdgeWidth: 0, deskew: false })).data.equals(plain.data)).toBe(false);
  });

  it("sharpens a flattened page whose print is blurred", async () => {
    const page = await photo(1.5);
    const plain = await prepareForOcr(page, unsharpened);
    expect((await prepareForOcr(page, gated)).data.equals(plain.data)).toBe(false);
    // …as the defaults do.
    expect((await prepareForOcr(page, { deskew: false })).data.equals(plain.data)).toBe(false);
  });
});
