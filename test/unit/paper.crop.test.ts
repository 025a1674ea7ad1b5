import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { cropKeepsPrint, cropPixels, findPaperCrop } from "../../src/extraction/paper.crop.js";
import { inkComponents } from "../../src/extraction/ink.raster.js";
import { pgmPixels, prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";
import { ocrWords, shiftedTree } from "../../src/extraction/ocr.words.js";

/** A grey page: `surface` everywhere, paper (`paperGrey`) in `paper`, dark print lines on the paper. */
function page(width: number, height: number, surface: number, paper: { x0: number; y0: number; x1: number; y1: number } | null, paperGrey = 240): Uint8Array {
  const px = new Uint8Array(width * height).fill(surface);
  if (!paper) return px;
  for (let y = paper.y0; y < paper.y1; y++) {
    for (let x = paper.x0; x < paper.x1; x++) {
      // Print: a 6 px tall line every 30 px, dashed like words.
      const ink = (y - paper.y0) % 30 >= 12 && (y - paper.y0) % 30 < 18 && (x - paper.x0) % 40 < 28 && x > paper.x0 + 20 && x < paper.x1 - 20;
      px[y * width + x] = ink ? 30 : paperGrey;
    }
  }
  return px;
}

describe("findPaperCrop", () => {
  it("crops a photo to its paper, a block or two beyond the paper's edges", () => {
    const paper = { x0: 250, y0: 200, x1: 750, y1: 1300 };
    const crop = findPaperCrop(page(1000, 1500, 130, paper), 1000, 1500);
    expect(crop).not.toBeNull();
    const c = crop as NonNullable<typeof crop>;
    expect(c.x).toBeLessThanOrEqual(paper.x0);
    expect(c.x).toBeGreaterThanOrEqual(paper.x0 - 12);
    expect(c.y).toBeLessThanOrEqual(paper.y0);
    expect(c.y).toBeGreaterThanOrEqual(paper.y0 - 12);
    expect(c.x + c.width).toBeGreaterThanOrEqual(paper.x1);
    expect(c.x + c.width).toBeLessThanOrEqual(paper.x1 + 12);
    expect(c.y + c.height).toBeGreaterThanOrEqual(paper.y1);
    expect(c.y + c.height).toBeLessThanOrEqual(paper.y1 + 12);
  });

  it("leaves a scan whose paper reaches the edges whole", () => {
    expect(findPaperCrop(page(1000, 1500, 130, { x0: 0, y0: 0, x1: 1000, y1: 1500 }), 1000, 1500)).toBeNull();
    // A thin dark scanner edge on one side removes too little to be worth a crop.
    expect(findPaperCrop(page(1000, 1500, 20, { x0: 30, y0: 0, x1: 1000, y1: 1500 }), 1000, 1500)).toBeNull();
  });

  it("leaves a page whose surface is lighter than the cut (nothing to cut away) and a page with no paper", () => {
    expect(findPaperCrop(page(1000, 1500, 235, { x0: 250, y0: 200, x1: 750, y1: 1300 }, 250), 1000, 1500)).toBeNull();
    expect(findPaperCrop(new Uint8Array(1000 * 1500).fill(128), 1000, 1500)).toBeNull();
  });

  it("prefers paper inside a dark frame to a white surface around the frame", () => {
    // The flattening made a wide surface as white as the paper; the receipt was scanned on a black backing.
    const W = 1000;
    const H = 1500;
    const px = new Uint8Array(W * H).fill(235);
    for (let y = 250; y < 1250; y++) for (let x = 250; x < 750; x++) px[y * W + x] = 15;
    const inner = page(W, H, 0, { x0: 280, y0: 280, x1: 720, y1: 1220 });
    for (let y = 280; y < 1220; y++) for (let x = 280; x < 720; x++) px[y * W + x] = inner[y * W + x] as number;
    const c = findPaperCrop(px, W, H);
    expect(c).not.toBeNull();
    expect(c!.x).toBeGreaterThan(260);
    expect(c!.x).toBeLessThanOrEqual(280);
    expect(c!.y + c!.height).toBeGreaterThanOrEqual(1220);
    expect(c!.y + c!.height).toBeLessThan(1240);
  });

  it("keeps every part of a paper split by a band that reads dark", () => {
    const paper = { x0: 250, y0: 200, x1: 750, y1: 1300 };
    const px = page(1000, 1500, 130, paper);
    // A 20 px shading seam across the paper, darker than the cut.
    for (let y = 600; y < 620; y++) for (let x = 250; x < 750; x++) px[y * 1000 + x] = 120;
    const c = findPaperCrop(px, 1000, 1500);
    expect(c).not.toBeNull();
    expect(c!.y).toBeLessThanOrEqual(200);
    expect(c!.y + c!.height).toBeGreaterThanOrEqual(1300);
  });

  it("rejects a light region too small to be the paper", () => {
    expect(findPaperCrop(page(1000, 1500, 130, { x0: 450, y0: 600, x1: 600, y1: 900 }), 1000, 1500)).toBeNull();
  });
});

describe("inkComponents on a block grid", () => {
  // 1 1 0 0 0
  // 0 0 0 1 0
  // 0 0 1 1 0
  // 0 1 0 0 0
  const grid = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0]);

  it("with connectivity 4 keeps cells that touch only at a corner apart (the paper finder's regions)", () => {
    expect(inkComponents(grid, 5, 4, 4)).toEqual([
      { area: 2, x0: 0, y0: 0, x1: 1, y1: 0 },
      { area: 3, x0: 2, y0: 1, x1: 3, y1: 2 },
      { area: 1, x0: 1, y0: 3, x1: 1, y1: 3 },
    ]);
  });

  it("by default (8-connected) joins them", () => {
    expect(inkComponents(grid, 5, 4)).toEqual([
      { area: 2, x0: 0, y0: 0, x1: 1, y1: 0 },
      { area: 4, x0: 1, y0: 1, x1: 3, y1: 3 },
    ]);
  });
});

