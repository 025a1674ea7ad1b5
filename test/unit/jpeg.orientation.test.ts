import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readJpegFrame } from "../../src/extraction/jpeg.frame.js";
import { orientationOfTurn, withOrientation } from "../../src/extraction/jpeg.orientation.js";

/** A 6 × 4 JPEG whose left half is dark and right half light: where the dark half lands tells the turn. */
const halves = (metadata?: { orientation?: number; exif?: Record<string, Record<string, string>> }) => {
  const raw = Buffer.alloc(6 * 4 * 3, 255);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 3; x++) raw.fill(0, (y * 6 + x) * 3, (y * 6 + x) * 3 + 3);
  const img = sharp(raw, { raw: { width: 6, height: 4, channels: 3 } });
  return (metadata ? img.withMetadata(metadata) : img).jpeg({ quality: 100 }).toBuffer();
};

/** The grey pixels sharp shows after applying the EXIF orientation, and their size. */
const shown = async (jpeg: Uint8Array) => {
  const { data, info } = await sharp(jpeg).rotate().greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, at: (x: number, y: number) => data[y * info.width + x]! };
};

describe("withOrientation: a JPEG's bytes carrying a quarter turn as their EXIF orientation", () => {
  it("maps clockwise quarter turns to the EXIF orientations that show them: 0 → 1, 90 → 6, 180 → 3, 270 → 8", () => {
    expect([0, 90, 180, 270].map((t) => orientationOfTurn(t as 0 | 90 | 180 | 270))).toEqual([1, 6, 3, 8]);
  });

  it("makes sharp's rotate() turn the picture clockwise by the turn, the stored pixels unchanged", async () => {
    const jpeg = await halves();
    const stored = await sharp(jpeg).raw().toBuffer();
    // Clockwise 90°: the dark left half comes to the top; 180°: to the right; 270°: to the bottom.
    const darkAt = { 6: [1, 0], 3: [4, 1], 8: [1, 5] } as const;
    for (const orientation of [6, 3, 8] as const) {
      const turned = withOrientation(jpeg, orientation)!;
      expect(readJpegFrame(turned)).toEqual({ ...readJpegFrame(jpeg), orientation });
      expect((await sharp(turned).metadata()).orientation).toBe(orientation);
      expect(Buffer.from(await sharp(turned).raw().toBuffer()).equals(stored)).toBe(true);
      const seen = await shown(turned);
      expect([seen.width, seen.height]).toEqual(orientation === 3 ? [6, 4] : [4, 6]);
      const [x, y] = darkAt[orientation];
      expect(seen.at(x, y), `orientation ${orientation}`).toBeLessThan(64);
    }
  });

  it("keeps a JFIF header first and every other segment, and replaces an Exif segment the JPEG had", async () => {
    // A JFIF APP0 right after the SOI, as most scanners and libjpeg write it (sharp does not).
    const bare = await halves();
    const jfif = Buffer.from("ffe000104a46494600010100000100010000", "hex");
    const plain = Buffer.concat([bare.subarray(0, 2), jfif, bare.subarray(2)]);
    const turned = withOrientation(plain, 8)!;
    expect(Buffer.from(turned.subarray(2, 2 + jfif.length)).equals(jfif)).toBe(true);
    expect(Buffer.from(turned.subarray(2 + jfif.length, 2 + jfif.length + 10)).toString("latin1")).toBe("\xff\xe1\x00\x22Exif\x00\x00");
    expect(turned.length).toBe(plain.length + 36);
    expect(Buffer.from(turned.subarray(2 + jfif.length + 36)).equals(plain.subarray(2 + jfif.length))).toBe(true);
    expect((await sharp(turned).metadata()).orientation).toBe(8);
    const withExif = await halves({ exif: { IFD0: { Copyright: "scanner" } } });
    expect(readJpegFrame(withExif)?.orientation).toBe(1);
    const replaced = withOrientation(withExif, 6)!;
    expect((await sharp(replaced).metadata()).orientation).toBe(6);
    expect(Buffer.from(replaced).includes(Buffer.from("scanner"))).toBe(false);
  });

  it("gives nothing for bytes that are not a JPEG or whose markers break off before the frame header", async () => {
    const jpeg = await halves();
    expect(withOrientation(await sharp(jpeg).png().toBuffer(), 6)).toBeNull();
    expect(withOrientation(jpeg.subarray(0, 10), 6)).toBeNull();
    const broken = Buffer.from(jpeg);
    broken[2] = 0x00;
    expect(withOrientation(broken, 6)).toBeNull();
  });
});
