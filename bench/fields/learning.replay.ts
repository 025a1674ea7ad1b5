/**
 * `npm run eval:fields -- --learn [--source boxes|ocr|all] [--limit N] [--no-ocr] [--regressions]`
 * (`--regressions` lists every field learning changed, fixed or broken)
 *
 * Replays the shared corpus in order as one user would: each document is
 * extracted with what earlier corrections taught (anchors of its issuer,
 * applied as in the pipeline's extract_fields step), every field the user
 * would see wrong is corrected to the ground truth, and the correction is
 * learned (`learnAnchor`) before the next document. Prints per set and field
 * the accuracy before learning (the machine alone) and after (with what was
 * learned so far), split into the first document of each issuer (which
 * cannot benefit) and the later ones. Issuers are grouped by the ground
 * truth's name for the split only; learning itself keys on what Folio reads
 * (`issuerKeys`), as in the service. Scoring rules: see `fields.scoring.ts`.
 */
import path from "node:path";
import { classifyDocument } from "../../src/extraction/classifier.js";
import type { ExtractedField, FieldName, FieldValue, Money } from "../../src/extraction/extraction.types.js";
import { buildContext, extractDocumentFields } from "../../src/extraction/fields/index.js";
import { applyAnchors, issuerKeys, learnAnchor, withCorrection, type LearnedAnchor } from "../../src/extraction/learning/index.js";
import type { PageModel } from "../../src/extraction/page/page.model.js";
import { CORPUS_DIR, closeLoaders, invoiceManifest, ocrPage, pdfPages, receiptManifest, receiptPageFromBoxes } from "./corpus.loader.js";
import { amountMatches, idMatches, nameMatches, truthAmount, truthDate } from "./fields.scoring.js";

type Truth = Partial<Record<"total" | "document_date" | "company" | "invoice_number", string | number>>;

interface Outcome {
  set: string;
  field: string;
  first: boolean;
  before: boolean;
  after: boolean;
  learned: boolean;
  file: string;
  found: string;
  machine: string;
}

const REFERENCE_DATE = new Date("2024-01-01");

function right(field: string, f: ExtractedField | undefined, t: string | number): boolean {
  if (field === "total") return amountMatches(f ? (f.value as Money).amount : undefined, truthAmount(t));
  if (field === "document_date") return f?.value === truthDate(String(t));
  if (field === "company") return nameMatches(f?.value as string | undefined, String(t));
  return idMatches(f?.value as string | undefined, String(t));
}

/** The value a user would type for a field, normalised as Folio stores it. */
function corrected(field: string, t: string | number): { name: FieldName; value: FieldValue; raw: string } | null {
  if (field === "total") return { name: "total", value: { amount: truthAmount(t), currency: null }, raw: String(t) };
  if (field === "document_date") {
    const iso = truthDate(String(t));
    return iso ? { name: "document_date", value: iso, raw: String(t) } : null;
  }
  if (field === "company") return { name: "issuer", value: String(t), raw: String(t) };
  if (field === "invoice_number") return { name: "invoice_number", value: String(t).toUpperCase(), raw: String(t) };
  return null;
}

function shown(f: ExtractedField | undefined): string {
  if (!f) return "∅";
  return typeof f.value === "string" ? f.value : f.value.amount.toFixed(2);
}

/** One user's replay of one set: what they corrected so far, and what came out. */
class Replay {
  private readonly anchors: LearnedAnchor[] = [];
  private readonly seen = new Set<string>();
  readonly outcomes: Outcome[] = [];
  corrections = 0;
  lessons = 0;

  constructor(private readonly set: string) {}

  run(id: string, pages: PageModel[], truth: Truth): void {
    const texts = pages.map((p) => p.text);
    const documentType = classifyDocument(texts).type;
    const ctx = buildContext(texts, { documentType, referenceDate: REFERENCE_DATE });
    const machine = extractDocumentFields(pages, { documentType, referenceDate: REFERENCE_DATE, geometry: true });
    const keys = issuerKeys(machine, texts);
    // Newest first, as the repository returns them.
    const known = this.anchors.filter((a) => a.issuerKeys.some((k) => keys.includes(k))).reverse();
    const fields = keys.length > 0 ? applyAnchors(pages, machine, known, keys, ctx) : machine;
    const group = String(truth.company ?? "").toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");
    const first = !this.seen.has(group);
    this.seen.add(group);
    for (const [field, t] of Object.entries(truth)) {
      if (t === undefined || t === "") continue;
      const name: FieldName = field === "company" ? "issuer" : (field as FieldName);
      const after = fields.find((f) => f.name === name);
      const ok = right(field, after, t);
      const was = machine.find((f) => f.name === name);
      this.outcomes.push({ set: this.set, field, first, before: right(field, was, t), after: ok, learned: after?.learnedFrom !== undefined, file: id, found: shown(after), machine: shown(was) });
      if (ok) continue;
      // The user corrects what they see wrong; Folio learns where the right value stood.
      const c = corrected(field, t);
      if (!c) continue;
      this.corrections += 1;
      const fixed: ExtractedField = { name: c.name, raw: c.raw, value: c.value, confidence: 1, page: 1, start: 0, end: 0 };
      const docKeys = issuerKeys(withCorrection(fields, fixed), texts);
      const anchor = learnAnchor(pages, { field: c.name, value: c.value, raw: c.raw, page: null, box: null }, ctx);
      if (!anchor || docKeys.length === 0) continue;
      this.lessons += 1;
      this.anchors.push({ ...anchor, sourceDocumentId: id, issuerKeys: docKeys });
    }
  }
}

