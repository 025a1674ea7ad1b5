/**
 * How noisy a page's paper is: a phone camera's sensor adds grain (worse in dim
 * light), which the contrast stretch makes stronger and an unsharp mask
 * sharpens along with the print. A scan's paper is smooth.
 *
 * Method (Immerkær, "Fast noise variance estimation", 1996): the 3×3 operator
 * [1 −2 1; −2 4 −2; 1 −2 1] (the difference of two Laplacians) cancels every
 * locally linear grey level, so on flat areas its response is noise alone; for
 * Gaussian noise of σ the mean absolute response is σ·6·√(2/π). Only "paper"
 * pixels count — the 3×3 neighbourhood spans less than {@link MAX_PAPER_SPREAD}
 * grey levels and its centre is lighter than {@link MIN_PAPER_GREY} — so print
 * edges do not read as noise, and pixels clipped at white (the stretch pushes
 * the lightest paper to 255) are left out too: a neighbourhood touching 255
 * hides the noise's upper half.
 *
 * Every {@link NOISE_STEP}-th row and column: a few milliseconds on a page.
 */

/** A neighbourhood spanning this many grey levels or more holds print, not just paper. */
export const MAX_PAPER_SPREAD = 60;
/** Paper is lighter than this (0–255). */
export const MIN_PAPER_GREY = 128;
/** Rows and columns sampled: every n-th. */
export const NOISE_STEP = 2;
/** Fewer paper pixels than this and the page says nothing about its noise: {@link estimateNoise} gives null. */
export const MIN_PAPER_PIXELS = 2000;

/** What {@link estimateNoise} found. */
export interface NoiseEstimate {
  /** σ of the paper's noise in grey levels (Immerkær's estimate from the mean absolute response). */
  sigma: number;
  /** Paper pixels measured. */
  pixels: number;
}

/** σ of the noise on the paper of an 8-bit grey image (see the module comment); null without enough unclipped paper. */
export function estimateNoise(grey: Uint8Array, width: number, height: number): NoiseEstimate | null {
  let sum = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y += NOISE_STEP) {
    const up = (y - 1) * width;
    const at = y * width;
    const down = (y + 1) * width;
    for (let x = 1; x < width - 1; x += NOISE_STEP) {
      const c = grey[at + x] as number;
      if (c < MIN_PAPER_GREY) continue;
      const a = grey[up + x - 1] as number;
      const b = grey[up + x] as number;
      const d = grey[up + x + 1] as number;
      const e = grey[at + x - 1] as number;
      const f = grey[at + x + 1] as number;
      const g = grey[down + x - 1] as number;
      const h = grey[down + x] as number;
      const i = grey[down + x + 1] as number;
      const hi = Math.max(a, b, c, d, e, f, g, h, i);
      if (hi >= 255 || hi - Math.min(a, b, c, d, e, f, g, h, i) >= MAX_PAPER_SPREAD) continue;
      sum += Math.abs(a + d + g + i - 2 * (b + e + f + h) + 4 * c);
      n += 1;
    }
  }
  if (n < MIN_PAPER_PIXELS) return null;
  return { sigma: (sum / n) * Math.sqrt(Math.PI / 2) / 6, pixels: n };
}
