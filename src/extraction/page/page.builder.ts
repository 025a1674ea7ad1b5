/**
 * Builds a {@link PageModel} from positioned words, whatever produced them:
 * words → lines (by geometry) → column segments → blocks → reading order →
 * text with exact character offsets. Pure and synchronous.
 *
 * Thresholds are in units of the local line height, so the same rules work for
 * PDF points and for image pixels at any resolution.
 */
import type { BBox, PageBlock, PageLine, PageModel, PageSource, PageWord, RawWord } from "./page.model.js";
import { stripUnstorable } from "./page.sanitize.js";

/** Page geometry and provenance for {@link buildPage}. */
export interface PageFrame {
  /** 1-based page number. */
  page: number;
  /** Page size in the raw words' units (PDF points or pixels). */
  width: number;
  height: number;
  source: PageSource;
}

/** A gap wider than this many line heights is rendered as a tab instead of a space. */
const TAB_GAP = 1.2;
/** A gap wider than this many line heights may be a column gutter. */
const COLUMN_GAP = 2;
/** A gutter must stay at least this many line heights wide across its rows. */
const MIN_GUTTER = 0.8;
/** Rows that must be split by the same gutter before it counts as a column layout. */
const MIN_COLUMN_ROWS = 3;
/** Mean words per side of a column layout: key/value receipts ("TOTAL   12.00") stay one row. */
const MIN_COLUMN_WORDS = 3;
/** Share of a column's lines that may hold a tab-wide gap; more means table cells, not prose columns. */
const MAX_TABBED_SHARE = 0.3;
/** A vertical gap wider than this many line heights starts a new block. */
const BLOCK_GAP = 0.9;
/** Two words are on one line when their vertical overlap is at least this share of the smaller height. */
const LINE_OVERLAP = 0.5;
/** …or this share when the producer says they are on the same line (tesseract's line ids). */
const HINTED_LINE_OVERLAP = 0.25;

/** A sanitised word in raw units. */
interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  confidence: number;
  hint?: string;
  turned?: "up" | "down";
}

type Row = Word[];

/**
 * Groups positioned words into a page: lines by vertical overlap with their
 * left neighbour (so a slightly skewed line stays one line), words left to
 * right, lines split where a gutter runs through several rows (read column by
 * column), blocks by vertical gaps, and the text rendered with every word's and
 * line's span. Word text is sanitised ({@link stripUnstorable}); words that end
 * up empty are dropped, words with inner spaces are split.
 */
export function buildPage(rawWords: readonly RawWord[], frame: PageFrame): PageModel {
  const width = frame.width > 0 ? frame.width : 1;
  const height = frame.height > 0 ? frame.height : 1;
  const words = rawWords.flatMap(toWords);
  const rows = groupRows(words.filter((w) => !w.turned));
  const flows = layout(rows);
  // Turned text (a rotated footer, a side label) reads after the page's rows, each of its lines a block of its own.
  const blockGroups = [...flows.flatMap(toBlocks), ...turnedLines(words).map((line) => [line])];
  return render(blockGroups, { ...frame, width, height });
}

/**
 * A page for a source that has only text (no geometry): one block per
 * paragraph (blank-line separated), one line per text line, words split on
 * whitespace (runs of two or more spaces or a tab become a tab). Boxes are
 * synthetic: a character grid over the page.
 */
export function pageFromText(text: string, page: number): PageModel {
  const clean = stripUnstorableKeepLines(text);
  const lines = clean.split(/\r?\n/);
  const cols = Math.max(1, ...lines.map((l) => l.length));
  const rowsCount = Math.max(1, lines.length);
  const blocks: Word[][][] = [];
  let current: Word[][] = [];
  lines.forEach((line, y) => {
    const words: Word[] = [];
    for (const m of line.matchAll(/\S+/gu)) {
      const x = m.index;
      words.push({ text: m[0], x0: x, x1: x + m[0].length, y0: y, y1: y + 1, confidence: 1 });
    }
    if (words.length === 0) {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(words);
  });
  if (current.length) blocks.push(current);
  // Separators come from the original spacing, not from geometry thresholds.
  return render(blocks, { page, width: cols, height: rowsCount, source: "text_layer" }, (left, right) =>
    right.x0 - left.x1 >= 2 ? "\t" : " ",
  );
}

function stripUnstorableKeepLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\t/g, "  "))
    .map(stripUnstorable)
    .join("\n");
}

