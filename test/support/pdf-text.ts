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
