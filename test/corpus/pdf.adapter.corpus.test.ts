import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireCorpus } from "../support/corpus.js";
import { ExtractionError, isExtractionError } from "../../src/extraction/extraction.errors.js";
import { readImageSize } from "../../src/extraction/image-header.js";
import {
  closePdfChildren,
  extractPdfText,
  renderPdfPages,
  type PdfErrorCode,
  type PdfLimits,
} from "../../src/extraction/pdf.adapter.js";
import { OCR_RENDER_MAX_DPI, OCR_RENDER_MAX_SCAN_WIDTH, OCR_RENDER_SCALE } from "../../src/pipeline/page.ocr.js";

const CORPUS = requireCorpus();
const pdfPath = (name: string) => path.join(CORPUS, "pdfs", name);
const readPdf = (name: string) => new Uint8Array(readFileSync(pdfPath(name)));

interface ManifestEntry {
  file: string;
  category: string;
  password?: string | null;
  pages?: number | null;
}
const manifest = JSON.parse(readFileSync(path.join(CORPUS, "pdfs", "manifest.json"), "utf8")) as ManifestEntry[];

const LIMITS: PdfLimits = { timeoutMs: 15_000, maxPages: 200, maxMemoryMb: 512, maxTextChars: 10_000_000 };
const PDF_CODES: readonly PdfErrorCode[] = [
  "PDF_ENCRYPTED",
  "CORRUPT_FILE",
  "TOO_MANY_PAGES",
  "PROCESSING_TIMEOUT",
  "RESOURCE_LIMIT",
  "CANCELLED",
];

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractionError);
    expect(isExtractionError(err)).toBe(true);
    return (err as ExtractionError).code;
  }
  throw new Error("expected a rejection");
}

afterAll(async () => {
  await closePdfChildren();
});