/** Runs the replay over the corpus and prints the table. */
export async function runLearningReplay(opts: { source: string; limit: number; cacheOnly: boolean; changes?: boolean }): Promise<void> {
  const replays: Replay[] = [];
  const replay = (set: string) => {
    const r = new Replay(set);
    replays.push(r);
    return r;
  };
  const receipts = receiptManifest().slice(0, opts.limit);
  if (opts.source === "all" || opts.source === "boxes") {
    const r = replay("receipts/boxes");
    for (const rc of receipts) {
      const img = path.join(CORPUS_DIR, "receipts", rc.file);
      r.run(rc.file, [receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", rc.ocr_lines), img)], { total: rc.total, document_date: rc.date, company: rc.company });
    }
  }
  if (opts.source === "all" || opts.source === "ocr") {
    const r = replay("receipts/ocr");
    for (const rc of receipts) {
      const ocr = await ocrPage(path.join(CORPUS_DIR, "receipts", rc.file), opts.cacheOnly);
      if (ocr) r.run(rc.file, [ocr.page], { total: rc.total, document_date: rc.date, company: rc.company });
    }
  }
  const invoices = invoiceManifest().slice(0, opts.limit);
  const pdf = opts.source === "all" || opts.source === "boxes" ? replay("invoices/pdf") : null;
  const png = opts.source === "all" || opts.source === "ocr" ? replay("invoices/png") : null;
  for (const inv of invoices) {
    const e = inv.expected;
    const truth: Truth = { total: e.amount, document_date: e.date, company: e.issuer, invoice_number: e.invoice_number };
    const file = path.join(CORPUS_DIR, "invoices", inv.file);
    if (inv.kind === "pdf" && pdf) pdf.run(inv.file, await pdfPages(file), truth);
    if (inv.kind === "png" && png) {
      const ocr = await ocrPage(file, opts.cacheOnly);
      if (ocr) png.run(inv.file, [ocr.page], truth);
    }
  }
  await closeLoaders();

  const pct = (xs: readonly boolean[]): string => (xs.length === 0 ? "    -  " : `${((100 * xs.filter(Boolean).length) / xs.length).toFixed(1).padStart(6)}%`);
  console.log("\nLearning from corrections: accuracy before (machine alone) → after (with what earlier corrections of the same issuer taught)");
  console.log("set              field            | first of issuer: n  before   after | later: n  before   after  learned(right/used)");
  for (const r of replays) {
    const fields = [...new Set(r.outcomes.map((o) => o.field))];
    for (const field of [...fields, "ALL"]) {
      const os = r.outcomes.filter((o) => field === "ALL" || o.field === field);
      const first = os.filter((o) => o.first);
      const later = os.filter((o) => !o.first);
      const used = later.filter((o) => o.learned);
      console.log(
        `${r.outcomes[0]?.set.padEnd(16) ?? ""} ${field.padEnd(16)} | ${String(first.length).padStart(17)} ${pct(first.map((o) => o.before))} ${pct(first.map((o) => o.after))} | ${String(later.length).padStart(8)} ${pct(later.map((o) => o.before))} ${pct(later.map((o) => o.after))}  ${used.filter((o) => o.after).length}/${used.length}`,
      );
    }
    const all = r.outcomes;
    if (opts.changes) {
      for (const o of all.filter((x) => x.before !== x.after)) console.log(`  ${o.after ? "FIXED " : "BROKEN"} ${o.file} ${o.field}: machine ${o.machine}, learned ${o.found}`);
    }
    console.log(`  ${r.outcomes[0]?.set ?? ""}: ${r.corrections} corrections, ${r.lessons} learned anchors; all documents ${pct(all.map((o) => o.before))} → ${pct(all.map((o) => o.after))}; fixed ${all.filter((o) => !o.before && o.after).length}, broken ${all.filter((o) => o.before && !o.after).length}`);
  }
}
