/**
 * Binary ink rasters of a grey page image (dark print on light paper), shared
 * by the measurements that look at a page's print before or beside OCR: the
 * print-height estimate (text-height.estimate.ts) and the search for ink the
 * OCR words left out (ink.uncovered.ts).
 */

/** A grey image reduced by an integer factor (1: the image itself, not copied). */
export interface ReducedGrey {
  grey: Uint8Array;
  w: number;
  h: number;
  factor: number;
}

/**
 * The image reduced by the smallest integer factor that brings its longer side to at most `maxSide`, each
 * pixel the minimum (darkest) of its factor×factor cell: thin strokes survive the reduction.
 */
export function reduceByMinimum(pixels: Uint8Array, width: number, height: number, maxSide: number): ReducedGrey {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  if (factor === 1) return { grey: pixels.subarray(0, width * height), w, h, factor };
  const grey = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 255;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width + x * factor;
        for (let dx = 0; dx < factor; dx++) {
          const v = pixels[row + dx] as number;
          if (v < m) m = v;
        }
      }
      grey[y * w + x] = m;
    }
  }
  return { grey, w, h, factor };
}

/**
 * Otsu's threshold of an 8-bit grey image: the level that best separates ink from paper.
 */
export function otsuThreshold(pixels: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) hist[pixels[i] as number]! += 1;
  const total = pixels.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * (hist[v] as number);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t] as number;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] as number);
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/** A connected component of ink: its bounding box (inclusive pixels) and how many pixels it holds. */
export interface InkComponent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
}

/**
 * Connected components of the ink pixels (1) of a `w`×`h` mask, with their
 * bounding boxes (inclusive) and pixel counts. Runs of ink per row are joined
 * by union-find with the overlapping runs of the row above: one pass, O(pixels).
 * 8-connected by default (glyph strokes touch diagonally); with `connectivity` 4
 * cells touching only at a corner stay apart (regions of a coarse block grid).
 */
export function inkComponents(ink: Uint8Array, w: number, h: number, connectivity: 4 | 8 = 8): InkComponent[] {
  // A run [s, e) touches a run [ps, pe) of the row above when pe > s - 1 and ps < e + 1 (8-connected: a shared
  // corner counts) or pe > s and ps < e (4-connected: a shared edge only).
  const reach = connectivity === 8 ? 1 : 0;
  const parent: number[] = [];
  const box: InkComponent[] = [];
  const find = (a: number): number => {
    let r = a;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[a] !== r) {
      const next = parent[a] as number;
      parent[a] = r;
      a = next;
    }
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    parent[rb] = ra;
    const A = box[ra] as InkComponent;
    const B = box[rb] as InkComponent;
    A.x0 = Math.min(A.x0, B.x0);
    A.y0 = Math.min(A.y0, B.y0);
    A.x1 = Math.max(A.x1, B.x1);
    A.y1 = Math.max(A.y1, B.y1);
    A.area += B.area;
  };
  let prev: number[] = [];
  for (let y = 0; y < h; y++) {
    const cur: number[] = [];
    const row = y * w;
    let x = 0;
    while (x < w) {
      if (ink[row + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < w && ink[row + x] === 1) x++;
      const label = parent.length;
      parent.push(label);
      box.push({ x0: start, y0: y, x1: x - 1, y1: y, area: x - start });
      cur.push(start, x, label);
    }
    let j = 0;
    for (let i = 0; i < cur.length; i += 3) {
      const s = cur[i] as number;
      const e = cur[i + 1] as number;
      while (j < prev.length && (prev[j + 1] as number) + reach <= s) j += 3;
      for (let k = j; k < prev.length && (prev[k] as number) < e + reach; k += 3) union(prev[k + 2] as number, cur[i + 2] as number);
    }
    prev = cur;
  }
  const out: InkComponent[] = [];
  for (let i = 0; i < parent.length; i++) if (parent[i] === i) out.push(box[i] as InkComponent);
  return out;
}
