/**
 * `npm run eval:text-layer -- [--limit N] [--tesseract] [--redo]`
 *
 * Scanned receipts that come back as PDFs with an invisible OCR text layer, read the way the service reads any
 * PDF with text (the PDF adapter's page models, no OCR), scored beside Folio's own OCR page model of the same image
 * (from the OCR cache of `npm run eval:fields`, filled on a miss; without targeted re-OCR, so both sides are one
 * reading). Two makers of such PDFs:
 * - default: Folio's own searchable PDF (`buildSearchablePdf` from that OCR page model): what a client gets when it
 *   uploads Folio's download again; the fields should come back as they were;
 * - `--tesseract`: the tesseract CLI's PDF output (`tesseract <jpg> <out> --psm 4 pdf`, cached under
 *   `.cache/text-layer/`), as scanner software and OCR tools make "sandwich" PDFs.
 * `--redo` adds the service's `OCR_MODE=redo` reading of the same PDFs: pages whose text the sandbox finds to be
 * an invisible OCR layer are rendered as the OCR step renders them (`renderForOcr`) and OCRed by the same pool
 * (cached like `eval:fields`' readings; no targeted re-OCR, as on the other sides); other pages keep their layer.
 * Prints total / date / company right and OCR character accuracy against the receipts' line truth (rules of
 * `fields.scoring.ts`), and for Folio's own PDF how many receipts keep every field.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../../src/config/env.js";
import { classifyDocument } from "../../src/extraction/classifier.js";
import { renderForOcr } from "../../src/pipeline/page.ocr.js";
import type { ExtractedField, FieldName, Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../../src/extraction/fields/index.js";
import type { PageModel } from "../../src/extraction/page/page.model.js";
import { extractPdfText } from "../../src/extraction/pdf.adapter.js";
import { buildSearchablePdf } from "../../src/extraction/searchable-pdf/searchable-pdf.builder.js";
import { CORPUS_DIR, closeLoaders, ocrPage, receiptManifest, receiptPageFromBoxes } from "./corpus.loader.js";
import { amountMatches, charAccuracy, nameMatches, truthAmount, truthDate } from "./fields.scoring.js";

const args = process.argv.slice(2);
const limitAt = args.indexOf("--limit");
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
const tesseract = args.includes("--tesseract");
const redo = args.includes("--redo");
const PIPELINE_LIMITS = loadConfig({}).limits;
const CACHE = path.resolve(".cache/text-layer");
const LIMITS = { timeoutMs: 60_000, maxPages: 10, maxMemoryMb: 512, maxTextChars: 1_000_000 };
const SCORED = ["total", "document_date", "issuer"] as const;

interface Tally {
  total: number;
  document_date: number;
  issuer: number;
  chars: number;
}
const tally = (): Tally => ({ total: 0, document_date: 0, issuer: 0, chars: 0 });
const ocrSide = tally();
const pdfSide = tally();
const redoSide = tally();
let redone = 0;
let n = 0;
let unchanged = 0;

function fieldsOf(pages: PageModel[]): ExtractedField[] {
  const documentType = classifyDocument(pages.map((p) => p.text)).type;
  return extractDocument(pages, { documentType, referenceDate: new Date("2024-01-01"), geometry: true }).fields;
}
const pick = (fields: ExtractedField[], name: FieldName): ExtractedField | undefined => fields.find((f) => f.name === name) ?? bestField(fields, name);
const shown = (f: ExtractedField | undefined): string => (f === undefined ? "∅" : typeof f.value === "string" ? f.value : (f.value as Money).amount.toFixed(2));

async function tesseractPdf(image: string): Promise<Uint8Array> {
  mkdirSync(CACHE, { recursive: true });
  const base = path.join(CACHE, path.basename(image).replace(/\.\w+$/, ""));
  if (!existsSync(`${base}.pdf`)) await promisify(execFile)("tesseract", [image, base, "--psm", "4", "pdf"], { env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
  return new Uint8Array(readFileSync(`${base}.pdf`));
}

for (const r of receiptManifest().slice(0, limit)) {
  const image = path.join(CORPUS_DIR, "receipts", r.file);
  const ocr = await ocrPage(image);
  if (!ocr) continue;
  n += 1;
  const truthText = receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", r.ocr_lines), image).text;
  const pdf = tesseract
    ? await tesseractPdf(image)
    : (await buildSearchablePdf({ original: new Uint8Array(readFileSync(image)), kind: "image", pages: [ocr.page], ocrPages: [1] })).bytes;
  const extracted = await extractPdfText(pdf, { limits: LIMITS, findOcrLayers: redo });
  const read = extracted.models;
  const sides: [Tally, PageModel[]][] = [
    [ocrSide, [ocr.page]],
    [pdfSide, read],
  ];
  if (redo) {
    const again = [...read];
    for (const page of extracted.ocrLayerPages ?? []) {
      const [rendered] = await renderForOcr(pdf, [page], { limits: PIPELINE_LIMITS, signal: new AbortController().signal });
      // A file, so the OCR cache of `eval:fields` keeps the reading; that cache is keyed by the file's name (and the
      // OCR settings), so the name carries a hash of the render: a different render is read again.
      const hash = createHash("sha1").update(rendered!.image).digest("hex").slice(0, 12);
      const file = path.join(CACHE, `${path.basename(image).replace(/\.\w+$/, "")}.${tesseract ? "tesseract" : "folio"}.p${page}.${hash}.${rendered!.format === "jpeg" ? "jpg" : "png"}`);
      mkdirSync(CACHE, { recursive: true });
      writeFileSync(file, rendered!.image);
      const reread = await ocrPage(file);
      if (reread) again[page - 1] = { ...reread.page, page };
      redone += 1;
    }
    sides.push([redoSide, again]);
  }
  const found: ExtractedField[][] = [];
  for (const [side, pages] of sides) {
    const fields = fieldsOf([...pages]);
    found.push(fields);
    const total = pick(fields, "total");
    if (amountMatches(total ? (total.value as Money).amount : undefined, truthAmount(r.total))) side.total += 1;
    if (pick(fields, "document_date")?.value === truthDate(r.date)) side.document_date += 1;
    if (nameMatches(pick(fields, "issuer")?.value as string | undefined, r.company)) side.issuer += 1;
    side.chars += charAccuracy(pages.map((p) => p.text).join("\n"), truthText);
  }
  if (SCORED.every((name) => shown(pick(found[0]!, name)) === shown(pick(found[1]!, name)))) unchanged += 1;
}
await closeLoaders();

const pct = (x: number): string => `${((100 * x) / n).toFixed(1)}%`.padStart(7);
console.log(`${n} receipts; text layer: ${tesseract ? "tesseract CLI's PDF" : "Folio's searchable PDF"}`);
console.log("reading                      total    date company  chars");
const rows: [string, Tally][] = [
  ["Folio OCR page model", ocrSide],
  ["PDF text layer", pdfSide],
];
if (redo) rows.push(["OCR_MODE=redo", redoSide]);
for (const [label, t] of rows) {
  console.log(`${label.padEnd(26)} ${pct(t.total)} ${pct(t.document_date)} ${pct(t.issuer)} ${pct(t.chars)}`);
}
if (!tesseract) console.log(`every scored field the same on both: ${unchanged}/${n}`);
if (redo) console.log(`pages found to be an OCR layer and read again: ${redone} (of ${n} one-page PDFs)`);