/** Sanitises one raw word, splitting it at inner whitespace (x by character share). */
function toWords(raw: RawWord): Word[] {
  const text = stripUnstorable(raw.text);
  const coords = [raw.x0, raw.y0, raw.x1, raw.y1].map((v) => (Number.isFinite(v) ? v : 0)) as [number, number, number, number];
  const x0 = Math.min(coords[0], coords[2]);
  const x1 = Math.max(coords[0], coords[2]);
  const y0 = Math.min(coords[1], coords[3]);
  const y1 = Math.max(coords[1], coords[3]);
  const confidence = Number.isFinite(raw.confidence) ? Math.min(1, Math.max(0, raw.confidence)) : 0;
  const hint = raw.lineHint !== undefined ? `${raw.blockHint ?? ""}:${raw.lineHint}` : undefined;
  const chars = [...text];
  const turned = raw.turned;
  // A turned word's characters run along y: bottom to top ("up") or top to bottom ("down").
  const perChar = chars.length ? (turned ? y1 - y0 : x1 - x0) / chars.length : 0;
  const out: Word[] = [];
  let offset = 0; // in code points
  for (const part of text.split(/(\s+)/u)) {
    const n = [...part].length;
    if (part && !/\s/u.test(part)) {
      if (!turned) out.push({ text: part, x0: x0 + offset * perChar, x1: x0 + (offset + n) * perChar, y0, y1, confidence, hint });
      else if (turned === "down") out.push({ text: part, x0, x1, y0: y0 + offset * perChar, y1: y0 + (offset + n) * perChar, confidence, turned });
      else out.push({ text: part, x0, x1, y0: y1 - (offset + n) * perChar, y1: y1 - offset * perChar, confidence, turned });
    }
    offset += n;
  }
  return out;
}

/** A word's line height: across its baseline (its width when turned). */
const h = (w: Word) => Math.max(w.turned ? w.x1 - w.x0 : w.y1 - w.y0, 1e-9);
/** The gap from `left` to the next word `right` along their baseline. */
const gapAlong = (left: Word, right: Word) => (right.turned === "up" ? left.y0 - right.y1 : right.turned === "down" ? right.y0 - left.y1 : right.x0 - left.x1);
const cy = (w: Word) => (w.y0 + w.y1) / 2;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function rowHeight(row: Row): number {
  return median(row.map(h));
}

function rowCenter(row: Row): number {
  return row.reduce((n, w) => n + cy(w), 0) / row.length;
}

/**
 * Words → rows. Words are taken left to right; each joins the row whose last
 * (rightmost) word it overlaps vertically the most, so a row follows a skewed
 * baseline word by word instead of needing one horizontal band.
 */
function groupRows(words: Word[]): Row[] {
  const sorted = [...words].sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  const rows: Row[] = [];
  for (const w of sorted) {
    let best: Row | undefined;
    let bestScore = 0;
    for (const row of rows) {
      const last = row[row.length - 1]!;
      const minH = Math.min(h(last), h(w));
      // Must lie to the right of the row's end (small overlaps happen with kerning and OCR boxes).
      if (w.x0 < last.x1 - 0.5 * minH) continue;
      const overlap = (Math.min(last.y1, w.y1) - Math.max(last.y0, w.y0)) / minH;
      const needed = w.hint !== undefined && w.hint === last.hint ? HINTED_LINE_OVERLAP : LINE_OVERLAP;
      if (overlap < needed) continue;
      // Prefer the best overlap; among equals, the nearest row end.
      const score = overlap - (w.x0 - last.x1) / (1000 * minH);
      if (score > bestScore) {
        bestScore = score;
        best = row;
      }
    }
    if (best) best.push(w);
    else rows.push([w]);
  }
  return rows.sort((a, b) => rowCenter(a) - rowCenter(b));
}

/**
 * Turned words → their lines: words of one direction whose boxes share most of their width, taken in reading order
 * along the baseline, a new line where the gap along it is a column gap wide. Lines come in reading order too: text
 * running up has its first line leftmost, text running down rightmost.
 */
