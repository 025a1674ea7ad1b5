/**
 * The native `tesseract` CLI (tesseract 5, e.g. Debian's `tesseract-ocr`) as an
 * OCR engine, on Folio's own model: the WASM build in tesseract.js spends
 * ~1.4× the CPU of the native engine on the same image (SIMD128 instead of
 * AVX2, no native JPEG decoder), and OCR is the cost that matters. One process
 * per recognition: its start and model load (~70 ms of CPU) are what buys
 * isolation for free — a crash, a hang or a memory blow-up takes one child with
 * it, and a timeout is a SIGKILL.
 *
 * The image goes in on stdin — only the preparer's PGM (nothing to decode; and
 * see {@link isPgm} for why nothing else) — and words with boxes and
 * confidences come back as TSV on stdout.
 */
import { spawn } from "node:child_process";
import { ExtractionError } from "./extraction.errors.js";
import { modelDirectory, type OcrLanguage } from "./ocr.models.js";

/** One word as tesseract's TSV reports it, in the block → paragraph → line tree tesseract.js also returns. */
export interface NativeWord {
  text: string;
  /** 0–100, as tesseract.js reports it. */
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** The part of a tesseract.js page that {@link ocrWords} reads, built from TSV. */
export interface NativePage {
  blocks: { paragraphs: { lines: { words: NativeWord[] }[] }[] }[];
}

/** What one native recognition needs. */
export interface NativeRecognizeOptions {
  /** Page segmentation mode. */
  psm: number;
  /** `tessedit_char_whitelist`; empty: every character. */
  whitelist?: string;
  /** tesseract's `thresholding_method` (0 global Otsu, the default; 1 adaptive Otsu; 2 Sauvola). */
  thresholdingMethod?: number;
  /** Directory holding the models' `<lang>.traineddata` (see {@link nativeModelDir}). */
  tessdataDir: string;
  /** The model to read with (`-l`); default `eng`. */
  lang?: OcrLanguage;
  /** Aborting kills the process; the promise then rejects with `reason()`. */
  signal?: AbortSignal;
  /** The executable; default `tesseract` from PATH. */
  bin?: string;
}

/**
 * Parses `tesseract … tsv` output. Rows of level 5 are words; their block,
 * paragraph and line numbers place them in the tree (in file order, which is
 * tesseract's reading order). Rows with confidence −1 or empty text are structure, not words.
 */
export function parseTesseractTsv(tsv: string): NativePage {
  const blocks = new Map<number, Map<number, Map<number, NativeWord[]>>>();
  for (const row of tsv.split("\n")) {
    const cells = row.split("\t");
    if (cells.length < 12 || cells[0] !== "5") continue;
    const [, , block, par, line, , left, top, width, height, conf] = cells.slice(0, 11).map(Number) as number[];
    const text = cells.slice(11).join("\t").replace(/\r$/, "");
    if (!text.trim() || conf === undefined || conf < 0) continue;
    const b = blocks.get(block as number) ?? new Map<number, Map<number, NativeWord[]>>();
    blocks.set(block as number, b);
    const p = b.get(par as number) ?? new Map<number, NativeWord[]>();
    b.set(par as number, p);
    const l = p.get(line as number) ?? [];
    p.set(line as number, l);
    const x0 = left as number;
    const y0 = top as number;
    l.push({ text, confidence: conf, bbox: { x0, y0, x1: x0 + (width as number), y1: y0 + (height as number) } });
  }
  return {
    blocks: [...blocks.values()].map((b) => ({ paragraphs: [...b.values()].map((p) => ({ lines: [...p.values()].map((words) => ({ words })) })) })),
  };
}

/**
 * A directory with Folio's models (`@tesseract.js-data/eng` and `…/deu`, `4.0.0_best_int`, gunzipped) for
 * `--tessdata-dir`, unpacked once per process into the temp dir, so both engines read with the same models.
 */
export function nativeModelDir(): Promise<string> {
  return modelDirectory("unpacked");
}

/**
 * Only binary PGM produced by the preparer is handed over. tesseract treats stdin
 * it cannot decode as a *list of file names* and OCRs those files: arbitrary
 * uploaded bytes must never reach it.
 */
function isPgm(image: Uint8Array): boolean {
  return image.length > 3 && image[0] === 0x50 && image[1] === 0x35 && (image[2] === 0x0a || image[2] === 0x20);
}

/** stderr lines leptonica/tesseract print for input they cannot read. */
const UNREADABLE = /pixRead|Unsupported image type|Error in .*Read|image file not found|Error during processing/i;

/**
 * Recognises one image with the native CLI.
 * @throws {@link ExtractionError} `CORRUPT_FILE` (unreadable image), `RESOURCE_LIMIT` (the process died by a
 *   signal nobody sent); a plain `Error` when the executable cannot be started (retryable); `signal.reason` when aborted.
 */
export function recognizeNative(image: Uint8Array, opts: NativeRecognizeOptions): Promise<NativePage> {
  return new Promise<NativePage>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    if (!isPgm(image)) return reject(new RangeError("the native OCR engine reads prepared PGM images only"));
    // TSV by parameter, not by the `tsv` config name: that file lives in the system's tessdata, not in ours.
    const args = ["stdin", "stdout", "--tessdata-dir", opts.tessdataDir, "-l", opts.lang ?? "eng", "--oem", "1", "--psm", String(opts.psm), "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=0"];
    if (opts.whitelist) args.push("-c", `tessedit_char_whitelist=${opts.whitelist}`);
    if (opts.thresholdingMethod) args.push("-c", `thresholding_method=${opts.thresholdingMethod}`);
    // One thread: tesseract's OpenMP default is 1.7–2.3× slower on 2 cores, and the pool already runs one process per core.
    const child = spawn(opts.bin ?? "tesseract", args, { env: { ...process.env, OMP_THREAD_LIMIT: "1" }, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      child.kill("SIGKILL");
      done(() => reject(opts.signal?.reason));
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.length < 4096) err += chunk.toString("utf8");
    });
    child.on("error", (e) => done(() => reject(new Error(`Could not start the native OCR engine (${e.message}).`, { cause: e }))));
    // EPIPE when tesseract exits before reading all of stdin (unreadable input): its exit status says why.
    child.stdin.on("error", () => undefined);
    child.stdin.end(image);
    child.on("close", (code, signal) => {
      done(() => {
        if (code === 0) return resolve(parseTesseractTsv(Buffer.concat(out).toString("utf8")));
        const detail = err.trim().split("\n").slice(-2).join(" ").slice(0, 300);
        if (signal) return reject(new ExtractionError("RESOURCE_LIMIT", `The OCR engine died on this image (${signal}).`));
        if (UNREADABLE.test(err)) return reject(new ExtractionError("CORRUPT_FILE", `The image could not be decoded for OCR (${detail}).`));
        reject(new Error(`The native OCR engine failed with exit code ${code}: ${detail}`));
      });
    });
  });
}
