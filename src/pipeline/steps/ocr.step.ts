import { AppError } from "../../errors/app.error.js";
import type { OcrPageResult } from "../../extraction/ocr.adapter.js";
import { rereadKeyRegions, type RereadReport } from "../../extraction/ocr.reread.js";
import { renderPdfPages } from "../../extraction/pdf.adapter.js";
import { currentPageModels, type PipelineStep, type StepContext } from "../step.js";
import { hasUsableText } from "./extract-text.step.js";

/** Pages rendered per child-process call: bounds memory while amortising the child's start-up. */
const RENDER_BATCH = 4;

/** Re-read totals per run, for the step summary. */
interface RereadTally {
  regions: number;
  replaced: number;
  ms: number;
}

/**
 * OCR of one page, then targeted re-OCR of its doubtful key-field regions
 * (`OCR_REREAD_MAX_REGIONS`, 0 = off): the page model and text carry the better readings.
 */
async function recognize(ctx: StepContext, image: Uint8Array, pageNumber: number, tally: RereadTally): Promise<OcrPageResult> {
  const result = await ctx.ocr.recognize(image, { signal: ctx.signal, timeoutMs: ctx.limits.ocrPageTimeoutMs, pageNumber });
  if (ctx.limits.ocrRereadRegions <= 0) return result;
  const { page, report } = await rereadKeyRegions(image, result.page, ctx.ocr, {
    maxRegions: ctx.limits.ocrRereadRegions,
    signal: ctx.signal,
    timeoutMs: ctx.limits.ocrPageTimeoutMs,
  });
  add(tally, report);
  return report.replaced > 0 ? { text: page.text, confidence: page.confidence, page } : result;
}

function add(tally: RereadTally, r: RereadReport): void {
  tally.regions += r.regions;
  tally.replaced += r.replaced;
  tally.ms += r.ms;
}

/**
 * OCR with tesseract.js: the image itself, or the PDF pages with no usable text
 * layer, rendered first. Skipped when every page already has text.
 */
export const ocrStep: PipelineStep<"ocr"> = {
  name: "ocr",
  // A PDF whose every page has a text layer: the step only says so (skipped), nothing is rendered or read.
  deferStart: (outputs) => outputs.detect?.kind === "pdf" && outputs.extract_text !== undefined && outputs.extract_text.pages.every(hasUsableText),
  async run(ctx) {
    const detect = ctx.outputs.detect;
    const reread: RereadTally = { regions: 0, replaced: 0, ms: 0 };
    if (detect?.kind === "image") {
      await ctx.progress(0, "page 1 of 1");
      const result = await recognize(ctx, await ctx.original(), 1, reread);
      await ctx.progress(1, "page 1 of 1 done");
      return {
        status: "succeeded",
        message: `OCR of 1 image, confidence ${result.confidence.toFixed(2)}`,
        summary: { pagesOcred: 1, meanConfidence: result.confidence, characters: result.text.length, reread },
        data: { pages: [result.text], models: [result.page], ocrPages: [1], meanConfidence: result.confidence },
        document: { pageCount: 1 },
      };
    }
    const textLayer = ctx.outputs.extract_text;
    if (!textLayer) throw new AppError("INTERNAL_ERROR", "OCR ran before text extraction.");
    const missing = textLayer.pages.flatMap((text, i) => (hasUsableText(text) ? [] : [i + 1]));
    if (missing.length === 0) {
      return { status: "skipped", message: "Every page has a text layer" };
    }
    if (missing.length > ctx.limits.maxOcrPages) {
      throw new AppError("TOO_MANY_PAGES", `${missing.length} pages need OCR; at most ${ctx.limits.maxOcrPages} are allowed.`);
    }
    const pages = [...textLayer.pages];
    const models = currentPageModels({ extract_text: textLayer });
    const confidences: number[] = [];
    let done = 0;
    for (let i = 0; i < missing.length; i += RENDER_BATCH) {
      const batch = missing.slice(i, i + RENDER_BATCH);
      const rendered = await renderPdfPages(await ctx.original(), {
        pages: batch,
        scale: 2,
        limits: {
          timeoutMs: ctx.limits.pdfTimeoutMs,
          maxPages: ctx.limits.maxPages,
          maxMemoryMb: ctx.limits.pdfMemoryMb,
          maxTextChars: ctx.limits.maxTextChars,
          maxPixels: ctx.limits.maxImagePixels,
        },
        password: ctx.document.pdfPassword,
        signal: ctx.signal,
      });
      for (const { page, png } of rendered) {
        await ctx.progress(done / missing.length, `page ${page} of ${textLayer.pageCount}`);
        const result = await recognize(ctx, png, page, reread);
        pages[page - 1] = result.text;
        models[page - 1] = result.page;
        confidences.push(result.confidence);
        done++;
      }
    }
    await ctx.progress(1, `${done} page(s) OCRed`);
    const total = pages.reduce((n, p) => n + p.length, 0);
    if (total > ctx.limits.maxTextChars) {
      throw new AppError("TEXT_TOO_LARGE", `The document holds ${total} characters of text; at most ${ctx.limits.maxTextChars} are allowed.`);
    }
    const meanConfidence = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : null;
    return {
      status: "succeeded",
      message: `OCR of ${done} of ${textLayer.pageCount} page(s)`,
      summary: { pagesOcred: done, pages: missing, meanConfidence, reread },
      data: { pages, models, ocrPages: missing, meanConfidence },
    };
  },
};
