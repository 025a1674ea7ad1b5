/** The chaos run's client: the documents it uploads and the upload itself (GraphQL multipart over HTTP, timed). */

import fs from "node:fs/promises";
import path from "node:path";
import { buildImagePdf } from "../../test/support/image-pdf.js";
import { invoicePdf, receiptJpeg } from "../../test/support/fixtures.js";

/** One file to upload. */
export interface UploadFile {
  name: string;
  mime: string;
  bytes: Buffer;
  /** Which kind, for the report: a small text PDF, a receipt photo (OCR), a scanned multi-page PDF (slow OCR). */
  kind: "text-pdf" | "receipt" | "scan";
}

/** What one upload got back. */
export interface UploadAnswer {
  /** HTTP status, 0 when the connection failed or the client timed out. */
  status: number;
  /** The document id: the upload was accepted. */
  id?: string;
  /** extensions.code of the first GraphQL error, or the network error's name. */
  code?: string;
  ms: number;
  startedAt: number;
}

/** The shared corpus (read in place), as bench/pipeline finds it. */
const CORPUS = path.resolve(process.cwd(), process.env.FOLIO_CORPUS ?? "../shared/corpus");

async function corpusReceipts(): Promise<string[]> {
  try {
    const dir = path.join(CORPUS, "receipts");
    return (await fs.readdir(dir)).filter((f) => f.endsWith(".jpg")).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/**
 * `count` distinct files (distinct bytes: identical uploads would be de-duplicated into one
 * document): generated one-page text invoices, every `receiptEvery`-th a receipt photo from the
 * corpus (a generated receipt when the corpus is absent), every `scanEvery`-th a scanned PDF of
 * `scanPages` receipt pages (a slow OCR step).
 */
export async function buildFiles(tag: string, count: number, mix: { receiptEvery?: number; scanEvery?: number; scanPages?: number } = {}): Promise<UploadFile[]> {
  const receipts = await corpusReceipts();
  const files: UploadFile[] = [];
  let receiptIndex = 0;
  for (let i = 0; i < count; i++) {
    if (mix.scanEvery && i % mix.scanEvery === 0) {
      const pages = mix.scanPages ?? 3;
      const jpegs = await Promise.all(Array.from({ length: pages }, (_, p) => receiptJpeg(1000 + i * pages + p)));
      files.push({ name: `${tag}-scan-${i}.pdf`, mime: "application/pdf", bytes: buildImagePdf(jpegs), kind: "scan" });
    } else if (mix.receiptEvery && i % mix.receiptEvery === 1) {
      const file = receipts[receiptIndex++ % Math.max(1, receipts.length)];
      const bytes = file ? await fs.readFile(file) : await receiptJpeg(i);
      files.push({ name: `${tag}-receipt-${i}.jpg`, mime: "image/jpeg", bytes, kind: "receipt" });
    } else {
      files.push({ name: `${tag}-invoice-${i}.pdf`, mime: "application/pdf", bytes: await invoicePdf(`${tag.toUpperCase()}-${i}`), kind: "text-pdf" });
    }
  }
  return files;
}

/** Upload one file; never throws (a refused connection or a timeout is an answer too). */
export async function upload(apiUrl: string, apiKey: string, file: UploadFile, timeoutMs = 30_000): Promise<UploadAnswer> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: "mutation($f: Upload!) { uploadDocument(file: $f) { created document { id } } }", variables: { f: null } }));
  form.set("map", JSON.stringify({ 0: ["variables.f"] }));
  form.set("0", new Blob([file.bytes], { type: file.mime }), file.name);
  const startedAt = Date.now();
  try {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "apollo-require-preflight": "1" },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: { data?: { uploadDocument?: { document?: { id?: string } } }; errors?: { extensions?: { code?: unknown } }[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: an HTML error page or a cut-off body; the status says enough
    }
    const id = body.data?.uploadDocument?.document?.id;
    const code = body.errors?.[0]?.extensions?.code;
    return { status: res.status, ...(id ? { id } : {}), ...(typeof code === "string" ? { code } : id ? {} : { code: `HTTP_${res.status}` }), ms: Date.now() - startedAt, startedAt };
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    const code = e.name === "TimeoutError" ? "CLIENT_TIMEOUT" : (e.cause?.code ?? e.name ?? "NETWORK_ERROR");
    return { status: 0, code, ms: Date.now() - startedAt, startedAt };
  }
}

/** Upload `files` with at most `inFlight` requests at once. */
export async function uploadAll(apiUrl: string, apiKey: string, files: readonly UploadFile[], inFlight = 4): Promise<UploadAnswer[]> {
  const answers: UploadAnswer[] = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, files.length) }, async () => {
      while (next < files.length) {
        const i = next++;
        answers[i] = await upload(apiUrl, apiKey, files[i]!);
      }
    }),
  );
  return answers;
}
