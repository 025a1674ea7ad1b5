import fs from "node:fs/promises";
import { Router, type Request, type Response } from "express";
import sharp from "sharp";
import type { PipelineLimits } from "../config/env.js";
import { ExtractionError } from "../extraction/extraction.errors.js";
import { renderPdfPages } from "../extraction/pdf.adapter.js";
import type { Logger } from "../logging/logger.js";
import { verifyDownloadSignature, type LocalObjectStore } from "../storage/local.store.js";
import { inlineDisposition } from "./content-disposition.js";

/**
 * Two views of an original behind the signed links of the local storage
 * driver (the same `key`, `expires`, `sig`, `filename` the `/files` link
 * carries, so whoever may download the original may see it, and nobody else):
 *
 * - `GET /files?…&inline=1`: the original for the browser to show itself (a
 *   PDF in its viewer, an image in a tab), with its real content type and
 *   `Content-Disposition: inline`. Only PDFs and raster images judged from
 *   their bytes: anything else (an HTML file, an SVG) is passed on to the
 *   plain `/files` route and downloads as an attachment.
 * - `GET /pages?…&page=N`: page N rendered to PNG (a PDF through the isolated
 *   PDF child, an image converted by sharp), for the web page's preview with
 *   the extracted fields drawn on it.
 */
export interface PagePreviewOptions {
  store: LocalObjectStore;
  signingSecret: string;
  limits: PipelineLimits;
  logger: Logger;
  /** Renders at once; more wait (each PDF render is a child process). Default 2. */
  maxConcurrentRenders?: number;
}

/** Width of a rendered page, in pixels: sharp enough to read, small enough for a phone. */
const PREVIEW_WIDTH = 1400;
/** PDF render zoom relative to 72 dpi (an A4 page becomes 1191 × 1684 pixels). */
const PDF_SCALE = 2;

type Sniffed = "application/pdf" | "image/png" | "image/jpeg" | "image/gif" | "image/webp" | null;

/** The content type of the bytes a browser may show inline, judged from their first bytes. */
export function sniffInlineType(head: Uint8Array): Sniffed {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 5) === "%PDF-") return "application/pdf";
  if (head[0] === 0x89 && ascii(1, 4) === "PNG") return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii(0, 4) === "GIF8") return "image/gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** A tiny semaphore: renders beyond the limit wait their turn instead of forking more children. */
function limiter(max: number): <T>(run: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** The routes described on {@link PagePreviewOptions}; mount before the plain `/files` route. */
export function pagePreviewRoutes(options: PagePreviewOptions): Router {
  const router = Router();
  const limited = limiter(options.maxConcurrentRenders ?? 2);
  const log = options.logger.child({ component: "page-preview" });

  /** The stored file a signed link names and its sniffed type, or null after answering the request. */
  const signedFile = async (req: Request, res: Response): Promise<{ file: string; type: Sniffed; filename?: string } | null> => {
    const q = req.query as Record<string, string | undefined>;
    const params = { key: q.key ?? "", expires: q.expires ?? "", sig: q.sig ?? "", filename: q.filename };
    if (!verifyDownloadSignature(options.signingSecret, params)) {
      fail(res, 403, "FORBIDDEN", "The link is invalid or has expired.");
      return null;
    }
    try {
      const file = options.store.filePath(params.key);
      const handle = await fs.open(file, "r");
      try {
        const head = new Uint8Array(16);
        await handle.read(head, 0, head.length, 0);
        return { file, type: sniffInlineType(head), filename: params.filename };
      } finally {
        await handle.close();
      }
    } catch {
      fail(res, 404, "NOT_FOUND", "Not found.");
      return null;
    }
  };

  router.get("/files", async (req, res, next) => {
    if (req.query.inline !== "1") return next();
    const found = await signedFile(req, res);
    if (!found) return;
    // Not a type a browser shows safely: the plain route sends it as an attachment.
    if (!found.type) return next();
    res.setHeader("content-type", found.type);
    res.setHeader("content-disposition", inlineDisposition(found.filename ?? "document"));
    res.setHeader("cache-control", "private, no-store");
    // The API's CSP sandboxes every answer, and browsers refuse to run their PDF viewer in a sandbox;
    // the bytes are a PDF or an image (sniffed above), never a page of this origin.
    res.setHeader("content-security-policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    res.sendFile(found.file);
  });

  router.get("/pages", async (req, res) => {
    const page = Number(req.query.page ?? "1");
    if (!Number.isInteger(page) || page < 1 || page > options.limits.maxPages) {
      fail(res, 400, "VALIDATION_FAILED", `page must be an integer from 1 to ${options.limits.maxPages}.`);
      return;
    }
    const found = await signedFile(req, res);
    if (!found) return;
    if (!found.type) {
      fail(res, 415, "UNSUPPORTED_MEDIA_TYPE", "Only PDFs and images have a page preview.");
      return;
    }
    try {
      const picture = await limited(async (): Promise<{ body: Buffer; type: string }> => {
        if (found.type === "application/pdf") {
          const [rendered] = await renderPdfPages(found.file, {
            pages: [page],
            scale: PDF_SCALE,
            limits: {
              timeoutMs: options.limits.pdfTimeoutMs,
              maxPages: options.limits.maxPages,
              maxMemoryMb: options.limits.pdfMemoryMb,
              maxTextChars: options.limits.maxTextChars,
              maxPixels: options.limits.maxImagePixels,
            },
          });
          // Previews do not ask for a scan's own JPEG (`scanJpeg`), but serve whichever format came back.
          return { body: Buffer.from(rendered!.image), type: rendered!.format === "jpeg" ? "image/jpeg" : "image/png" };
        }
        if (page !== 1) throw new RangeError(`Page ${page} does not exist; an image has one page.`);
        // EXIF orientation applied, as OCR saw the image: the field boxes are in these coordinates.
        try {
          const body = await sharp(found.file, { failOn: "none", limitInputPixels: options.limits.maxImagePixels })
            .rotate()
            .resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
            .png()
            .toBuffer();
          return { body, type: "image/png" };
        } catch (error) {
          const tooLarge = /pixel limit/i.test((error as Error).message);
          throw new ExtractionError(tooLarge ? "IMAGE_TOO_LARGE" : "CORRUPT_FILE", tooLarge ? "The image has too many pixels." : "The image could not be read.");
        }
      });
      res.setHeader("content-type", picture.type);
      res.setHeader("cache-control", "private, max-age=300");
      res.send(picture.body);
    } catch (error) {
      if (error instanceof RangeError) return fail(res, 404, "NOT_FOUND", error.message);
      if (error instanceof ExtractionError) {
        // An encrypted PDF's password is erased once processing ends: its pages cannot be shown.
        return fail(res, 422, error.code, error.message);
      }
      log.error({ err: error }, "page preview failed");
      fail(res, 500, "INTERNAL_ERROR", "The page could not be rendered.");
    }
  });
  return router;
}
