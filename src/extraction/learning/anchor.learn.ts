/**
 * Learning from one corrected field: find where the right value stands on
 * the corrected document's page (the box the person pointed at, else the
 * places where the value is printed) and remember the label that introduces
 * it and how (same row to the right, or below it), with the value's box. Pure.
 */
import { editDistance } from "../../common/edit-distance.js";
import type { FieldName, FieldValue } from "../extraction.types.js";
import { findDates } from "../fields/dates.extractor.js";
import { findAmounts } from "../fields/money.js";
import { AMOUNT_LABELS, DATE_LABELS, ID_LABELS } from "../fields/page/labels.vocabulary.js";
import { linesOf, rowOverlap, unionBox, wordsInSpan } from "../fields/page/page.layout.js";
import { turnForward, type BBox, type PageModel, type PageWord } from "../page/page.model.js";
import { valueKey, valueKind, type ReadContext } from "./field.values.js";
import { compactId, normaliseLabel } from "./label.text.js";
import type { AnchorDraft, AnchorRelation } from "./learning.types.js";

/** What a person corrected, as learning needs it. */
export interface CorrectedValue {
  field: FieldName;
  value: FieldValue;
  /** The value as typed; searched for when the normalised value is not found. */
  raw: string;
  /** 1-based page and box the person pointed at, when they did: on the page as stored (see stored-frame.boxes.ts). */
  page: number | null;
  box: BBox | null;
}

/** Fields whose right value is the same on every document of one issuer: learned with the value itself. */
export const ISSUER_CONSTANT: ReadonlySet<FieldName> = new Set(["issuer"]);

/** Words a label may have at most. */
const MAX_LABEL_WORDS = 4;
/** Words a value may span when searched by its text. */
const MAX_VALUE_WORDS = 6;

interface Span {
  page: PageModel;
  start: number;
  end: number;
}

/**
 * The anchor a correction teaches, or null when the value cannot be placed
 * on the page (not printed there, or no geometry to remember).
 */
export function learnAnchor(pages: readonly PageModel[], corrected: CorrectedValue, ctx: ReadContext): AnchorDraft | null {
  const spans = locate(pages, corrected, ctx);
  let chosen: { span: Span; label: string; relation: AnchorRelation; box: BBox; known: boolean } | null = null;
  for (const span of spans) {
    const box = unionBox(wordsInSpan(span.page, span.start, span.end).map((w) => w.box));
    if (!box) continue;
    const found = labelOf(span.page, span.start, box);
    const known = found !== null && knownLabel(corrected.field, found.label);
    const candidate = { span, box, label: found?.label ?? "", relation: found?.relation ?? ("position" as const), known };
    // The place whose label the vocabulary ties to the field wins, then any labelled place, then the first.
    const rank = (c: typeof candidate) => (c.known ? 2 : c.label !== "" ? 1 : 0);
    if (!chosen || rank(candidate) > rank(chosen)) chosen = candidate;
  }
  if (!chosen) return null;
  const draft: AnchorDraft = { field: corrected.field, label: chosen.label, relation: chosen.relation, page: chosen.span.page.page, box: round(chosen.box) };
  return ISSUER_CONSTANT.has(corrected.field) ? { ...draft, value: corrected.value } : draft;
}

/** Places on the pages where the corrected value is printed, in reading order. */
function locate(pages: readonly PageModel[], c: CorrectedValue, ctx: ReadContext): Span[] {
  if (c.box && c.page !== null) {
    const page = pages.find((p) => p.page === c.page);
    // The person pointed on the page as stored; a page OCR read turned keeps its words upright.
    const words = page ? wordsInBox(page, turnForward(c.box, page.rotation), 0.01) : [];
    const first = words[0];
    const last = words[words.length - 1];
    if (page && first && last) return [{ page, start: first.start, end: last.end }];
  }
  const out: Span[] = [];
  const kind = valueKind(c.field);
  const key = valueKey(c.value);
  for (const page of pages) {
    if (kind === "date") {
      for (const h of findDates(page.text, ctx)) if (h.iso === c.value) out.push({ page, start: h.start, end: h.end });
    } else if (kind === "money") {
      for (const a of findAmounts(page.text, 0, ctx.decimalComma, ctx.dominantCurrency)) {
        if (valueKey({ amount: a.money.amount, currency: null }) === key) out.push({ page, start: a.start, end: a.end });
      }
    }
    if (out.length > 0) continue;
    // Identifiers and text (and values the parsers above did not read): runs of words spelling the value.
    const wanted = [key, compactId(c.raw)].filter((k) => k.length > 0);
    for (const line of linesOf(page)) {
      for (let i = 0; i < line.words.length; i += 1) {
        let joined = "";
        for (let j = i; j < Math.min(line.words.length, i + MAX_VALUE_WORDS); j += 1) {
          joined += compactId((line.words[j] as PageWord).text);
          if (wanted.includes(joined)) out.push({ page, start: (line.words[i] as PageWord).start, end: (line.words[j] as PageWord).end });
          if (!wanted.some((w) => w.startsWith(joined))) break;
        }
      }
    }
  }
  return out.length > 0 || kind === "date" ? out : misread(pages, c, kind === "money" ? key.replace(".", "") : compactId(c.raw));
}

