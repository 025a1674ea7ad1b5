/**
 * The messages between the PDF adapter's sandbox processes and their parent.
 * Types only: both sides (`pdf.sandbox.ts` in the parent, `pdf.child.ts` in
 * the child) import this module, never each other.
 *
 * Protocol, one job at a time; a child serves many jobs in turn:
 * 1. the child sends {@link SandboxReady} once pdf.js is loaded and warmed up,
 *    so the parent can tell "could not start" (a deployment problem,
 *    retryable) from "crashed on this document" (permanent), and starts a
 *    job's clock only once it is handed to a ready child;
 * 2. the parent sends a {@link SandboxJob} over IPC (`serialization:
 *    "advanced"`) and, for `source.kind === "stdin"`, writes exactly
 *    `source.byteLength` raw PDF bytes to the child's stdin (stdin stays open
 *    for the next job, so the announced length frames each document);
 * 3. the child answers with exactly one {@link SandboxReply} and waits for the
 *    next job. Every answer carries the child's memory use after the job
 *    ({@link SandboxUsage}), which is how the pool decides to recycle it.
 */
import type { ExtractionErrorCode } from "./extraction.errors.js";
import type { PageModel } from "./page/page.model.js";

/** Text layer of a PDF, one string per page (index 0 is page 1). */
export interface PdfTextResult {
  pageCount: number;
  /** Text per page, rendered from {@link models}; an empty string for pages without a text layer (scans). */
  pages: string[];
  /** Each page's words with boxes, in geometric reading order (empty blocks for scans). */
  models: PageModel[];
  info: { title?: string; author?: string; producer?: string; encrypted: boolean };
  /**
   * Embedded files whose root element is an e-invoice's (Factur-X/ZUGFeRD CII, UBL), as bytes, in the
   * document's order; absent in results of children older than this field.
   */
  attachments?: PdfXmlAttachment[];
  /** Embedded files passed over and why (too large, unreadable): notes for the step's summary, never a failure. */
  attachmentNotes?: string[];
  /**
   * 1-based pages whose text layer is an earlier OCR, drawn invisibly over the page (see `pdf.ocr-layer.ts`);
   * present only when the job asked (`findOcrLayers`).
   */
  ocrLayerPages?: number[];
}

/** An XML file embedded in a PDF (its `EmbeddedFiles`), handed to the parent as raw bytes. */
export interface PdfXmlAttachment {
  filename: string;
  bytes: Uint8Array;
}

/** The picture of one page (for OCR): a PNG render, or the page's own JPEG when it shows nothing else. */
export interface PdfRenderedPage {
  /** 1-based page number. */
  page: number;
  /** The image file's bytes, in {@link format}. */
  image: Uint8Array;
  /**
   * `png`: rendered by pdf.js. `jpeg`: the JPEG a scanned page shows, as stored in the PDF (only for jobs
   * asking `scanJpeg`; see `pdf.page-image.ts`): its own pixels at its own size; its EXIF orientation is 1, or
   * 6, 3 or 8 when the page shows it turned (its `/Rotate`, or the image placed turned), so that a decoder
   * honouring it (sharp's `rotate()`) shows the page as the PNG would, upright as displayed.
   */
  format: "png" | "jpeg";
}

/** Where the child gets the PDF bytes: framed on its stdin, or a file it reads itself. */
export type SandboxSource = { kind: "stdin"; byteLength: number } | { kind: "file"; path: string };

/** One unit of work for a sandbox child. */
export type SandboxJob =
  | {
      op: "text";
      source: SandboxSource;
      password?: string;
      maxPages: number;
      maxTextChars: number;
      /** Embedded files larger than this are not handed over (0: attachments are not read). */
      maxAttachmentBytes?: number;
      /** Also tell which pages' text is an earlier OCR drawn invisibly (costs a second pass over each page's content). */
      findOcrLayers?: boolean;
    }
  | {
      op: "render";
      source: SandboxSource;
      password?: string;
      maxPages: number;
      pages: number[];
      scale: number;
      /**
       * When above `scale`: a page whose dominant image covers it (a scan) renders at the image's own
       * density, up to this zoom (relative to 72 dpi); absent: every page at `scale`.
       */
      maxScanScale?: number;
      /** With `maxScanScale`: a scan's render is no wider than this (px). */
      maxScanWidth?: number;
      /**
       * With `maxScanScale`: a scanned page that shows exactly one upright full-page JPEG (and at most invisible
       * text) comes back as that JPEG's own bytes, at its own size (at most `maxPixels`), instead of a render.
       */
      scanJpeg?: boolean;
      maxPixels: number;
    };

/** The child's memory after a job (`process.memoryUsage()`), in bytes. */
export interface SandboxUsage {
  rssBytes: number;
  heapUsedBytes: number;
}

/** Sent once, when the child is ready for its first job. */
export interface SandboxReady {
  type: "ready";
  usage: SandboxUsage;
}

/**
 * The child's answer to a job. `code: null` in an error means a caller bug
 * (bad argument, unreadable path), not a document problem.
 */
export type SandboxReply =
  | { type: "text"; result: PdfTextResult; usage: SandboxUsage }
  | { type: "render"; result: PdfRenderedPage[]; usage: SandboxUsage }
  | { type: "error"; code: ExtractionErrorCode | null; name: string; message: string; usage: SandboxUsage };

/** Everything a child sends. */
export type SandboxMessage = SandboxReady | SandboxReply;