function turnedLines(words: readonly Word[]): Row[] {
  const lines: Row[] = [];
  for (const turned of ["up", "down"] as const) {
    const startAlong = (w: Word) => (turned === "up" ? -w.y1 : w.y0);
    const open: Row[] = [];
    for (const w of words.filter((x) => x.turned === turned).sort((a, b) => startAlong(a) - startAlong(b))) {
      let best: Row | undefined;
      let bestOverlap = 0;
      for (const row of open) {
        const last = row[row.length - 1]!;
        const minH = Math.min(h(last), h(w));
        const overlap = (Math.min(last.x1, w.x1) - Math.max(last.x0, w.x0)) / minH;
        if (overlap < LINE_OVERLAP || gapAlong(last, w) > COLUMN_GAP * minH) continue;
        if (overlap > bestOverlap) {
          bestOverlap = overlap;
          best = row;
        }
      }
      if (best) best.push(w);
      else open.push([w]);
    }
    const center = (row: Row) => row.reduce((n, w) => n + (w.x0 + w.x1) / 2, 0) / row.length;
    lines.push(...open.sort((a, b) => (turned === "up" ? center(a) - center(b) : center(b) - center(a))));
  }
  return lines;
}

interface Gap {
  start: number;
  end: number;
}

/** Gaps in a row wide enough to be a column gutter. */
function wideGaps(row: Row): Gap[] {
  const lh = rowHeight(row);
  const gaps: Gap[] = [];
  for (let i = 1; i < row.length; i++) {
    const start = row[i - 1]!.x1;
    const end = row[i]!.x0;
    if (end - start > COLUMN_GAP * lh) gaps.push({ start, end });
  }
  return gaps.sort((a, b) => b.end - b.start - (a.end - a.start));
}

interface ColumnRun {
  /** Index after the last row of the run. */
  end: number;
  left: Row[];
  right: Row[];
}

/**
 * Looks for a gutter that starts at row `i` and runs down through at least
 * {@link MIN_COLUMN_ROWS} rows with enough words on both sides, the right side
 * starting at one x (text columns are left-aligned; receipt amounts are not).
 */
function findColumnRun(rows: Row[], i: number): ColumnRun | undefined {
  const first = rows[i]!;
  for (const gap of wideGaps(first)) {
    let gutter = gap;
    const members: Row[] = [first];
    let twoSided = 1;
    let j = i + 1;
    for (; j < rows.length; j++) {
      const row = rows[j]!;
      const prev = members[members.length - 1]!;
      const lh = Math.max(rowHeight(row), rowHeight(prev));
      const vgap = Math.min(...row.map((w) => w.y0)) - Math.max(...prev.map((w) => w.y1));
      if (vgap > 3 * lh) break;
      const crossing = wideGaps(row).find((g) => Math.min(g.end, gutter.end) - Math.max(g.start, gutter.start) >= MIN_GUTTER * lh);
      if (crossing) {
        gutter = { start: Math.max(crossing.start, gutter.start), end: Math.min(crossing.end, gutter.end) };
        twoSided++;
      } else if (!(row.every((w) => w.x1 <= gutter.start + 0.1 * lh) || row.every((w) => w.x0 >= gutter.end - 0.1 * lh))) {
        break;
      }
      members.push(row);
    }
    if (twoSided < MIN_COLUMN_ROWS) continue;
    const mid = (gutter.start + gutter.end) / 2;
    const left = members.map((r) => r.filter((w) => (w.x0 + w.x1) / 2 < mid)).filter((r) => r.length);
    const right = members.map((r) => r.filter((w) => (w.x0 + w.x1) / 2 >= mid)).filter((r) => r.length);
    const meanWords = (side: Row[]) => side.reduce((n, r) => n + r.length, 0) / Math.max(1, side.length);
    if (meanWords(left) < MIN_COLUMN_WORDS || meanWords(right) < MIN_COLUMN_WORDS) continue;
    // Table rows have cells: wide gaps inside a side. Prose columns do not; a table is read row by row.
    if (tabbedShare(left) > MAX_TABBED_SHARE || tabbedShare(right) > MAX_TABBED_SHARE) continue;
    const starts = right.map((r) => r[0]!.x0);
    const lh = median(members.map(rowHeight));
    const m = median(starts);
    if (starts.filter((x) => Math.abs(x - m) <= 1.5 * lh).length < 0.6 * starts.length) continue;
    return { end: j, left, right };
  }
  return undefined;
}

