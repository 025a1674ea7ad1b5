import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { binarise, binarisedPgm, fadedPrintThreshold, pageInputForOcr, pgmPixels, prepareForOcr, prepareRegion, toPgm } from "../../src/extraction/ocr-image.preparer.js";
import { png } from "../support/png.js";

describe("pageInputForOcr", () => {
  it("gives tesseract the prepared greyscale PGM, with the scale and the original page size", async () => {
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: "white" } }).png().toBuffer();
    const input = await pageInputForOcr(image);
    expect(input.data.subarray(0, 2).toString("ascii")).toBe("P5");
    // Narrow images are widened towards 1000 px (at most 2.5×).
    expect(input.scale).toBe(2.5);
    expect([input.pageWidth, input.pageHeight]).toEqual([400, 300]);
  });

  it("prepares with the options it is given instead of the defaults", async () => {
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: "white" } }).png().toBuffer();
    const input = await pageInputForOcr(image, { minWidth: 800 });
    expect(input.scale).toBe(2);
    expect([input.pageWidth, input.pageHeight]).toEqual([400, 300]);
  });

  it("falls back to the original bytes and the header's size when sharp cannot decode the image", async () => {
    const broken = png(40, 30, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    const input = await pageInputForOcr(broken);
    expect(input.data.equals(broken)).toBe(true);
    expect(input).toMatchObject({ scale: 1, pageWidth: 40, pageHeight: 30 });
  });

  it("uses a 1×1 page when even the header is unreadable (leptonica will refuse the bytes)", async () => {
    const input = await pageInputForOcr(Buffer.from("not an image"));
    expect(input).toMatchObject({ scale: 1, pageWidth: 1, pageHeight: 1 });
  });
});

describe("prepareForOcr and prepareRegion on the same bytes", () => {
  /** A faint, noisy grey JPEG (so scaling, the contrast stretch and rounding all have work to do). */
  const photo = (width: number, height: number, orientation?: number) => {
    const raw = Buffer.alloc(width * height * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = 120 + ((i * 2654435761) >>> 27) + (Math.floor(i / 3 / width) % 40 < 6 ? -60 : 0);
    const img = sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 });
    return (orientation ? img.withMetadata({ orientation }) : img).toBuffer();
  };

  it.each([
    ["upright", undefined, [1000, 750, 400]],
    ["EXIF-rotated", 6, [750, 1000, 300]],
  ] as const)("scales an %s photo to the pixels sharp's decoding pipeline (EXIF rotation, grey, lanczos3) gives", async (_, orientation, size) => {
    const image = await photo(400, 300, orientation);
    const prep = await prepareForOcr(image, { flattenLighting: false, normalise: false, deskew: false });
    const expected = await sharp(image).rotate().greyscale().resize({ width: size[0], kernel: "lanczos3" }).toColourspace("b-w").raw().toBuffer();
    expect([prep.width, prep.height, prep.originalWidth]).toEqual(size);
    expect(Buffer.compare(Buffer.from(pgmPixels(prep.data)?.data ?? []), expected)).toBe(0);
  });

  it("crops a region of a page prepared unscaled from the page as decoded, not as the preparation adjusted it", async () => {
    const image = await photo(1200, 200);
    const region = { left: 100, top: 20, width: 300, height: 40 };
    const alone = await prepareRegion(Buffer.from(image), region);
    const prep = await prepareForOcr(image);
    expect(prep.scale).toBe(1);
    const after = await prepareRegion(image, region);
    expect(after.data.equals(alone.data)).toBe(true);
  });
});

describe("fadedPrintThreshold", () => {
  /** A PGM of `pixels` (8-bit grey), one row. */
  const pgm = (pixels: number[]) => toPgm(Buffer.from(pixels), pixels.length, 1);

  it("cuts just below the paper's grey, so light-grey print under a few dark marks turns black", () => {
    // Mostly paper at 250, faded print at 215, a dark stamp at 10.
    const pixels = [...Array<number>(80).fill(250), ...Array<number>(15).fill(215), ...Array<number>(5).fill(10)];
    const threshold = fadedPrintThreshold(pgm(pixels))!;
    expect(threshold).toBe(225);
    const binary = Uint8Array.from(pixels);
    binarise(binary, threshold);
    expect(new Set(binary.slice(80, 95))).toEqual(new Set([0]));
    expect(new Set(binary.slice(0, 80))).toEqual(new Set([255]));
  });

  it("does not ask for a second read of a blank page: a few specks on the paper are not print", () => {
    // 100,000 px of paper with 10 px of dust: nothing a second read could recover.
    const pixels = [...Array<number>(100_000).fill(245), ...Array<number>(10).fill(40)];
    expect(fadedPrintThreshold(pgm(pixels))).toBeNull();
    // The same paper with 500 px of faded print is read again.
    const printed = [...Array<number>(100_000).fill(245), ...Array<number>(500).fill(205)];
    expect(fadedPrintThreshold(pgm(printed))).toBe(220);
  });

  it("has nothing to measure without light paper, or in bytes that are not a PGM", () => {
    expect(fadedPrintThreshold(pgm(Array<number>(50).fill(30)))).toBeNull();
    expect(fadedPrintThreshold(Buffer.from("\x89PNG\r\n\x1a\n", "latin1"))).toBeNull();
  });
});

describe("binarisedPgm", () => {
  it("gives the pixels a preparation with that threshold gives, from the first preparation's output", async () => {
    // Grey print on light paper with a gradient, tilted: every preparation step has something to do.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="300"><defs><linearGradient id="g"><stop offset="0" stop-color="#ddd"/><stop offset="1" stop-color="#888"/></linearGradient></defs><rect width="500" height="300" fill="url(#g)"/><g transform="rotate(3 250 150)" fill="#555" font-size="22" font-family="sans-serif"><text x="30" y="60">TOTAL 12.50 CASH 20.00</text><text x="30" y="110">CHANGE 7.50 DATE 01/02/2024</text><text x="30" y="160">THANK YOU PLEASE COME AGAIN</text></g></svg>`;
    const image = await sharp(Buffer.from(svg)).png().toBuffer();
    const first = await prepareForOcr(image);
    const second = await prepareForOcr(image, { threshold: 180 });
    expect(binarisedPgm(first.data, 180)?.equals(second.data)).toBe(true);
  });

  it("leaves bytes that are not a PGM alone", () => {
    expect(binarisedPgm(Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), 128)).toBeNull();
  });
});
