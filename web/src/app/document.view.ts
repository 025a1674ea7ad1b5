import type { DocumentQuery } from "@folio/client";

/** The document as the result view queries it; the panels of the view each take a part of it. */
export type Doc = DocumentQuery["document"];

export type Field = Doc["fields"][number];

export type LineItem = Doc["lineItems"][number];

/** The field (or one of its alternatives) the user picked to see on the page. */
export interface FieldSelection {
  name: string;
  /** Index into the field's alternatives; null for its best value. */
  alternative: number | null;
}

/** The line item the user picked to see on the page. */
export interface LineItemSelection {
  /** Index into the document's line items. */
  lineItem: number;
}

/** What the user picked to see on the page: a field's value or a line item. */
export type Selection = FieldSelection | LineItemSelection;

/** Where the selected value is: its page and box (null when the page had no geometry). */
export function locate(doc: Pick<Doc, "fields" | "lineItems">, selection: Selection | null): { page: number; box: Field["box"] } | null {
  if (!selection) return null;
  if ("lineItem" in selection) {
    const item = doc.lineItems[selection.lineItem];
    return item ? { page: item.page, box: item.box } : null;
  }
  const field = doc.fields.find((f) => f.name === selection.name);
  if (!field) return null;
  const value = selection.alternative === null ? field : field.alternatives[selection.alternative];
  return value ? { page: value.page, box: value.box } : null;
}