/**
 * Where OCR printed the value with a slip (`ACME BAKERlES (KL SDN BHD` for
 * `ACME BAKERIES (KL) SDN BHD`, `41.47` for `41.44`): the runs of words of
 * one line closest to it, within one slip in five characters (one for short values).
 */
function misread(pages: readonly PageModel[], c: CorrectedValue, wanted: string): Span[] {
  if (wanted.length < 3) return [];
  const limit = Math.max(1, Math.floor(wanted.length / 5));
  let best: { span: Span; distance: number } | null = null;
  for (const page of pages) {
    for (const line of linesOf(page)) {
      for (let i = 0; i < line.words.length; i += 1) {
        const key = (w: PageWord) => (valueKind(c.field) === "money" ? w.text.replace(/[^\d]/g, "") : compactId(w.text));
        // A run starts at a word of the value (not at its label).
        if (key(line.words[i] as PageWord) === "") continue;
        let joined = "";
        for (let j = i; j < Math.min(line.words.length, i + MAX_VALUE_WORDS); j += 1) {
          joined += key(line.words[j] as PageWord);
          if (joined.length > wanted.length + limit) break;
          if (Math.abs(joined.length - wanted.length) > limit) continue;
          const distance = editDistance(joined, wanted);
          if (distance <= limit && (!best || distance < best.distance)) best = { span: { page, start: (line.words[i] as PageWord).start, end: (line.words[j] as PageWord).end }, distance };
        }
      }
    }
  }
  return best ? [best.span] : [];
}

/** Words whose centre lies in `box` grown by `slack`, in reading order. */
export function wordsInBox(page: PageModel, box: BBox, slack: number): PageWord[] {
  const out: PageWord[] = [];
  for (const line of linesOf(page)) {
    for (const w of line.words) {
      const cx = (w.box.x0 + w.box.x1) / 2;
      const cy = (w.box.y0 + w.box.y1) / 2;
      if (cx >= box.x0 - slack && cx <= box.x1 + slack && cy >= box.y0 - slack && cy <= box.y1 + slack) out.push(w);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The label words at the end of `words` (the words just left of a value):
 * nearest first, at most {@link MAX_LABEL_WORDS}, stopping at another value
 * (a word with two digits) or a wide gap (a tab) once a word was taken.
 */
function trailingLabel(page: PageModel, words: readonly PageWord[]): string {
  const taken: PageWord[] = [];
  for (let i = words.length - 1; i >= 0 && taken.length < MAX_LABEL_WORDS; i -= 1) {
    const w = words[i] as PageWord;
    if (/\d.*\d/.test(w.text)) break;
    const next = taken[0];
    if (next && page.text.slice(w.end, next.start).includes("\t")) break;
    taken.unshift(w);
  }
  return normaliseLabel(taken.map((w) => w.text).join(" "));
}

/** The label of the value starting at `start` with box `box`: on its row to the left, else just above it. */
function labelOf(page: PageModel, start: number, box: BBox): { label: string; relation: AnchorRelation } | null {
  const lines = linesOf(page);
  const line = lines.find((l) => start >= l.start && start < l.end);
  if (line) {
    const same = trailingLabel(page, line.words.filter((w) => w.end <= start));
    if (same !== "") return { label: same, relation: "right" };
  }
  // The same row, another line to the left (a label column the page builder kept apart).
  const left = lines
    .filter((l) => l !== line && rowOverlap(l.box, box) > 0.5 && l.box.x1 <= box.x0 + 0.005)
    .sort((a, b) => b.box.x1 - a.box.x1)[0];
  if (left) {
    const label = trailingLabel(page, left.words);
    if (label !== "") return { label, relation: "right" };
  }
  // Just above: the nearest row whose words overlap the value horizontally (a column heading).
  const h = box.y1 - box.y0;
  const above = lines
    .filter((l) => l !== line && l.box.y1 <= box.y0 + 0.3 * h && box.y0 - l.box.y1 < 2.5 * Math.max(h, 0.005))
    .sort((a, b) => b.box.y1 - a.box.y1);
  for (const l of above.slice(0, 2)) {
    const over = l.words.filter((w) => w.box.x1 > box.x0 - 0.01 && w.box.x0 < box.x1 + 0.01);
    if (over.length === 0) continue;
    const label = trailingLabel(page, over);
    if (label !== "" && /\p{L}{2}/u.test(label)) return { label, relation: "below" };
    break;
  }
  return null;
}

/** True when the field's own label vocabulary recognises `label`. */
function knownLabel(field: FieldName, label: string): boolean {
  const res = [
    ...DATE_LABELS.filter((l) => l.role === field).map((l) => l.re),
    ...ID_LABELS.filter((l) => l.role === field).map((l) => l.re),
    ...AMOUNT_LABELS.filter((l) => l.role === field).map((l) => l.re),
  ];
  return res.some((re) => re.test(label));
}

function round(b: BBox): BBox {
  const r = (n: number) => Math.round(n * 10000) / 10000;
  return { x0: r(b.x0), y0: r(b.y0), x1: r(b.x1), y1: r(b.y1) };
}
