import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import { assertImageWithinLimits, readImageHeader, readImageSize } from "../../src/extraction/image-header.js";
import { png } from "../support/png.js";

function codeOf(err: unknown): string {
  expect(err).toBeInstanceOf(ExtractionError);
  return (err as ExtractionError).code;
}

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "white" } }).jpeg().toBuffer();

describe("readImageSize / assertImageWithinLimits", () => {
  it("reads PNG and JPEG dimensions from the header", async () => {
    expect(readImageSize(png(3, 2))).toEqual({ width: 3, height: 2 });
    // `file` reports 463x1013 for this scan.
    expect(readImageSize(await jpeg(463, 1013))).toEqual({ width: 463, height: 1013 });
    expect(readImageSize(await sharp({ create: { width: 2975, height: 3850, channels: 3, background: "white" } }).png().toBuffer())).toEqual({
      width: 2975,
      height: 3850,
    });
  });

  it("reads GIF, BMP, WebP, TIFF and PNM headers", () => {
    // Screen 320×240, no colour table; one 320×240 image descriptor; LZW data "clear, end"; trailer.
    const descriptor = Buffer.from([0x2c, 0, 0, 0, 0, 0x40, 0x01, 0xf0, 0x00, 0, 2, 1, 0x2c, 0, 0x3b]);
    const gif = Buffer.concat([Buffer.from("GIF89a"), Buffer.from([0x40, 0x01, 0xf0, 0x00, 0, 0, 0]), descriptor]);
    expect(readImageSize(gif)).toEqual({ width: 320, height: 240 });
    // A GIF without any image descriptor is nothing a decoder can read.
    expect(readImageSize(Buffer.concat([Buffer.from("GIF89a"), Buffer.from([0x40, 0x01, 0xf0, 0x00]), Buffer.alloc(8)]))).toBeNull();

    const bmp = Buffer.alloc(54);
    bmp.write("BM", 0, "ascii");
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(640, 18);
    bmp.writeInt32LE(-480, 22); // top-down
    expect(readImageSize(bmp)).toEqual({ width: 640, height: 480 });

    const webp = Buffer.alloc(32);
    webp.write("RIFF", 0, "ascii");
    webp.write("WEBP", 8, "ascii");
    webp.write("VP8X", 12, "ascii");
    webp.writeUIntLE(1999, 24, 3);
    webp.writeUIntLE(2999, 27, 3);
    expect(readImageSize(webp)).toEqual({ width: 2000, height: 3000 });

    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
    tiff.write("II", 0, "ascii");
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    tiff.writeUInt16LE(256, 10); // ImageWidth, LONG
    tiff.writeUInt16LE(4, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt32LE(70000, 18);
    tiff.writeUInt16LE(257, 22); // ImageLength, SHORT
    tiff.writeUInt16LE(3, 24);
    tiff.writeUInt32LE(1, 26);
    tiff.writeUInt16LE(5000, 30);
    expect(readImageSize(tiff)).toEqual({ width: 70000, height: 5000 });

    expect(readImageSize(Buffer.from("P5\n# comment\n1024 768\n255\n"))).toEqual({ width: 1024, height: 768 });
  });

  it("reports the format and one frame for single-image formats", () => {
    expect(readImageHeader(png(3, 2))).toEqual({ format: "png", width: 3, height: 2, frames: [{ width: 3, height: 2 }] });
  });

  it("returns null for unknown or truncated input", async () => {
    expect(readImageSize(new Uint8Array(0))).toBeNull();
    expect(readImageSize(Buffer.from("definitely not an image, just text"))).toBeNull();
    expect(readImageSize((await jpeg(463, 1013)).subarray(0, 12))).toBeNull();
  });

  it("refuses a forged 100000x100000 header with IMAGE_TOO_LARGE, and an unknown format with CORRUPT_FILE", () => {
    const bomb = png(100_000, 100_000, new Uint8Array([1, 2, 3]));
    expect(readImageSize(bomb)).toEqual({ width: 100_000, height: 100_000 });
    expect(() => assertImageWithinLimits(bomb, 50_000_000)).toThrow(ExtractionError);
    try {
      assertImageWithinLimits(bomb, 50_000_000);
    } catch (err) {
      expect(codeOf(err)).toBe("IMAGE_TOO_LARGE");
    }
    expect(assertImageWithinLimits(png(3, 2), 6)).toEqual({ width: 3, height: 2 });
    try {
      assertImageWithinLimits(Buffer.from("garbage garbage garbage"), 50_000_000);
      throw new Error("expected a throw");
    } catch (err) {
      expect(codeOf(err)).toBe("CORRUPT_FILE");
    }
  });
});

