/**
 * Security issue, item 6: GIF/TIFF decompression bombs. The attack: a GIF whose
 * logical screen is 16×16 but whose image descriptor declares a 12000×12000
 * frame (144 MP against a 50 MP limit), and a multi-page TIFF whose first page
 * is tiny and a later page huge. Only the first header field was checked, so
 * the decoder was handed the bomb. Every GIF image descriptor and every TIFF
 * IFD must be checked before any pixel is decoded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import { assertImageWithinLimits, readImageHeader } from "../../src/extraction/image-header.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

const LIMIT = 50_000_000;

// --- crafted headers --------------------------------------------------------

const u16le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);

/**
 * A GIF89a with a `screen` logical screen and one image descriptor per frame.
 * Each frame's LZW data is just "clear, end": a real decoder allocates the
 * declared frame before it notices there are no pixels.
 */
function gif(screen: [number, number], frames: [number, number][], opts: { extensionFirst?: boolean } = {}): Buffer {
  const parts: Buffer[] = [
    Buffer.from("GIF89a", "ascii"),
    u16le(screen[0]),
    u16le(screen[1]),
    Buffer.from([0x80, 0, 0]), // global colour table of 2 entries, background 0, aspect 0
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
  ];
  if (opts.extensionFirst) {
    // A comment extension with two sub-blocks, then a graphic control extension: the walker must skip both.
    parts.push(Buffer.from([0x21, 0xfe, 3, 0x61, 0x62, 0x63, 2, 0x64, 0x65, 0]));
    parts.push(Buffer.from([0x21, 0xf9, 4, 0, 0, 0, 0, 0]));
  }
  for (const [w, h] of frames) {
    // Descriptor with a local colour table of 2 entries on every other frame, to exercise skipping it.
    const local = parts.length % 2 === 0;
    parts.push(Buffer.from([0x2c]), u16le(0), u16le(0), u16le(w), u16le(h), Buffer.from([local ? 0x80 : 0]));
    if (local) parts.push(Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]));
    parts.push(Buffer.from([2, 1, 0x2c, 0])); // LZW minimum code size 2; one sub-block: clear (4), end (5)
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/** A classic TIFF whose IFDs (one per page) declare the given sizes, chained in order. */
function tiff(pages: [number, number][], opts: { bigEndian?: boolean; loop?: boolean } = {}): Buffer {
  const be = opts.bigEndian ?? false;
  const ifdSize = 2 + 2 * 12 + 4;
  const buf = Buffer.alloc(8 + pages.length * ifdSize);
  const w16 = (v: number, o: number) => (be ? buf.writeUInt16BE(v, o) : buf.writeUInt16LE(v, o));
  const w32 = (v: number, o: number) => (be ? buf.writeUInt32BE(v, o) : buf.writeUInt32LE(v, o));
  buf.write(be ? "MM" : "II", 0, "ascii");
  w16(42, 2);
  w32(8, 4);
  pages.forEach(([w, h], i) => {
    const o = 8 + i * ifdSize;
    w16(2, o);
    // ImageWidth as SHORT when it fits (as many writers do), ImageLength always as LONG.
    w16(256, o + 2);
    w16(w <= 0xffff ? 3 : 4, o + 4);
    w32(1, o + 6);
    if (w <= 0xffff) w16(w, o + 10);
    else w32(w, o + 10);
    w16(257, o + 14);
    w16(4, o + 16);
    w32(1, o + 18);
    w32(h, o + 22);
    const last = i === pages.length - 1;
    w32(last ? (opts.loop ? 8 : 0) : o + ifdSize, o + 26);
  });
  return buf;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractionError);
    return (err as ExtractionError).code;
  }
  return "no error";
}

