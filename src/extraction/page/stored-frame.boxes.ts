/**
 * Boxes of a document's fields and line items on its pages as stored: an image after its EXIF orientation, a PDF
 * page as rendered. That is the frame a client draws them in (a page preview, the original in a viewer) and the one
 * a person points in when correcting a field. Pages OCR read turned upright ({@link PageModel.rotation}) carry their
 * words in the turned frame, which is what label → value geometry needs; this maps the results back at the edge,
 * after extraction and learning have worked on the page models. Pure.
 */
import type { ExtractedField, FieldAlternative, LineItem } from "../extraction.types.js";
import { turnBack, type BBox, type PageModel } from "./page.model.js";

/** The turn of each 1-based page that has one. */
function turnsOf(pages: readonly PageModel[]): Map<number, number> {
  const turns = new Map<number, number>();
  pages.forEach((p) => {
    if (p.rotation) turns.set(p.page, p.rotation);
  });
  return turns;
}

function back<T extends { page: number; box?: BBox | null }>(item: T, turns: ReadonlyMap<number, number>): T {
  const turn = turns.get(item.page);
  return turn && item.box ? { ...item, box: turnBack(item.box, turn) } : item;
}

/**
 * `fields` and `lineItems` with every box (alternatives' and a person's machine reading's included) on the page as
 * stored; unchanged (the same arrays) when no page was read turned.
 */
export function boxesOnStoredPages(
  fields: readonly ExtractedField[],
  lineItems: readonly LineItem[],
  pages: readonly PageModel[],
): { fields: ExtractedField[]; lineItems: LineItem[] } {
  const turns = turnsOf(pages);
  if (turns.size === 0) return { fields: [...fields], lineItems: [...lineItems] };
  const field = (f: ExtractedField): ExtractedField => {
    const out = back(f, turns);
    const alternatives = f.alternatives?.map((a: FieldAlternative) => back(a, turns));
    const machine = f.machine ? field(f.machine) : f.machine;
    return { ...out, ...(alternatives ? { alternatives } : {}), ...(f.machine !== undefined ? { machine } : {}) };
  };
  return { fields: fields.map(field), lineItems: lineItems.map((i) => back(i, turns)) };
}
