import { describe, expect, it } from "vitest";
import { estimateNoise } from "../../src/extraction/noise.estimate.js";
import { normals } from "../support/random.js";

const W = 400;
const H = 300;

/** Paper lit by a gradient (200 → 230 across), rows of black "letters", Gaussian noise of σ `sigma` added. */
function page(sigma: number): Uint8Array {
  const px = new Uint8Array(W * H);
  for (let y = 0; y < H; y += 1) for (let x = 0; x < W; x += 1) px[y * W + x] = 200 + Math.round((30 * x) / W);
  for (let row = 20; row + 16 < H - 20; row += 32) {
    for (let x = 20; x + 10 < W - 20; x += 20) for (let y = row; y < row + 16; y += 1) px.fill(20, y * W + x, y * W + x + 10);
  }
  const n = normals(7);
  for (let i = 0; i < px.length; i += 1) px[i] = Math.max(0, Math.min(255, Math.round((px[i] as number) + sigma * n())));
  return px;
}

describe("estimateNoise", () => {
  it("measures clean paper, print edges and a lighting gradient as (almost) no noise", () => {
    expect(estimateNoise(page(0), W, H)?.sigma).toBeLessThan(0.3);
  });

  it("measures Gaussian noise of σ on the paper as about σ", () => {
    for (const sigma of [2, 4, 6]) {
      const est = estimateNoise(page(sigma), W, H);
      expect(est?.sigma).toBeGreaterThan(0.85 * sigma);
      expect(est?.sigma).toBeLessThan(1.15 * sigma);
    }
  });

  it("says nothing about a page without paper", () => {
    expect(estimateNoise(new Uint8Array(W * H).fill(30), W, H)).toBeNull();
  });
});
