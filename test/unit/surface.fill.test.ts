import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { otsuThreshold } from "../../src/extraction/ink.raster.js";
import { pgmPixels, prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";
import { borderConnectedDark, fillKeepsPrint, fillSurface, MAX_PRINT_LOST, MIN_SURFACE_SHARE } from "../../src/extraction/surface.fill.js";

const W = 400;
const H = 300;

/**
 * A photographed page as the lighting flattening leaves it: a mid-grey surface (`surface`) `margin` px wide around
 * white paper that carries sparse dark print (short strokes, one every 40 px across and down).
 */
function photoPage(surface = 150, margin = 30, paper = 250): Uint8Array {
  const px = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const onPaper = x >= margin && x < W - margin && y >= margin && y < H - margin;
      const print = onPaper && y % 40 >= 15 && y % 40 < 21 && x % 40 >= 10 && x % 40 < 14;
      px[y * W + x] = !onPaper ? surface : print ? 20 : paper;
    }
  }
  return px;
}

describe("fillSurface", () => {
  it("gives the grey surface around a page the paper's grey, where a global Otsu cut would make a black frame", () => {
    const px = photoPage();
    // The cause: sparse print weighs next to nothing in the histogram, so Otsu cuts between surface and paper.
    expect(otsuThreshold(px)).toBeGreaterThanOrEqual(150);
    const report = fillSurface(px, W, H);
    expect(report.changed).toBe(true);
    expect(report.share).toBeGreaterThan(0.2);
    expect(report.paper).toBe(250);
    expect(px[0]).toBe(250);
    expect(px[(H - 5) * W + W / 2]).toBe(250);
    expect(px[(H / 2) * W + 5]).toBe(250);
    // The print on the paper is kept, and now the cut falls between it and the paper.
    expect(px[55 * W + 51]).toBe(20);
    const cut = otsuThreshold(px);
    expect(cut).toBeGreaterThanOrEqual(20);
    expect(cut).toBeLessThan(250);
  });

  it("fills with grey paper's own grey, not white: beside a white surround Otsu would cut the paper black", () => {
    // An unflattened photo: the paper is light grey, the surface darker.
    const px = photoPage(150, 30, 215);
    const report = fillSurface(px, W, H);
    expect(report.changed).toBe(true);
    expect(px[0]).toBe(215);
    // The cut now separates print from paper: the paper stays on the light side.
    const cut = otsuThreshold(px);
    expect(cut).toBeGreaterThanOrEqual(20);
    expect(cut).toBeLessThan(215);
  });

  it("fills a lighter part of the surface too, which is dark only to the cut taken once the darker part is filled", () => {
    // Left half of the surround dark (a shadow on the table), right half lighter: the first cut falls between the two.
    const px = photoPage(150, 50);
    for (let y = 0; y < H; y++) for (let x = W / 2; x < W; x++) if ((px[y * W + x] as number) === 150) px[y * W + x] = 210;
    const report = fillSurface(px, W, H);
    expect(report.passes).toBeGreaterThanOrEqual(2);
    expect(px[5 * W + 5]).toBe(250);
    expect(px[5 * W + W - 5]).toBe(250);
    expect(px[(H / 2) * W + W - 5]).toBe(250);
  });

  it("keeps every stroke of print on the paper, also around a darker surface", () => {
    const px = photoPage(120, 35);
    const before = Uint8Array.from(px);
    fillSurface(px, W, H);
    for (let i = 0; i < px.length; i++) if (before[i] === 20) expect(px[i]).toBe(20);
  });

  it("leaves a scan whose paper reaches the image's edges alone, even with a glyph touching the edge", () => {
    const px = new Uint8Array(W * H).fill(245);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (y % 30 >= 10 && y % 30 < 18 && x % 9 < 5) px[y * W + x] = 30;
    // The first glyph of each row starts at x = 0: it touches the border but is print, far below a surface's share.
    const before = Uint8Array.from(px);
    const report = fillSurface(px, W, H);
    expect(report.share).toBeGreaterThan(0);
    expect(report.share).toBeLessThan(MIN_SURFACE_SHARE);
    expect(report.changed).toBe(false);
    expect(px).toEqual(before);
  });
});

