/**
 * Applying what was learned: on a new document of the same issuer, read each
 * learned field at its learned label (or place), parse it as the field's kind,
 * and make it the field's best value, marked `learnedFrom`, with the
 * machine's reading kept as an alternative. Pure.
 */
import { editDistance } from "../../common/edit-distance.js";
import { FIELD_NAMES, type ExtractedField, type FieldAlternative, type FieldName, type FieldValue } from "../extraction.types.js";
import { linesOf, spanGeometry, unionBox, valueForLabel } from "../fields/page/page.layout.js";
import type { PageLine, PageModel, PageWord } from "../page/page.model.js";
import { wordsInBox } from "./anchor.learn.js";
import { sameIssuer } from "./issuer.key.js";
import { valueKey, valueMatcher, type ReadContext, type ReadValue } from "./field.values.js";
import { normaliseLabel } from "./label.text.js";
import type { AnchorRelation, LearnedAnchor } from "./learning.types.js";

/** Confidence of a learned reading, by how it was anchored: a label is firmer evidence than a place on the page. */
const LEARNED_CONFIDENCE: Record<AnchorRelation, number> = { right: 0.9, below: 0.85, position: 0.7 };
/** Added when the machine had found the same value on its own. */
const AGREEMENT_BONUS = 0.05;

/** A value read through an anchor. */
interface LearnedReading {
  anchor: LearnedAnchor;
  page: PageModel;
  read: ReadValue;
}

/**
 * The fields with what was learned applied. `anchors` are the owner's anchors
 * learned from documents sharing any of this document's issuer keys
 * (`issuerKeys`, strongest first); only those of the same issuer by the
 * strongest evidence both have count ({@link sameIssuer}). Anchors sharing a
 * stronger key are tried first, newer before older within one key. A label
 * anchor comes first whatever the machine read; a place-only anchor only
 * over a machine reading less sure than it. Fields no anchor reads, and fields
 * an embedded e-invoice states (`embeddedFrom`), are returned unchanged.
 */
export function applyAnchors(
  pages: readonly PageModel[],
  fields: readonly ExtractedField[],
  anchors: readonly LearnedAnchor[],
  issuerKeys: readonly string[],
  ctx: ReadContext,
  geometry = true,
): ExtractedField[] {
  if (anchors.length === 0) return [...fields];
  const strength = (a: LearnedAnchor) => issuerKeys.findIndex((k) => a.issuerKeys.includes(k));
  const ordered = anchors
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => sameIssuer(issuerKeys, a.issuerKeys))
    .sort((x, y) => strength(x.a) - strength(y.a) || x.i - y.i);
  const byField = new Map<FieldName, ExtractedField>(fields.map((f) => [f.name, f]));
  const done = new Set<FieldName>();
  for (const { a } of ordered) {
    if (done.has(a.field)) continue;
    // A value from the document's embedded e-invoice is the issuer's own statement: nothing learned overrides it.
    if (byField.get(a.field)?.embeddedFrom !== undefined) continue;
    if (a.value !== undefined) {
      // The issuer's own name: the same on all its documents, so the person's spelling wins wherever it is read.
      const reading = readAnchor(pages, a, ctx);
      done.add(a.field);
      byField.set(a.field, knownValue(a, a.value, reading, byField.get(a.field), geometry));
      continue;
    }
    // A place alone (no label to confirm it) is weaker evidence: it only takes over from a machine reading less sure than it.
    const machine = byField.get(a.field);
    if (a.relation === "position" && machine && machine.confidence >= LEARNED_CONFIDENCE.position) continue;
    const reading = readAnchor(pages, a, ctx);
    if (!reading) continue;
    done.add(a.field);
    byField.set(a.field, learnedField(reading, byField.get(a.field), geometry));
  }
  const order = (n: FieldName) => FIELD_NAMES.indexOf(n);
  return [...byField.values()].sort((x, y) => order(x.name) - order(y.name));
}

