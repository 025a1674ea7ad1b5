/**
 * Links derived from a document's signed download link (`downloads.original`).
 * Folio's local storage driver signs `/files?key&expires&sig&filename` links;
 * the same signature opens the original inline and its rendered pages
 * (src/http/page-preview.routes.ts). An object-store link (S3) has neither.
 */

/** True when `original` is a link to Folio's own `/files` route. */
export function isFolioFileLink(original: string): boolean {
  try {
    return new URL(original).pathname.endsWith("/files");
  } catch {
    return false;
  }
}

/** The link that opens the original in the browser (a PDF in its viewer); the download link itself for other stores. */
export function inlineFileUrl(original: string): string {
  if (!isFolioFileLink(original)) return original;
  const url = new URL(original);
  url.searchParams.set("inline", "1");
  return url.toString();
}

/** The PNG of page `page` (1-based), or null when the store's links cannot be rendered by Folio. */
export function pagePreviewUrl(original: string, page: number): string | null {
  if (!isFolioFileLink(original)) return null;
  const url = new URL(original);
  url.pathname = url.pathname.replace(/\/files$/, "/pages");
  url.searchParams.set("page", String(page));
  return url.toString();
}
