import { AppError, isErrorCode } from "../../errors/app.error.js";
import type { PageModel } from "../../extraction/page/page.model.js";
import { noRereads, recognizePage, renderForOcr } from "../page.ocr.js";
import { currentPageModels, type PipelineStep, type StepContext, type StepDataMap, type StepFanOut, type StepResult } from "../step.js";
import { pagesToOcr } from "./extract-text.step.js";

/** Pages rendered per child-process call: bounds memory while amortising the child's start-up. */
const RENDER_BATCH = 4;

/**
 * A fanned-out OCR step resumed: every page is recorded (else the pages still
 * pending go to page jobs again). A page that failed fails the step with its code.
 */
async function mergeFannedOut(ctx: StepContext, textLayer: StepDataMap["extract_text"], missing: number[]): Promise<StepResult<"ocr"> | StepFanOut> {
  const recorded = new Map((await ctx.pages!.recorded()).map((row) => [row.page, row]));
  const failed = missing.map((page) => recorded.get(page)).find((row) => row?.status === "FAILED");
  if (failed) {
    const code = isErrorCode(failed.errorCode) ? failed.errorCode : "INTERNAL_ERROR";
    throw new AppError(code, `OCR of page ${failed.page} failed (${failed.errorCode ?? "unknown"}).`);
  }
  const pending = missing.filter((page) => recorded.get(page)?.status !== "DONE");
  if (pending.length > 0) return { status: "fan-out", pages: pending, pageCount: textLayer.pageCount };
  const pages = [...textLayer.pages];
  const models = currentPageModels({ extract_text: textLayer });
  const confidences: number[] = [];
  for (const page of missing) {
    const row = recorded.get(page)!;
    pages[page - 1] = row.text ?? "";
    if (row.model) models[page - 1] = row.model;
    if (row.confidence !== null) confidences.push(row.confidence);
  }
  return finished(pages, models, missing, confidences, textLayer.pageCount, ctx, { fannedOut: true });
}

/** The step's result over all pages, held to the text limit. */
function finished(
  pages: string[],
  models: PageModel[],
  missing: number[],
  confidences: number[],
  pageCount: number,
  ctx: StepContext,
  extra: Record<string, unknown>,
): StepResult<"ocr"> {
  const total = pages.reduce((n, p) => n + p.length, 0);
  if (total > ctx.limits.maxTextChars) {
    throw new AppError("TEXT_TOO_LARGE", `The document holds ${total} characters of text; at most ${ctx.limits.maxTextChars} are allowed.`);
  }
  const meanConfidence = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : null;
  return {
    status: "succeeded",
    message: `OCR of ${missing.length} of ${pageCount} page(s)`,
    summary: { pagesOcred: missing.length, pages: missing, meanConfidence, ...extra },
    data: { pages, models, ocrPages: missing, meanConfidence },
  };
}

/**
 * OCR with tesseract.js: the image itself, or the PDF pages `OCR_MODE` asks for
 * (by default those with no usable text layer), rendered first; an OCR'd page's
 * text replaces its text layer. Skipped when no page needs it.
 */
export const ocrStep: PipelineStep<"ocr"> = {
  name: "ocr",
  // A PDF whose every page has a text layer: the step only says so (skipped), nothing is rendered or read.
  deferStart: (outputs, limits) => outputs.detect?.kind === "pdf" && outputs.extract_text !== undefined && pagesToOcr(outputs.extract_text, limits.ocrMode).length === 0,
  async run(ctx) {
    const detect = ctx.outputs.detect;
    const reread = noRereads();
    if (detect?.kind === "image") {
      await ctx.progress(0, "page 1 of 1");
      const result = await recognizePage(ctx, await ctx.original(), 1, reread);
      await ctx.pages?.record({ page: 1, pageCount: 1, pagesTotal: 1, text: result.text, confidence: result.confidence, model: result.page });
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
    const missing = pagesToOcr(textLayer, ctx.limits.ocrMode);
    if (missing.length === 0) {
      return { status: "skipped", message: "Every page has a text layer" };
    }
    if (missing.length > ctx.limits.maxOcrPages) {
      throw new AppError("TOO_MANY_PAGES", `${missing.length} pages need OCR; at most ${ctx.limits.maxOcrPages} are allowed.`);
    }
    // Many pages: page jobs any worker takes (a BullMQ flow), merged when the step runs again after them.
    const fanOutMin = ctx.pages?.fanOutMinPages ?? 0;
    if (fanOutMin > 0 && missing.length >= fanOutMin) return mergeFannedOut(ctx, textLayer, missing);
    const pages = [...textLayer.pages];
    const models = currentPageModels({ extract_text: textLayer });
    const confidences: number[] = [];
    let done = 0;
    for (let i = 0; i < missing.length; i += RENDER_BATCH) {
      const batch = missing.slice(i, i + RENDER_BATCH);
      const rendered = await renderForOcr(await ctx.original(), batch, { limits: ctx.limits, ...(ctx.document.pdfPassword ? { password: ctx.document.pdfPassword } : {}), signal: ctx.signal });
      for (const { page, image } of rendered) {
        await ctx.progress(done / missing.length, `page ${page} of ${textLayer.pageCount}`);
        const result = await recognizePage(ctx, image, page, reread);
        pages[page - 1] = result.text;
        models[page - 1] = result.page;
        confidences.push(result.confidence);
        done++;
        await ctx.pages?.record({ page, pageCount: textLayer.pageCount, pagesTotal: missing.length, text: result.text, confidence: result.confidence, model: result.page });
      }
    }
    await ctx.progress(1, `${done} page(s) OCRed`);
    return finished(pages, models, missing, confidences, textLayer.pageCount, ctx, { reread });
  },
};
