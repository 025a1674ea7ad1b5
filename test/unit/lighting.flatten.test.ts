import { describe, expect, it } from "vitest";
import { flattenLighting } from "../../src/extraction/lighting.flatten.js";

/** Paper lit from 250 (left) down to 110 (right), with dark print marks every 40 px. */
function gradientPage(width = 400, height = 300): Uint8Array {
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const paper = 250 - (140 * x) / (width - 1);
      const print = y % 40 >= 10 && y % 40 < 22 && x % 12 < 7;
      px[y * width + x] = Math.round(print ? paper * 0.3 : paper);
    }
  }
  return px;
}

const paperOf = (px: Uint8Array, width: number, x: number, y: number) => px[y * width + x] as number;

describe("flattenLighting", () => {
  it("makes paper lit by a gradient evenly light, and keeps the print dark", () => {
    const px = gradientPage();
    const report = flattenLighting(px, 400, 300);
    expect(report.changed).toBe(true);
    expect(report.evenness).toBeLessThan(0.8);
    // Paper rows (y % 40 < 10) across the whole width: all near white.
    const paper: number[] = [];
    for (let x = 0; x < 400; x += 5) paper.push(paperOf(px, 400, x, 85));
    // Before: 250 down to 110. After: flat within a few grey levels (the estimate lags a steep gradient at the edges).
    expect(Math.min(...paper)).toBeGreaterThanOrEqual(225);
    expect(Math.max(...paper) - Math.min(...paper)).toBeLessThanOrEqual(25);
    // Print on the dark side is as dark relative to its paper as on the light side.
    expect(paperOf(px, 400, 385, 95)).toBeLessThan(100);
    expect(paperOf(px, 400, 5, 95)).toBeLessThan(100);
  });

  it("leaves an evenly lit page as it is", () => {
    const px = new Uint8Array(400 * 300).fill(235);
    for (let i = 0; i < px.length; i += 7) px[i] = 40;
    const before = Uint8Array.from(px);
    const report = flattenLighting(px, 400, 300);
    expect(report.changed).toBe(false);
    expect(px).toEqual(before);
  });
});
