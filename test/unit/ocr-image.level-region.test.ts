import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { levelledCut, pgmPixels, prepareRegion, type PreparedGeometry } from "../../src/extraction/ocr-image.preparer.js";

const W = 800;
const H = 600;
const DEG = 4;

/** A white photo with one black bar of print, 400 × 8 px, centred and tilted `DEG`° clockwise (falling to the right). */
async function tiltedBar(): Promise<Buffer> {
  const raw = Buffer.alloc(W * H, 255);
  const tan = Math.tan((DEG * Math.PI) / 180);
  for (let x = 200; x < 600; x += 1) {
    for (let y = 0; y < H; y += 1) if (Math.abs(y - H / 2 - tan * (x - W / 2)) < 4) raw[y * W + x] = 0;
  }
  return sharp(raw, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
}

/** The geometry of that photo levelled (rotated back by `DEG`°, canvas enlarged), at scale 1. */
function levelling(): PreparedGeometry {
  const t = (DEG * Math.PI) / 180;
  return { scale: 1, rotation: -DEG, scaledWidth: W, scaledHeight: H, width: Math.ceil(W * Math.cos(t) + H * Math.sin(t)), height: Math.ceil(H * Math.cos(t) + W * Math.sin(t)) };
}

/** Rows of a prepared crop at least half of whose pixels are dark. */
function solidRows(pgm: Buffer): number {
  const p = pgmPixels(pgm);
  if (!p) throw new Error("not a PGM");
  let rows = 0;
  for (let y = 0; y < p.height; y += 1) {
    let dark = 0;
    for (let x = 0; x < p.width; x += 1) if ((p.data[y * p.width + x] as number) < 128) dark += 1;
    if (dark >= p.width / 2) rows += 1;
  }
  return rows;
}

describe("a region of a levelled page", () => {
  it("is cut from the original where its corners fall, around the right centre", () => {
    const g = levelling();
    const region = { left: g.width / 2 - 210, top: g.height / 2 - 12, width: 420, height: 24 };
    const { crop, centre } = levelledCut(g, region, W, H);
    // The region's centre is the photo's centre, on both frames.
    expect(crop.left + crop.width / 2).toBeCloseTo(W / 2, 0);
    expect(crop.top + crop.height / 2).toBeCloseTo(H / 2, 0);
    expect(centre.x).toBeCloseTo(g.width / 2, 0);
    expect(centre.y).toBeCloseTo(g.height / 2, 0);
    // A 420 px region tilted 4° spans ~29 px more height on the original than its own 24.
    expect(crop.height).toBeGreaterThan(24 + 420 * Math.sin((DEG * Math.PI) / 180));
  });

  it("is read level: the tilted bar becomes solid rows of the crop, with its boxes on the level page", async () => {
    const image = await tiltedBar();
    const g = levelling();
    const region = { left: g.width / 2 - 210, top: g.height / 2 - 12, width: 420, height: 24 };
    const level = await prepareRegion(image, region, 48, g);
    // 8 px of bar at the crop's 2× enlargement: ~16 solid rows. Cut from the original the bar crosses the crop.
    expect(solidRows(level.data)).toBeGreaterThanOrEqual(10);
    expect(level.originalWidth).toBeCloseTo(g.width, 6);
    // The crop's origin is where the region starts on the level page.
    expect(Math.abs(level.origin.x - region.left)).toBeLessThanOrEqual(1);
    expect(Math.abs(level.origin.y - region.top)).toBeLessThanOrEqual(1);
    const upright = await prepareRegion(image, { left: 190, top: 272, width: 420, height: 56 }, 48);
    expect(solidRows(upright.data)).toBe(0);
  });
});

describe("a region cut from the page's prepared pixels", () => {
  it("is cut at the page's scale, from those pixels, with its position in the frame it was given in", async () => {
    // The original is blank and the prepared page holds a bar, so the crop shows which one it was cut from.
    const image = await sharp(Buffer.alloc(W * H, 200), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    // Its prepared page at scale 2: white paper, the bar black, at twice the coordinates.
    const prepared = new Uint8Array(2 * W * 2 * H).fill(255);
    for (let y = 260; y < 270; y += 1) prepared.fill(0, y * 2 * W + 100, y * 2 * W + 300);
    const region = { left: 40, top: 125, width: 120, height: 15 };
    const prep = await prepareRegion(image, region, 48, undefined, { prepared: { data: prepared, width: 2 * W, height: 2 * H, scale: 2 } });
    // 10 prepared px of bar, enlarged from the 30 px crop to 48: ~16 solid rows, the paper around them white.
    expect(solidRows(prep.data)).toBeGreaterThanOrEqual(12);
    expect(solidRows(prep.data)).toBeLessThanOrEqual(24);
    // Boxes map back to the frame the region was given in: origin there, prepared px per frame unit × enlargement.
    expect(prep.origin).toEqual({ x: 40, y: 125 });
    expect(prep.originalWidth).toBe(W);
    expect(prep.originalHeight).toBe(H);
    expect(prep.scale).toBeCloseTo((48 / 30) * 2, 1);
  });
});