describe("extractPdfText", () => {
  it("extracts pages, text and info from a text PDF", async () => {
    const res = await extractPdfText(new Uint8Array(readFileSync(path.join(CORPUS, "invoices/AmazonWebServices.pdf"))), {
      limits: LIMITS,
    });
    expect(res.pageCount).toBe(1);
    expect(res.pages).toHaveLength(1);
    expect(res.pages[0]).toContain("Amazon Web Services");
    expect(res.info.encrypted).toBe(false);
    expect(res.info.producer).toMatch(/FOP/);
  });

  it("reads the text layer in geometric order with a page model per page (label before value)", async () => {
    const res = await extractPdfText(new Uint8Array(readFileSync(path.join(CORPUS, "invoices/coolblue1.pdf"))), { limits: LIMITS });
    expect(res.models).toHaveLength(res.pageCount);
    expect(res.models[0]!.text).toBe(res.pages[0]);
    expect(res.pages[0]).toMatch(/Factuurnummer:\s+993548900/);
    expect(res.pages[0]).toMatch(/Apple iPad Air Wifi 16 GB Zilver\t1\t€ 399,00/);
    for (const block of res.models[0]!.blocks) {
      for (const line of block.lines) for (const w of line.words) expect(res.pages[0]!.slice(w.start, w.end)).toBe(w.text);
    }
  });

  it("accepts a file path instead of bytes", async () => {
    const res = await extractPdfText(path.join(CORPUS, "invoices/AmazonWebServices.pdf"), { limits: LIMITS });
    expect(res.pages.join("\n")).toContain("Amazon Web Services");
    // A missing file is the caller's problem (plain ENOENT), not a corrupt document.
    const err = await extractPdfText(path.join(CORPUS, "no-such.pdf"), { limits: LIMITS }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ExtractionError);
    expect((err as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("does not modify the caller's bytes", async () => {
    const bytes = readPdf("hello_world_rotated.pdf");
    const copy = bytes.slice();
    await extractPdfText(bytes, { limits: LIMITS });
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });

  it("reports PDF_ENCRYPTED without the password and extracts with it", async () => {
    const entry = manifest.find((e) => e.file === "issue6010_1.pdf");
    expect(entry?.password).toBeTruthy();
    const bytes = readPdf("issue6010_1.pdf");
    expect(await codeOf(extractPdfText(bytes, { limits: LIMITS }))).toBe("PDF_ENCRYPTED");
    expect(await codeOf(extractPdfText(bytes, { password: "not-it", limits: LIMITS }))).toBe("PDF_ENCRYPTED");
    const res = await extractPdfText(bytes, { password: entry?.password ?? "", limits: LIMITS });
    expect(res.info.encrypted).toBe(true);
    expect(res.pages.join(" ")).toMatch(/Issue 6010/);
  });

  it("opens PDFs whose non-ASCII passwords pdf.js rejects as given (UTF-8 bytes, SASLprep)", async () => {
    for (const file of ["issue6010_2.pdf", "issue21579.pdf", "saslprep-r6.pdf"]) {
      const entry = manifest.find((e) => e.file === file);
      const res = await extractPdfText(readPdf(file), { password: entry?.password ?? "", limits: LIMITS });
      expect(res.pageCount, file).toBe(1);
    }
  });

  it("reports CORRUPT_FILE for a malformed PDF and for non-PDF bytes", async () => {
    expect(await codeOf(extractPdfText(readPdf("bug1020226.pdf"), { limits: LIMITS }))).toBe("CORRUPT_FILE");
    expect(await codeOf(extractPdfText(new TextEncoder().encode("hello, not a pdf"), { limits: LIMITS }))).toBe(
      "CORRUPT_FILE",
    );
    expect(await codeOf(extractPdfText(new Uint8Array(0), { limits: LIMITS }))).toBe("CORRUPT_FILE");
  });

  it("reports TOO_MANY_PAGES before extracting text", async () => {
    const err = await extractPdfText(readPdf("form_two_pages.pdf"), { limits: { ...LIMITS, maxPages: 1 } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExtractionError);
    expect((err as ExtractionError).code).toBe("TOO_MANY_PAGES");
    expect((err as Error).message).toMatch(/2 pages/);
    const ok = await extractPdfText(readPdf("form_two_pages.pdf"), { limits: { ...LIMITS, maxPages: 2 } });
    expect(ok.pageCount).toBe(2);
  });

  it("reports RESOURCE_LIMIT when the text layer exceeds maxTextChars", async () => {
    const code = await codeOf(extractPdfText(readPdf("standard_fonts.pdf"), { limits: { ...LIMITS, maxTextChars: 500 } }));
    expect(code).toBe("RESOURCE_LIMIT");
  });

  it("kills a PDF that hangs pdf.js (bomb_giant.pdf) while this process stays responsive, then keeps working", async () => {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 100);
    const started = Date.now();
    try {
      const code = await codeOf(
        extractPdfText(readPdf("bomb_giant.pdf"), { limits: { ...LIMITS, timeoutMs: 3_000, maxMemoryMb: 256 } }),
      );
      expect(["PROCESSING_TIMEOUT", "RESOURCE_LIMIT"]).toContain(code);
    } finally {
      clearInterval(interval);
    }
    const elapsed = Date.now() - started;
    // Child start-up (slow under tsx) + 3 s budget; the event loop kept ticking throughout.
    expect(elapsed).toBeLessThan(40_000);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(3_000 / 100) - 5);
    // The killed child was replaced: the next call works.
    const res = await extractPdfText(readPdf("hello_world_rotated.pdf"), { limits: LIMITS });
    expect(res.pageCount).toBe(5);
  });

  it("rejects with CANCELLED and kills the child when the signal aborts", async () => {
    const ac = new AbortController();
    const pending = extractPdfText(readPdf("bomb_giant.pdf"), { limits: { ...LIMITS, timeoutMs: 60_000 }, signal: ac.signal });
    setTimeout(() => ac.abort(), 1_500);
    const started = Date.now();
    expect(await codeOf(pending)).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(30_000);

    const pre = new AbortController();
    pre.abort();
    expect(await codeOf(extractPdfText(readPdf("hello_world_rotated.pdf"), { limits: LIMITS, signal: pre.signal }))).toBe(
      "CANCELLED",
    );
  });

  it("rejects invalid limits with a RangeError (a caller bug, not a document problem)", async () => {
    await expect(extractPdfText(readPdf("hello_world_rotated.pdf"), { limits: { ...LIMITS, timeoutMs: 0 } })).rejects.toThrow(
      RangeError,
    );
  });
});

describe("renderPdfPages", () => {
  it("renders an image-only page to PNG within maxPixels", async () => {
    const text = await extractPdfText(readPdf("cmykjpeg.pdf"), { limits: LIMITS });
    expect(text.pages[0].trim()).toBe(""); // no text layer: the OCR path

    const maxPixels = 2_000_000;
    const [shot] = await renderPdfPages(readPdf("cmykjpeg.pdf"), {
      pages: [1],
      scale: 4,
      limits: { ...LIMITS, maxPixels },
    });
    expect(shot.page).toBe(1);
    expect(Buffer.from(shot.image.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const size = readImageSize(shot.image);
    expect(size).not.toBeNull();
    // scale 4 would exceed maxPixels: the page was rendered smaller instead of refused.
    expect((size?.width ?? 0) * (size?.height ?? 0)).toBeLessThanOrEqual(maxPixels);
    expect(size?.width ?? 0).toBeGreaterThan(500);
  });

  it("renders several pages in the requested order and rejects a page that does not exist", async () => {
    const shots = await renderPdfPages(readPdf("hello_world_rotated.pdf"), {
      pages: [3, 1],
      scale: 1,
      limits: { ...LIMITS, maxPixels: 4_000_000 },
    });
    expect(shots.map((s) => s.page)).toEqual([3, 1]);
    await expect(
      renderPdfPages(readPdf("hello_world_rotated.pdf"), { pages: [9], limits: { ...LIMITS, maxPixels: 4_000_000 } }),
    ).rejects.toThrow(RangeError);
  });

  it("reports PDF_ENCRYPTED for an encrypted PDF without password", async () => {
    expect(
      await codeOf(renderPdfPages(readPdf("issue3371.pdf"), { pages: [1], limits: { ...LIMITS, maxPixels: 4_000_000 } })),
    ).toBe("PDF_ENCRYPTED");
  });
});

describe("the whole pdf.js corpus", () => {
  it(
    "every PDF resolves or fails with a stable code (no hang, no crash)",
    async () => {
      const outcomes = new Map<string, string[]>();
      const started = Date.now();
      let slowest = { file: "", ms: 0 };
      for (const entry of manifest) {
        const t0 = Date.now();
        let outcome: string;
        try {
          await extractPdfText(readPdf(entry.file), { limits: LIMITS });
          outcome = "ok";
        } catch (err) {
          expect(err, entry.file).toBeInstanceOf(ExtractionError);
          const code = (err as ExtractionError).code;
          expect(PDF_CODES, `${entry.file}: ${String(err)}`).toContain(code);
          outcome = code;
        }
        const ms = Date.now() - t0;
        if (ms > slowest.ms) slowest = { file: entry.file, ms };
        outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), entry.file]);
      }
      const wallMs = Date.now() - started;

      // With the passwords the pdf.js test suite knows, encrypted files should open.
      const withPassword = manifest.filter((e) => e.password);
      let opened = 0;
      for (const entry of withPassword) {
        try {
          await extractPdfText(readPdf(entry.file), { password: entry.password ?? undefined, limits: LIMITS });
          opened++;
        } catch {
          // counted below
        }
      }

      const summary = Object.fromEntries([...outcomes].map(([k, v]) => [k, v.length]));
      console.log(
        `[pdf corpus] ${manifest.length} files in ${(wallMs / 1000).toFixed(1)} s: ${JSON.stringify(summary)}; ` +
          `slowest ${slowest.file} ${slowest.ms} ms; with known passwords ${opened}/${withPassword.length} open`,
      );
      for (const [k, v] of outcomes) if (k !== "ok") console.log(`[pdf corpus] ${k}: ${v.join(", ")}`);

      expect([...outcomes.values()].flat()).toHaveLength(manifest.length);
      expect(outcomes.get("ok")?.length ?? 0).toBeGreaterThan(40);
      expect(outcomes.get("PROCESSING_TIMEOUT") ?? outcomes.get("RESOURCE_LIMIT")).toContain("bomb_giant.pdf");
    },
    180_000,
  );
});

describe("the whole pdf.js corpus, rendered for OCR", () => {
  it(
    "page 1 of every PDF renders within maxPixels as the OCR step asks (scan density, a scan's own JPEG) or fails with a stable code",
    async () => {
      const maxPixels = 50_000_000;
      const outcomes = new Map<string, string[]>();
      const widths: number[] = [];
      const jpegs: string[] = [];
      for (const entry of manifest) {
        let outcome: string;
        try {
          const [shot] = await renderPdfPages(readPdf(entry.file), {
            pages: [1],
            scale: OCR_RENDER_SCALE,
            maxScanScale: OCR_RENDER_MAX_DPI / 72,
            maxScanWidth: OCR_RENDER_MAX_SCAN_WIDTH,
            scanJpeg: true,
            limits: { ...LIMITS, maxPixels },
          });
          if (shot!.format === "jpeg") jpegs.push(entry.file);
          const size = readImageSize(shot!.image);
          expect(size, entry.file).not.toBeNull();
          expect((size?.width ?? 0) * (size?.height ?? 0), entry.file).toBeLessThanOrEqual(maxPixels);
          widths.push(size?.width ?? 0);
          outcome = "ok";
        } catch (err) {
          expect(err, `${entry.file}: ${String(err)}`).toBeInstanceOf(ExtractionError);
          const code = (err as ExtractionError).code;
          expect(PDF_CODES, `${entry.file}: ${String(err)}`).toContain(code);
          outcome = code;
        }
        outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), entry.file]);
      }
      const summary = Object.fromEntries([...outcomes].map(([k, v]) => [k, v.length]));
      console.log(`[pdf corpus render] ${manifest.length} files: ${JSON.stringify(summary)}; widest render ${Math.max(...widths)} px; as their own JPEG: ${jpegs.join(", ") || "none"}`);
      for (const [k, v] of outcomes) if (k !== "ok") console.log(`[pdf corpus render] ${k}: ${v.join(", ")}`);
      expect([...outcomes.values()].flat()).toHaveLength(manifest.length);
      expect(outcomes.get("ok")?.length ?? 0).toBeGreaterThan(40);
    },
    600_000,
  );
});