/** Share of rows with a gap wider than {@link TAB_GAP} line heights. */
function tabbedShare(rows: Row[]): number {
  if (!rows.length) return 0;
  const tabbed = rows.filter((row) => {
    const lh = rowHeight(row);
    return row.some((w, i) => i > 0 && w.x0 - row[i - 1]!.x1 > TAB_GAP * lh);
  });
  return tabbed.length / rows.length;
}

/**
 * Rows (sorted top to bottom) → flows in reading order. A flow is a sequence of
 * lines read top to bottom; a column layout yields the left column's flows,
 * then the right column's (recursively, so three columns work too).
 */
function layout(rows: Row[]): Row[][] {
  const flows: Row[][] = [];
  let flow: Row[] = [];
  for (let i = 0; i < rows.length; ) {
    const run = findColumnRun(rows, i);
    if (!run) {
      flow.push(rows[i]!);
      i++;
      continue;
    }
    if (flow.length) flows.push(flow);
    flow = [];
    flows.push(...layout(run.left), ...layout(run.right));
    i = run.end;
  }
  if (flow.length) flows.push(flow);
  return flows;
}

/** A flow → blocks, split at wide vertical gaps and where lines stop overlapping horizontally. */
function toBlocks(flow: Row[]): Row[][] {
  const blocks: Row[][] = [];
  let block: Row[] = [];
  let bx0 = 0;
  let bx1 = 0;
  let bottom = 0;
  for (const row of flow) {
    const x0 = Math.min(...row.map((w) => w.x0));
    const x1 = Math.max(...row.map((w) => w.x1));
    const top = Math.min(...row.map((w) => w.y0));
    if (block.length) {
      const lh = Math.max(rowHeight(row), rowHeight(block[block.length - 1]!));
      const apart = top - bottom > BLOCK_GAP * lh || x0 > bx1 || x1 < bx0;
      if (apart) {
        blocks.push(block);
        block = [];
      }
    }
    if (!block.length) {
      bx0 = x0;
      bx1 = x1;
    } else {
      bx0 = Math.min(bx0, x0);
      bx1 = Math.max(bx1, x1);
    }
    block.push(row);
    bottom = Math.max(...row.map((w) => w.y1));
  }
  if (block.length) blocks.push(block);
  return blocks;
}

type Separator = (left: Word, right: Word, lineHeight: number) => " " | "\t";

const geometricSeparator: Separator = (left, right, lineHeight) => (gapAlong(left, right) > TAB_GAP * lineHeight ? "\t" : " ");

/** Blocks of rows → the page: boxes normalised, text rendered, spans set. */
function render(blocks: Row[][], frame: PageFrame, separator: Separator = geometricSeparator): PageModel {
  const norm = (x0: number, y0: number, x1: number, y1: number): BBox => ({
    x0: clamp01(x0 / frame.width),
    y0: clamp01(y0 / frame.height),
    x1: clamp01(x1 / frame.width),
    y1: clamp01(y1 / frame.height),
  });
  let text = "";
  let confSum = 0;
  let count = 0;
  const outBlocks: PageBlock[] = [];
  for (const block of blocks) {
    if (outBlocks.length) text += "\n\n";
    const lines: PageLine[] = [];
    for (const row of block) {
      if (lines.length) text += "\n";
      const lh = rowHeight(row);
      const start = text.length;
      const words: PageWord[] = [];
      row.forEach((w, i) => {
        if (i > 0) text += separator(row[i - 1]!, w, lh);
        const ws = text.length;
        text += w.text;
        words.push({ text: w.text, box: norm(w.x0, w.y0, w.x1, w.y1), confidence: Math.round(w.confidence * 1000) / 1000, start: ws, end: text.length });
        confSum += w.confidence;
        count++;
      });
      lines.push({ words, box: union(words.map((w) => w.box)), start, end: text.length });
    }
    outBlocks.push({ lines, box: union(lines.map((l) => l.box)) });
  }
  return {
    page: frame.page,
    width: frame.width,
    height: frame.height,
    source: frame.source,
    blocks: outBlocks,
    text,
    confidence: count ? confSum / count : 0,
  };
}

/** Clamped to 0–1 and rounded to 5 decimals (a 10th of a pixel on a 10,000 px page): keeps stored models small. */
function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 1e5) / 1e5 : 0;
}

function union(boxes: BBox[]): BBox {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** Every word of a page in reading order. */
export function pageWords(page: PageModel): PageWord[] {
  return page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
}
