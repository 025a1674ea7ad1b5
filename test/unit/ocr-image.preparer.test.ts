import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { pageInputForOcr } from "../../src/extraction/ocr-image.preparer.js";
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
