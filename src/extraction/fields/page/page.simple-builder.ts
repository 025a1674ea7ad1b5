/**
 * A small, self-contained way to turn words with boxes (or plain text) into a
 * {@link PageModel}, so field extraction can run on geometry before (and
 * independently of) the full page builder in `src/extraction/page/`. Lines are
 * formed by vertical overlap, blocks by vertical gaps; the text is rendered by
 * the contract's rules (one space between words, a tab for a wide gap, `\n`
 * between lines, a blank line between blocks).
 */
import type { BBox, PageBlock, PageLine, PageModel, PageSource, PageWord, RawWord } from "../../page/page.model.js";

function union(boxes: readonly BBox[]): BBox {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

interface Pending {
  text: string;
  box: BBox;
  confidence: number;
}

/**
 * Builds a page from raw words in the producer's units. Words whose vertical
 * centres fall inside each other's extent (by more than half the smaller
 * height) share a line; a gap taller than 1.8 line heights starts a new block.
 */
export function pageFromWords(raw: readonly RawWord[], width: number, height: number, pageNumber: number, source: PageSource): PageModel {
  const words: Pending[] = raw
    .map((w) => ({ text: w.text.replace(/\p{Cc}|\ufffd/gu, "").trim(), box: { x0: w.x0 / width, y0: w.y0 / height, x1: w.x1 / width, y1: w.y1 / height }, confidence: w.confidence }))
    .filter((w) => w.text !== "" && !/\s/.test(w.text));
  words.sort((a, b) => (a.box.y0 + a.box.y1) / 2 - (b.box.y0 + b.box.y1) / 2);
  const rows: Pending[][] = [];
  for (const w of words) {
    const h = w.box.y1 - w.box.y0;
    const cy = (w.box.y0 + w.box.y1) / 2;
    let best: Pending[] | undefined;
    let bestOverlap = 0;
    for (const row of rows.slice(-4)) {
      const rb = union(row.map((r) => r.box));
      const overlap = Math.min(rb.y1, w.box.y1) - Math.max(rb.y0, w.box.y0);
      const minH = Math.min(h, rb.y1 - rb.y0);
      const rowCy = (rb.y0 + rb.y1) / 2;
      if (overlap > 0.5 * minH && Math.abs(rowCy - cy) < 0.6 * Math.max(h, rb.y1 - rb.y0) && overlap > bestOverlap) {
        best = row;
        bestOverlap = overlap;
      }
    }
    if (best) best.push(w);
    else rows.push([w]);
  }
  for (const row of rows) row.sort((a, b) => a.box.x0 - b.box.x0);
  rows.sort((a, b) => union(a.map((w) => w.box)).y0 - union(b.map((w) => w.box)).y0);

  const groups: Pending[][][] = [];
  let prevBottom = -1;
  let prevHeight = 0;
  for (const row of rows) {
    const rb = union(row.map((w) => w.box));
    const gap = rb.y0 - prevBottom;
    if (groups.length === 0 || gap > 1.8 * Math.max(prevHeight, rb.y1 - rb.y0)) groups.push([]);
    groups[groups.length - 1]?.push(row);
    prevBottom = rb.y1;
    prevHeight = rb.y1 - rb.y0;
  }

  let text = "";
  const blocks: PageBlock[] = [];
  groups.forEach((group, gi) => {
    if (gi > 0) text += "\n\n";
    const lines: PageLine[] = [];
    group.forEach((row, li) => {
      if (li > 0) text += "\n";
      const lineStart = text.length;
      const lineWords: PageWord[] = [];
      const meanCharWidth = row.reduce((s, w) => s + (w.box.x1 - w.box.x0), 0) / Math.max(1, row.reduce((s, w) => s + w.text.length, 0));
      row.forEach((w, wi) => {
        const prev = row[wi - 1];
        if (prev) text += w.box.x0 - prev.box.x1 > 4 * meanCharWidth ? "\t" : " ";
        const start = text.length;
        text += w.text;
        lineWords.push({ text: w.text, box: w.box, confidence: w.confidence, start, end: text.length });
      });
      lines.push({ words: lineWords, box: union(row.map((w) => w.box)), start: lineStart, end: text.length });
    });
    blocks.push({ lines, box: union(lines.map((l) => l.box)) });
  });
  const all = blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  const confidence = all.length === 0 ? 0 : all.reduce((s, w) => s + w.confidence, 0) / all.length;
  return { page: pageNumber, width, height, source, blocks, text, confidence };
}

/**
 * A page for text that comes without geometry (a text layer read as a plain
 * string): every character is one unit wide and every line one unit tall, as
 * in a monospaced layout, so "right of" and "below" still mean something.
 * Callers should not report these boxes as positions on the real page.
 */
export function pageFromText(text: string, pageNumber: number): PageModel {
  const rawLines = text.split(/\r?\n/);
  const width = Math.max(1, ...rawLines.map((l) => l.length));
  const height = Math.max(1, rawLines.length);
  const words: RawWord[] = [];
  rawLines.forEach((line, y) => {
    for (const m of line.matchAll(/\S+/g)) {
      if (m.index === undefined) continue;
      words.push({ text: m[0], x0: m.index, x1: m.index + m[0].length, y0: y + 0.1, y1: y + 0.9, confidence: 1 });
    }
  });
  return pageFromWords(words, width, height, pageNumber, "text_layer");
}
