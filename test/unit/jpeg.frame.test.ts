import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readJpegFrame } from "../../src/extraction/jpeg.frame.js";

const base = () => sharp({ create: { width: 40, height: 30, channels: 3, background: "#c0ffee" } });

describe("readJpegFrame: what a JPEG's frame header and EXIF declare, without decoding", () => {
  it("reads size, precision and components of colour, grey and CMYK JPEGs", async () => {
    expect(readJpegFrame(await base().jpeg().toBuffer())).toEqual({ width: 40, height: 30, precision: 8, components: 3, orientation: 1 });
    expect(readJpegFrame(await base().toColourspace("b-w").jpeg().toBuffer())?.components).toBe(1);
    expect(readJpegFrame(await base().toColourspace("cmyk").jpeg().toBuffer())?.components).toBe(4);
    // Progressive (SOF2) is a frame header too.
    expect(readJpegFrame(await base().jpeg({ progressive: true }).toBuffer())?.width).toBe(40);
  });

  it("reads the EXIF orientation", async () => {
    expect(readJpegFrame(await base().withMetadata({ orientation: 6 }).jpeg().toBuffer())?.orientation).toBe(6);
  });

  it("finds nothing in a PNG, a truncated JPEG or one whose markers are broken", async () => {
    const jpeg = await base().jpeg().toBuffer();
    expect(readJpegFrame(await base().png().toBuffer())).toBeNull();
    expect(readJpegFrame(jpeg.subarray(0, 20))).toBeNull();
    const broken = Buffer.from(jpeg);
    broken[2] = 0x00;
    expect(readJpegFrame(broken)).toBeNull();
  });
});