/**
 * A page whose print is mostly faint (grey 205, three strokes in four) and a little dark (20), on white paper inside
 * a surface of grey 195: the surface holds the page's Otsu cut at the faint print's grey, so the faint print is dark.
 */
function faintPrintPage(): Uint8Array {
  const px = new Uint8Array(W * H);
  const margin = 30;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const onPaper = x >= margin && x < W - margin && y >= margin && y < H - margin;
      const stroke = onPaper && y % 20 >= 5 && y % 20 < 11 && x % 10 >= 4 && x % 10 < 8;
      px[y * W + x] = !onPaper ? 195 : !stroke ? 250 : x % 40 < 10 ? 20 : 205;
    }
  }
  return px;
}

describe("fillSurface on faint print (the gate)", () => {
  it("leaves the page as it was when the filled page's cut would turn its faint print light", () => {
    const px = faintPrintPage();
    const faint = 45 * W + 55;
    expect(px[faint]).toBe(205);
    expect(px[faint]! <= otsuThreshold(px)).toBe(true);
    const report = fillSurface(px, W, H);
    expect(report.changed).toBe(false);
    expect(report.undone).toBe(true);
    expect(px[0]).toBe(195);
    // tesseract's cut of what it is handed still keeps the faint strokes dark.
    expect(px[faint]! <= otsuThreshold(px)).toBe(true);
  });
});

describe("fillKeepsPrint", () => {
  it("keeps a fill that lowers the cut and leaves the paper's dark pixels dark", () => {
    expect(fillKeepsPrint(211, 158, 1000, 212)).toBe(true);
    expect(fillKeepsPrint(200, 200, 1000, 0)).toBe(true);
  });
  it("undoes a fill that turns more than MAX_PRINT_LOST of the paper's dark pixels light (faint print)", () => {
    expect(fillKeepsPrint(241, 180, 1000, Math.round(1000 * MAX_PRINT_LOST) + 1)).toBe(false);
    expect(fillKeepsPrint(241, 180, 1000, Math.round(1000 * MAX_PRINT_LOST))).toBe(true);
  });
  it("undoes a fill that raises the cut: the paper's own shading would turn dark", () => {
    expect(fillKeepsPrint(220, 233, 1000, 0)).toBe(false);
  });
  it("keeps a fill on a page with no dark pixels on its paper when the cut does not rise", () => {
    expect(fillKeepsPrint(150, 140, 0, 0)).toBe(true);
  });
});

describe("borderConnectedDark", () => {
  it("marks dark pixels reachable from the border through dark pixels, not a dark blob enclosed by light ones", () => {
    // 5×5: a dark left column touching the border, a dark centre pixel inside light ones.
    const px = Uint8Array.from([
      0, 200, 200, 200, 200,
      0, 200, 200, 200, 200,
      0, 200, 0, 200, 200,
      0, 200, 200, 200, 200,
      0, 0, 200, 200, 200,
    ]);
    const region = borderConnectedDark(px, 5, 5, 100);
    expect(Array.from(region)).toEqual([
      1, 0, 0, 0, 0,
      1, 0, 0, 0, 0,
      1, 0, 0, 0, 0,
      1, 0, 0, 0, 0,
      1, 1, 0, 0, 0,
    ]);
  });
});

describe("prepareForOcr and the surface around a photographed page", () => {
  const png = () => sharp(Buffer.from(photoPage(150, 60)), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();

  it("hands tesseract the page with the surface as light as the paper when asked (fillSurface)", async () => {
    const prep = await prepareForOcr(await png(), { minWidth: 0, flattenLighting: false, deskew: false, fillSurface: true });
    const px = pgmPixels(prep.data);
    expect(px).not.toBeNull();
    const paper = px?.data[(H / 2) * W + W / 2 + 2];
    expect(paper).toBeGreaterThan(240);
    expect(px?.data[0]).toBe(paper);
    expect(px?.data[(H / 2) * W + 10]).toBe(paper);
  });

  it("leaves the surface grey by default (measured, not a default)", async () => {
    const prep = await prepareForOcr(await png(), { minWidth: 0, flattenLighting: false, deskew: false });
    expect(pgmPixels(prep.data)?.data[0]).toBeLessThan(200);
  });
});
