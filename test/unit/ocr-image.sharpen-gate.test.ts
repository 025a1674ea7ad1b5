import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";
import { normals } from "../support/random.js";

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

/** {@link photo} with Gaussian sensor noise of σ `noise` grey levels added after the blur (as a camera's sensor does), PNG. */
async function noisyPhoto(sigma: number, noise: number): Promise<Buffer> {
  const { data } = await sharp(await photo(sigma)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const normal = normals(12345);
  for (let i = 0; i < data.length; i += 1) {
    const n = noise * normal();
    data[i] = Math.max(0, Math.min(255, Math.round((data[i] as number) + n)));
  }
  return sharp(data, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
}

describe("denoising by measured noise before the sharpening (denoiseAboveNoise)", () => {
  const denoise = { deskew: false, denoiseAboveNoise: 0.5 };

  it("median-filters a blurred, flattened page whose paper measures noisy before sharpening it", async () => {
    const page = await noisyPhoto(1.5, 4);
    const sharpenedOnly = await prepareForOcr(page, { deskew: false });
    const denoised = await prepareForOcr(page, denoise);
    expect(denoised.data.equals(sharpenedOnly.data)).toBe(false);
    // The same as filtering first by hand: median 3 on the flattened, stretched page, then the unsharp mask.
    const unsharpened = await prepareForOcr(page, { deskew: false, sharpenSigma: 0 });
    const header = unsharpened.data.length - W * H;
    const byHand = await sharp(unsharpened.data.subarray(header), { raw: { width: W, height: H, channels: 1 } })
      .median(3)
      .sharpen({ sigma: 0.7 })
      .extractChannel(0)
      .raw()
      .toBuffer();
    expect(denoised.data.subarray(header).equals(byHand)).toBe(true);
  });

  it("leaves a blurred page with clean paper, and a noisy page with crisp print, as they were", async () => {
    const clean = await photo(1.5);
    expect((await prepareForOcr(clean, denoise)).data.equals((await prepareForOcr(clean, { deskew: false })).data)).toBe(true);
    // Not blurred: not sharpened, so not denoised either (the filter exists to keep the mask off the grain).
    const crisp = await noisyPhoto(0, 4);
    expect((await prepareForOcr(crisp, denoise)).data.equals((await prepareForOcr(crisp, { deskew: false })).data)).toBe(true);
  });
});