describe("cropPixels", () => {
  it("cuts the rows and columns of the crop out of the page", () => {
    const px = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // 4 × 3
    expect([...cropPixels(px, 4, { x: 1, y: 1, width: 2, height: 2 })]).toEqual([5, 6, 9, 10]);
  });
});

describe("a word read on the paper crop maps back to the original image", () => {
  it("lands on the mark's original pixels (prepareForOcr with cropPaper, shiftedTree, ocrWords)", async () => {
    // 600 × 800 photo: grey surface, paper at (100–500, 100–700), a black square at (300–340, 400–440).
    const W = 600;
    const H = 800;
    const raw = Buffer.alloc(W * H, 110);
    for (let y = 100; y < 700; y++) for (let x = 100; x < 500; x++) raw[y * W + x] = 245;
    for (let y = 400; y < 440; y++) for (let x = 300; x < 340; x++) raw[y * W + x] = 10;
    const png = await sharp(raw, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    const prep = await prepareForOcr(png, { cropPaper: true, flattenLighting: false, deskew: false });
    expect(prep.crop).toBeDefined();
    const crop = prep.crop as NonNullable<typeof prep.crop>;
    const whole = pgmPixels(prep.data);
    const cut = { data: cropPixels(whole!.data, whole!.width, crop), width: crop.width, height: crop.height };
    // The square as tesseract would box it on the cropped PGM: the dark pixels' box.
    let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
    for (let y = 0; y < cut.height; y++) {
      for (let x = 0; x < cut.width; x++) {
        if ((cut.data[y * cut.width + x] as number) < 60) {
          [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
        }
      }
    }
    const tree = { blocks: [{ paragraphs: [{ lines: [{ words: [{ text: "■", confidence: 90, bbox: { x0, y0, x1, y1 } }] }] }] }] };
    const [word] = ocrWords(shiftedTree(tree, crop.x, crop.y), prep.geometry);
    expect(word!.x0).toBeCloseTo(300, -0.5);
    expect(word!.y0).toBeCloseTo(400, -0.5);
    expect(word!.x1).toBeCloseTo(340, -0.5);
    expect(word!.y1).toBeCloseTo(440, -0.5);
  });
});

describe("cropKeepsPrint", () => {
  const W = 1000;
  const H = 1500;
  const paper = { x0: 250, y0: 200, x1: 750, y1: 1300 };
  const crop = { x: 245, y: 195, width: 510, height: 1110 };

  it("keeps a crop whose cut still falls between dark print and the paper", () => {
    expect(cropKeepsPrint(page(W, H, 130, paper), W, H, crop)).toBe(true);
  });

  it("refuses a crop whose own cut rises (faint grey print, the paper's shading next to turn dark)", () => {
    // Print spread over greys 150–205 (faint, anti-aliased): the grey surface held the page's cut lower.
    const faint = page(W, H, 130, paper);
    let k = 0;
    for (let i = 0; i < faint.length; i++) if (faint[i] === 30) faint[i] = 150 + (k++ % 56);
    expect(cropKeepsPrint(faint, W, H, crop)).toBe(false);
  });
});
