import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { stretchContrast, stretchTable } from "../../src/extraction/contrast.stretch.js";
import { binarise, prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";

/** A grey ramp from `from` to `to` (inclusive), each value `repeat` times. */
function ramp(from: number, to: number, repeat = 3): Uint8Array {
  const out: number[] = [];
  for (let g = from; g <= to; g++) for (let r = 0; r < repeat; r++) out.push(g);
  return Uint8Array.from(out);
}

describe("stretchContrast", () => {
  it("maps the darkest pixel to (nearly) black and the lightest to (nearly) white, keeping the order of the greys", () => {
    const pixels = ramp(90, 200);
    const result = stretchContrast(pixels);
    expect(result.changed).toBe(true);
    // Whole L* units: the ends land within a few grey levels of black and white.
    expect(pixels[0]).toBeLessThanOrEqual(3);
    expect(pixels[pixels.length - 1]).toBeGreaterThanOrEqual(250);
    for (let i = 1; i < pixels.length; i++) expect(pixels[i]).toBeGreaterThanOrEqual(pixels[i - 1] as number);
  });

  it("leaves an image that already spans black to white as it is", () => {
    const pixels = ramp(0, 255, 1);
    const before = Uint8Array.from(pixels);
    expect(stretchContrast(pixels)).toEqual({ low: 0, high: 100, changed: false });
    expect(pixels).toEqual(before);
  });

  it("leaves a flat image alone instead of amplifying its noise", () => {
    const pixels = Uint8Array.from([180, 181, 180, 181]);
    expect(stretchContrast(pixels).changed).toBe(false);
    expect([...pixels]).toEqual([180, 181, 180, 181]);
  });

  it("accepts an empty buffer", () => {
    expect(stretchContrast(new Uint8Array(0)).changed).toBe(false);
  });

  it("gives the pixels sharp's normalise() gave a grey image, within one grey level", async () => {
    const width = 64;
    const height = 48;
    // Faint text-like stripes on light grey paper, with a gradient.
    const grey = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) grey[y * width + x] = (x % 8 < 2 ? 120 : 200) + Math.floor(y / 4);
    const theirs = await sharp(grey, { raw: { width, height, channels: 1 } }).normalise({ lower: 0.1, upper: 99 }).toColourspace("b-w").raw().toBuffer();
    const ours = Uint8Array.from(grey);
    stretchContrast(ours);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs((ours[i] as number) - (theirs[i] as number)));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it.each([
    ["a pixel count whose single-precision scaling reaches 100 (left alone)", 1000, 2047],
    ["a pixel count whose scaling falls just short of 100 (stretched to L* 101)", 1000, 1414],
  ])("follows sharp's normalise() on a page with black and white pixels and %s", async (_what, width, height) => {
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = i % 97 === 0 ? 0 : i % 5 === 0 ? 255 : 60 + (i % 150);
    const theirs = await sharp(grey, { raw: { width, height, channels: 1 } }).normalise({ lower: 0.1, upper: 99 }).toColourspace("b-w").raw().toBuffer();
    const ours = Uint8Array.from(grey);
    stretchContrast(ours);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs((ours[i] as number) - (theirs[i] as number)));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe("stretchTable", () => {
  it("is the identity for the full L* range", () => {
    const table = stretchTable(0, 100);
    for (let g = 0; g < 256; g++) expect(table[g]).toBe(g);
  });

  it("clips greys outside the range to black and white", () => {
    const table = stretchTable(40, 60);
    expect(table[0]).toBe(0);
    expect(table[255]).toBe(255);
  });
});

describe("binarise", () => {
  it("turns greys at or above the threshold white and the rest black", () => {
    const pixels = Uint8Array.from([0, 127, 128, 255]);
    binarise(pixels, 128);
    expect([...pixels]).toEqual([0, 0, 255, 255]);
  });
});

describe("prepareForOcr contrast", () => {
  it("hands tesseract a faint grey-on-grey page stretched to black on white", async () => {
    const width = 1200;
    const height = 40;
    const rgb = Buffer.alloc(width * height * 3, 210);
    for (let y = 10; y < 30; y++) for (let x = 100; x < 1100; x += 9) rgb.fill(150, (y * width + x) * 3, (y * width + x + 3) * 3);
    const image = await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
    const prep = await prepareForOcr(image);
    const pixels = prep.data.subarray(prep.data.length - prep.width * prep.height);
    expect(Math.min(...pixels)).toBeLessThanOrEqual(3);
    expect(Math.max(...pixels)).toBeGreaterThanOrEqual(240);
  });

  it("leaves the contrast alone when asked not to normalise", async () => {
    const image = await sharp({ create: { width: 1200, height: 20, channels: 3, background: { r: 200, g: 200, b: 200 } } }).png().toBuffer();
    const prep = await prepareForOcr(image, { normalise: false });
    const pixels = prep.data.subarray(prep.data.length - prep.width * prep.height);
    expect(new Set(pixels)).toEqual(new Set([200]));
  });
});