/** Reads the anchor's field on the new pages, or null when its label (or place) holds no such value. */
export function readAnchor(pages: readonly PageModel[], anchor: LearnedAnchor, ctx: ReadContext): LearnedReading | null {
  if (anchor.relation === "position") {
    const page = pages.find((p) => p.page === anchor.page);
    if (!page) return null;
    const h = anchor.box.y1 - anchor.box.y0;
    const words = wordsInBox(page, anchor.box, Math.max(0.01, 0.25 * h));
    const first = words[0];
    const line = first ? linesOf(page).find((l) => first.start >= l.start && first.start < l.end) : undefined;
    if (!first || !line) return null;
    const lastEnd = Math.max(...words.filter((w) => w.start < line.end).map((w) => w.end));
    const read = valueMatcher(anchor.field, page.text, ctx)(page.text.slice(first.start, lastEnd), first.start);
    return read ? { anchor, page, read } : null;
  }
  for (const page of pages) {
    const match = valueMatcher(anchor.field, page.text, ctx);
    for (const { line, words } of labelOccurrences(page, anchor.label)) {
      const box = unionBox(words.map((w) => w.box));
      const last = words[words.length - 1];
      if (!box || !last) continue;
      const found = valueForLabel(page, line, box, last.end, match, { below: anchor.relation === "below", maxBelow: 1 });
      if (found) return { anchor, page, read: found.value };
    }
  }
  return null;
}

/**
 * Runs of words on a line spelling `label` (normalised; OCR slips of one
 * character in eight forgiven), in reading order.
 */
function labelOccurrences(page: PageModel, label: string): { line: PageLine; words: PageWord[] }[] {
  const size = label.split(" ").length;
  const slack = label.length >= 5 ? Math.floor(label.length / 8) : 0;
  const out: { line: PageLine; words: PageWord[] }[] = [];
  for (const line of linesOf(page)) {
    const words = line.words.filter((w) => normaliseLabel(w.text) !== "");
    for (let i = 0; i + size <= words.length; i += 1) {
      const run = words.slice(i, i + size);
      const text = normaliseLabel(run.map((w) => w.text).join(" "));
      if (text === label || (slack > 0 && Math.abs(text.length - label.length) <= slack && editDistance(text, label) <= slack)) out.push({ line, words: run });
    }
  }
  return out;
}

function learnedField(r: LearnedReading, machine: ExtractedField | undefined, geometry: boolean): ExtractedField {
  const { page, read, anchor } = r;
  const geo = spanGeometry(page, read.start, read.end);
  const same = machine !== undefined && valueKey(machine.value) === valueKey(read.value);
  const alternatives: FieldAlternative[] = [];
  if (machine && !same) alternatives.push({ raw: machine.raw, value: machine.value, confidence: machine.confidence, page: machine.page, start: machine.start, end: machine.end, box: machine.box ?? null });
  for (const alt of machine?.alternatives ?? []) {
    if (valueKey(alt.value) !== valueKey(read.value) && alternatives.length < 5) alternatives.push(alt);
  }
  const confidence = Math.min(1, LEARNED_CONFIDENCE[anchor.relation] + (same ? AGREEMENT_BONUS : 0));
  return {
    name: anchor.field,
    raw: page.text.slice(read.start, read.end),
    value: read.value,
    confidence: same && machine ? Math.max(machine.confidence, confidence) : confidence,
    page: page.page,
    start: read.start,
    end: read.end,
    box: geometry ? geo.box : null,
    ocrConfidence: page.source === "text_layer" ? 1 : geo.ocrConfidence,
    alternatives,
    ...(same && machine?.checks ? { checks: machine.checks } : {}),
    learnedFrom: anchor.sourceDocumentId,
  };
}

/** A field whose value was learned outright; placed where the anchor read it, else where the machine found the field. */
function knownValue(anchor: LearnedAnchor, value: FieldValue, reading: LearnedReading | null, machine: ExtractedField | undefined, geometry: boolean): ExtractedField {
  if (reading) return { ...learnedField({ ...reading, read: { ...reading.read, value } }, machine, geometry), confidence: LEARNED_CONFIDENCE.right };
  const same = machine !== undefined && valueKey(machine.value) === valueKey(value);
  const alternatives: FieldAlternative[] = machine && !same ? [{ raw: machine.raw, value: machine.value, confidence: machine.confidence, page: machine.page, start: machine.start, end: machine.end, box: machine.box ?? null }] : [];
  return {
    name: anchor.field,
    raw: machine?.raw ?? "",
    value,
    confidence: LEARNED_CONFIDENCE.position,
    page: machine?.page ?? anchor.page,
    start: machine?.start ?? 0,
    end: machine?.end ?? 0,
    box: machine?.box ?? null,
    ...(machine?.ocrConfidence !== undefined ? { ocrConfidence: machine.ocrConfidence } : {}),
    alternatives,
    learnedFrom: anchor.sourceDocumentId,
  };
}
