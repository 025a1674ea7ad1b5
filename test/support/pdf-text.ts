import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Text of a PDF as other readers see it, for tests of Folio's searchable PDF:
 * pdf.js (its text content in content-stream order, a line break wherever pdf.js
 * marks an end of line) and, where installed, poppler's pdftotext.
 */

/** A pdf.js text item of a page and where it starts on the page as shown. */
export interface PositionedItem {
  str: string;
  /** Position of the item's start (its baseline) on the page as shown, 0–1 from the top-left. */
  u: number;
  v: number;
  /** Width as shown, 0–1 of the shown page width. */
  width: number;
  /** Where the item's text ends on the page as shown, 0–1 from the top-left (along its direction). */
  end: { u: number; v: number };
}

/** pdf.js' text items of page 1 with their positions in the shown (rotated) page. */
export async function positionedItems(bytes: Uint8Array): Promise<PositionedItem[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const standardFontDataUrl = path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts") + path.sep;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, isEvalSupported: false }).promise;
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PositionedItem[] = [];
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a, b, , , e, f] = item.transform as number[];
      const [u0, v0] = viewport.convertToViewportPoint(e!, f!);
      const length = Math.hypot(a!, b!);
      const [u1, v1] = viewport.convertToViewportPoint(e! + (a! / length) * item.width, f! + (b! / length) * item.width);
      items.push({ str: item.str, u: u0! / viewport.width, v: v0! / viewport.height, width: Math.hypot(u1! - u0!, v1! - v0!) / viewport.width, end: { u: u1! / viewport.width, v: v1! / viewport.height } });
    }
    return items;
  } finally {
    await doc.destroy();
  }
}

/** One string per page, read by pdf.js. */
export async function pdfJsPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdf.js reads the standard fonts' metrics from its own data files (a browser's viewer ships them too).
  const standardFontDataUrl = path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts") + path.sep;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : "");
      }
      pages.push(text);
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** True when poppler's pdftotext is on the PATH. */
export async function hasPdftotext(): Promise<boolean> {
  try {
    await promisify(execFile)("pdftotext", ["-v"]);
    return true;
  } catch {
    return false;
  }
}

/**
 * One string per page, read by pdftotext (pages split at its form feeds): by its
 * own layout analysis, or with `raw` in content-stream order (`-raw`).
 */
export async function pdftotextPages(bytes: Uint8Array, options: { raw?: boolean } = {}): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-pdftotext-"));
  try {
    const file = path.join(dir, "in.pdf");
    await fs.writeFile(file, bytes);
    const { stdout } = await promisify(execFile)("pdftotext", ["-enc", "UTF-8", ...(options.raw ? ["-raw"] : []), file, "-"], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.split("\f").slice(0, -1);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The words of a text, in order (whitespace of any kind separates them). */
export const wordsOf = (text: string): string[] => text.split(/\s+/u).filter(Boolean);