describe("image header limits (unit)", () => {
  it("the reported attack: a 16×16 GIF screen with a 12000×12000 frame is IMAGE_TOO_LARGE", () => {
    const bomb = gif([16, 16], [[12_000, 12_000]]);
    expect(bomb.length).toBeLessThan(100);
    expect(readImageHeader(bomb)?.frames).toEqual([{ width: 12_000, height: 12_000 }]);
    expect(codeOf(() => assertImageWithinLimits(bomb, LIMIT))).toBe("IMAGE_TOO_LARGE");
  });

  it("finds a huge GIF frame behind extensions, local colour tables and small frames", () => {
    const bomb = gif([16, 16], [[16, 16], [8, 8], [9_000, 9_000]], { extensionFirst: true });
    expect(readImageHeader(bomb)?.frames.map((f) => f.width)).toEqual([16, 8, 9_000]);
    expect(codeOf(() => assertImageWithinLimits(bomb, LIMIT))).toBe("IMAGE_TOO_LARGE");
  });

  it("counts all GIF frames together (the GIF decoder keeps every frame in memory)", () => {
    const many = gif([6_000, 6_000], [[6_000, 6_000], [6_000, 6_000]]); // 36 MP each, 72 MP in all
    expect(codeOf(() => assertImageWithinLimits(many, LIMIT))).toBe("IMAGE_TOO_LARGE");
    expect(assertImageWithinLimits(gif([640, 480], [[640, 480], [320, 240]]), LIMIT)).toEqual({ width: 640, height: 480 });
  });

  it("checks every page of a multi-page TIFF, either byte order", () => {
    for (const bigEndian of [false, true]) {
      const bomb = tiff([[10, 10], [100, 100], [20_000, 20_000]], { bigEndian });
      expect(readImageHeader(bomb)?.frames).toEqual([
        { width: 10, height: 10 },
        { width: 100, height: 100 },
        { width: 20_000, height: 20_000 },
      ]);
      expect(codeOf(() => assertImageWithinLimits(bomb, LIMIT))).toBe("IMAGE_TOO_LARGE");
    }
    expect(assertImageWithinLimits(tiff([[2480, 3508], [2480, 3508]]), LIMIT)).toEqual({ width: 2480, height: 3508 });
  });

  it("stops on a TIFF whose IFD chain loops back, and on truncated GIF/TIFF headers", () => {
    expect(readImageHeader(tiff([[10, 10], [20, 20]], { loop: true }))?.frames).toHaveLength(2);
    const truncatedGif = gif([16, 16], [[12_000, 12_000]]).subarray(0, 24); // cut inside the image descriptor
    expect(codeOf(() => assertImageWithinLimits(truncatedGif, LIMIT))).toBe("CORRUPT_FILE");
    const truncatedTiff = tiff([[10, 10], [20_000, 20_000]]).subarray(0, 50); // second IFD cut off
    expect(codeOf(() => assertImageWithinLimits(truncatedTiff, LIMIT))).toBe("CORRUPT_FILE");
  });
});

describe("image bombs through the pipeline (real PostgreSQL, Redis, worker)", () => {
  let h: PipelineHarness;
  let ownerId: string;

  beforeAll(async () => {
    h = await startHarness({ env: { MAX_IMAGE_PIXELS: String(LIMIT) } });
    ownerId = (await h.createUser()).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ["a GIF with a 16×16 screen and a 12000×12000 frame", gif([16, 16], [[12_000, 12_000]]), "bomb.gif", "image/gif"],
    ["a TIFF whose third page is 20000×20000", tiff([[10, 10], [100, 100], [20_000, 20_000]]), "bomb.tiff", "image/tiff"],
  ])("fails %s with IMAGE_TOO_LARGE, and the worker keeps serving", async (_label, bytes, filename, contentType) => {
    const submitted = await h.submitBytes(ownerId, bytes, filename, contentType);
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.FAILED);
    expect(doc.errorCode).toBe("IMAGE_TOO_LARGE");
    expect(doc.attempts).toBe(1);

    // The same worker still OCRs an ordinary image afterwards.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="200"><rect width="100%" height="100%" fill="white"/>` +
      `<text x="30" y="120" font-family="sans-serif" font-size="64" fill="black">INVOICE TOTAL 42</text></svg>`;
    const ok = await h.submitBytes(ownerId, await sharp(Buffer.from(svg)).png().toBuffer(), "after-bomb.png", "image/png");
    const after = await h.waitForStatus(ok.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(after.status).toBe(DocumentStatus.COMPLETED);
    expect(after.extractedText).toMatch(/TOTAL/);
  });
});
