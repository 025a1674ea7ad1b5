import { fileTypeFromBuffer } from "file-type";
import { AppError, UnsupportedMediaTypeError } from "../../errors/app.error.js";
import { assertImageWithinLimits } from "../../extraction/image-header.js";
import type { InputKind, PipelineStep } from "../step.js";

/** Types Folio processes, judged by magic bytes. */
const SUPPORTED: Record<string, InputKind> = {
  "application/pdf": "pdf",
  "image/png": "image",
  "image/jpeg": "image",
  "image/tiff": "image",
  "image/webp": "image",
  "image/bmp": "image",
  "image/gif": "image",
};

/** How a PDF was recognised when its header is not where file-type looks for it. */
export type PdfSniff = "header-offset" | "structure" | null;

/**
 * PDF readers (Acrobat, pdf.js, poppler) accept a `%PDF-` header anywhere in
 * the first 1024 bytes, and poppler and pdf.js even parse files with no header
 * when the body has PDF structure. file-type only checks byte 0, so Folio
 * looks further before calling such a file unsupported; whether it really
 * parses is for the text-extraction step to find out.
 */
export function sniffPdf(bytes: Uint8Array): PdfSniff {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.includes("%PDF-")) return "header-offset";
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 4096))).toString("latin1");
  const start = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  if (/\d+\s+\d+\s+obj\b/.test(start) && /\/Type\s*\/Catalog/.test(start + tail) && /(startxref|trailer)/.test(tail)) return "structure";
  return null;
}

/** The real file type from the content (file-type), never from the client's claim or the filename. */
export const detectStep: PipelineStep<"detect"> = {
  name: "detect",
  deferStart: true,
  async run(ctx) {
    const bytes = await ctx.original();
    if (bytes.length === 0) throw new AppError("EMPTY_FILE", "The file is empty (0 bytes).");
    const pdfSniff = (await fileTypeFromBuffer(bytes)) ? null : sniffPdf(bytes);
    const detected = pdfSniff ? { mime: "application/pdf", ext: "pdf" } : await fileTypeFromBuffer(bytes);
    if (!detected) {
      throw new UnsupportedMediaTypeError("The file type could not be recognised from its content; supported are PDF, PNG, JPEG, TIFF, WebP, BMP and GIF.", {
        declared: ctx.document.declaredContentType,
      });
    }
    const kind = SUPPORTED[detected.mime];
    if (!kind) {
      throw new UnsupportedMediaTypeError(`Files of type ${detected.mime} are not supported; supported are PDF, PNG, JPEG, TIFF, WebP, BMP and GIF.`, {
        detected: detected.mime,
      });
    }
    const mislabeled = ctx.document.declaredContentType !== null && ctx.document.declaredContentType !== detected.mime;
    let size: { width: number; height: number } | undefined;
    if (kind === "image") {
      // Refuse decompression bombs before any decoder allocates the pixels.
      size = assertImageWithinLimits(bytes, ctx.limits.maxImagePixels);
    }
    return {
      status: "succeeded",
      message: `Detected ${detected.mime}${mislabeled ? ` (declared ${ctx.document.declaredContentType})` : ""}`,
      summary: { mime: detected.mime, declared: ctx.document.declaredContentType, mislabeled, ...(pdfSniff ? { pdfHeader: pdfSniff } : {}), ...(size ?? {}) },
      data: { mime: detected.mime, ext: detected.ext, kind, ...(size ?? {}) },
      document: { detectedContentType: detected.mime },
    };
  },
};
