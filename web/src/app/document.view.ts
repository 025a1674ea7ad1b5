import type { DocumentQuery } from "@folio/client";

/** The document as the result view queries it; the panels of the view each take a part of it. */
export type Doc = DocumentQuery["document"];

export type Field = Doc["fields"][number];

/** The field (or one of its alternatives) the user picked to see on the page. */
export interface FieldSelection {
  name: string;
  /** Index into the field's alternatives; null for its best value. */
  alternative: number | null;
}

/** Where the selected value is: its page and box (null when the page had no geometry). */
export function locate(fields: readonly Field[], selection: FieldSelection | null): { page: number; box: Field["box"] } | null {
  if (!selection) return null;
  const field = fields.find((f) => f.name === selection.name);
  if (!field) return null;
  const value = selection.alternative === null ? field : field.alternatives[selection.alternative];
  return value ? { page: value.page, box: value.box } : null;
}
