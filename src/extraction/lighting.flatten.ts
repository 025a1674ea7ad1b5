/**
 * Background normalisation for photographed pages: a phone photo of a receipt
 * is lit unevenly (a gradient from the window, the shadow of the hand or the
 * phone), so the paper is white in one corner and mid-grey in another. A single
 * contrast stretch cannot fix that — the shadowed paper stays darker than the
 * print in the light — and tesseract's global (Otsu) binarisation then loses
 * the text in the shadow or blackens the paper around it.
 *
 * The paper's brightness is estimated on a coarse grid: per cell the
 * {@link PAPER_PERCENTILE}th percentile of the grey levels (text is dark and
 * sparse, so a high percentile is the paper); a cell much darker than the
 * brightest of its 3×3 neighbourhood (filled by a logo or a dense line of
 * print) borrows that neighbour's paper; then every cell is smoothed with its
 * neighbours. Every pixel is divided by the estimate interpolated bilinearly at
 * its position, so the paper becomes white everywhere and print keeps its
 * contrast to the paper around it.
 *
 * Only applied when the estimate varies strongly across the page
 * ({@link UNEVEN_LIGHTING}): a scan's paper is uniform, and dividing it by its
 * own noise gains nothing.
 */

/** Percentile of a cell's grey levels taken as its paper. */
export const PAPER_PERCENTILE = 0.9;
/**
 * Lighting counts as uneven when the darkest paper cell (10th percentile of the cells, so a few cells of
 * background or a big logo do not count) is below this share of the brightest (90th percentile).
 */
export const UNEVEN_LIGHTING = 0.8;
/** A cell whose paper is below this share of its brightest neighbour's holds no paper (see {@link paperEstimate}). */
const NO_PAPER_SHARE = 0.8;
/** Cells across the page's width (at least {@link MIN_CELL} px each). */
const CELLS_ACROSS = 16;
const MIN_CELL = 24;

/** What {@link flattenLighting} found and did. */
export interface LightingReport {
  /** 10th ÷ 90th percentile of the paper estimate over the cells (1 = evenly lit). */
  evenness: number;
  /** True when the pixels were divided by the estimate. */
  changed: boolean;
}

/** The grey level at `q` (0–1) of a 256-bin histogram holding `n` values. */
function percentileOf(hist: Uint32Array, n: number, q: number): number {
  const target = q * n;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] as number;
    if (seen >= target) return v;
  }
  return 255;
}

/** Paper brightness per grid cell (see the module comment), before the neighbourhood steps. */
function cellPaper(pixels: Uint8Array, width: number, height: number, cell: number, cols: number, rows: number): Float64Array {
  const out = new Float64Array(cols * rows);
  const hist = new Uint32Array(256);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      hist.fill(0);
      const x0 = c * cell;
      const y0 = r * cell;
      const x1 = Math.min(width, x0 + cell);
      const y1 = Math.min(height, y0 + cell);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[pixels[y * width + x] as number] += 1;
      out[r * cols + c] = percentileOf(hist, (x1 - x0) * (y1 - y0), PAPER_PERCENTILE);
    }
  }
  return out;
}

/** A 3×3 neighbourhood operation over the grid (edges use the cells that exist). */
function neighbourhood(grid: Float64Array, cols: number, rows: number, op: (values: number[]) => number): Float64Array {
  const out = new Float64Array(grid.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const values: number[] = [];
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) values.push(grid[rr * cols + cc] as number);
        }
      }
      out[r * cols + c] = op(values);
    }
  }
  return out;
}

/**
 * The paper's brightness per cell of a grid laid over 8-bit grey pixels, and the cell size (see the module
 * comment): exported for tests and the bench.
 */
export function paperEstimate(
  pixels: Uint8Array,
  width: number,
  height: number,
): { grid: Float64Array; raw: Float64Array; cols: number; rows: number; cell: number } {
  const cell = Math.max(MIN_CELL, Math.round(width / CELLS_ACROSS));
  const cols = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const raw = cellPaper(pixels, width, height, cell, cols, rows);
  // A cell much darker than the brightest around it holds no paper of its own (a logo, the surface beside
  // the receipt): it borrows that neighbour's. Other cells keep theirs, so a gradient is not shifted.
  const brightest = neighbourhood(raw, cols, rows, (v) => Math.max(...v));
  const filled = raw.map((v, i) => (v < NO_PAPER_SHARE * (brightest[i] as number) ? (brightest[i] as number) : v));
  const grid = neighbourhood(filled, cols, rows, (v) => v.reduce((s, x) => s + x, 0) / v.length);
  return { grid, raw, cols, rows, cell };
}

/**
 * Normalises uneven lighting of 8-bit grey pixels in place when it is uneven enough to matter (see the
 * module comment). `force` divides even evenly lit pixels (for tests and measurements).
 */
export function flattenLighting(pixels: Uint8Array, width: number, height: number, force = false): LightingReport {
  if (width < 2 || height < 2 || pixels.length < width * height) return { evenness: 1, changed: false };
  const { grid, cols, rows, cell } = paperEstimate(pixels, width, height);
  const sorted = Float64Array.from(grid).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const bright = at(0.9);
  const evenness = bright > 0 ? at(0.1) / bright : 1;
  if (!force && evenness >= UNEVEN_LIGHTING) return { evenness, changed: false };
  // Bilinear interpolation between cell centres; one row of weights at a time.
  const colPos = new Float64Array(width);
  const colIdx = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(cols - 1, Math.max(0, (x + 0.5) / cell - 0.5));
    colIdx[x] = Math.min(cols - 2, Math.floor(fx));
    colPos[x] = fx - Math.max(0, colIdx[x] as number);
  }
  // The paper estimate interpolated along each row of cells once per band of rows (it changes only with r0):
  // the same products as per pixel, fewer of them.
  const top = new Float64Array(width);
  const bottom = new Float64Array(width);
  let band = -1;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(rows - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const r0 = Math.max(0, Math.min(rows - 2, Math.floor(fy)));
    const r1 = Math.min(rows - 1, r0 + 1);
    const wy = rows === 1 ? 0 : fy - r0;
    if (r0 !== band) {
      band = r0;
      for (let x = 0; x < width; x++) {
        const c0 = Math.max(0, colIdx[x] as number);
        const c1 = Math.min(cols - 1, c0 + 1);
        const wx = cols === 1 ? 0 : (colPos[x] as number);
        top[x] = (grid[r0 * cols + c0] as number) * (1 - wx) + (grid[r0 * cols + c1] as number) * wx;
        bottom[x] = (grid[r1 * cols + c0] as number) * (1 - wx) + (grid[r1 * cols + c1] as number) * wx;
      }
    }
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const paper = Math.max(1, (top[x] as number) * (1 - wy) + (bottom[x] as number) * wy);
      const i = row + x;
      pixels[i] = Math.min(255, Math.round(((pixels[i] as number) * 255) / paper));
    }
  }
  return { evenness, changed: true };
}
