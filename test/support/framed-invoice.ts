/**
 * A synthetic scanned-invoice header whose reference number sits in a small framed box beside a bold title: the
 * layout in which tesseract's single-column read (psm 4) skips the value. Shared by the uncovered-ink OCR test and
 * bench/ink-frames.bench.ts (invented names and numbers).
 */
export const VALUE = "ZQX_KTRM20240700815263";
export const KINDS = ["dashed", "solid", "shaded", "grey-framed"] as const;
/** How the value is framed. */
export type FrameKind = (typeof KINDS)[number];
/** Everything printed on the page (an added word is noise when it is not part of it, ignoring spaces and punctuation). */
export const PRINTED = `Retail Invoices/Bill Ref No : # ${VALUE} Sold By : Northwind Traders Pvt. Ltd., Warehouse Address: 12 Harbour Road, Industrial Estate, Springfield 560067 Order Date: 15-10-2024 Invoice Date: 20-10-2024 Billing Address Jane Example, 3 Main Street Grand Total 319.00`;

function frame(kind: FrameKind, x: number, y: number, w: number, h: number): string {
  if (kind === "dashed") return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="black" stroke-dasharray="3 2"/>`;
  if (kind === "solid") return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="black" stroke-width="1.5"/>`;
  if (kind === "shaded") return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#d8d8d8"/>`;
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#bbbbbb" stroke="black"/>`;
}

/** The header as SVG (789×260 px), the value in a `kind` frame at (x, y) printed at `size` px. */
export function framedInvoiceSvg(kind: FrameKind, size: number, x: number, y: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="789" height="260"><rect width="100%" height="100%" fill="white"/>
<text x="300" y="40" font-family="sans-serif" font-weight="bold" font-size="20">Retail Invoices/Bill</text>
${frame(kind, x, y, size * 23, size + 9)}
<text x="${x + 6}" y="${y + size + 4}" font-family="sans-serif" font-size="${size}"><tspan font-weight="bold">Ref No :</tspan> # ${VALUE}</text>
<text x="8" y="86" font-family="sans-serif" font-size="16"><tspan font-weight="bold">Sold By :</tspan> Northwind Traders Pvt. Ltd.,</text>
<text x="8" y="104" font-family="serif" font-style="italic" font-size="8">Warehouse Address: 12 Harbour Road, Industrial Estate, Springfield 560067</text>
<line x1="8" y1="112" x2="780" y2="112" stroke="black"/>
<text x="12" y="130" font-family="sans-serif" font-size="12">Order Date: 15-10-2024</text>
<text x="12" y="152" font-family="sans-serif" font-size="12">Invoice Date: 20-10-2024</text>
<text x="220" y="130" font-family="sans-serif" font-size="12">Billing Address</text>
<text x="220" y="148" font-family="sans-serif" font-size="12">Jane Example, 3 Main Street</text>
<text x="500" y="200" font-family="sans-serif" font-size="18">Grand Total 319.00</text></svg>`;
}

