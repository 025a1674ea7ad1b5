/**
 * `npx tsx bench/ink-frames.bench.ts`
 *
 * Does reading the ink a page read left out (src/extraction/ocr.ink.ts, `OCR_INK_MAX_REGIONS`) recover key values
 * printed in a frame beyond one corpus file? Synthetic invoice headers (sharp renders an SVG; invented names and
 * numbers) carry a reference number in a small box at the top right, beside a bold title — the layout of a scanned
 * invoice whose number tesseract's single-column read (psm 4) skipped — in 48 variants: print size 9–12 px, the
 * box dashed, solid, a shaded cell or a grey cell with a border, at three positions. Each page is read by two OCR
 * pools, the step off and on, one after the other, and the report says on how many pages the number's digits were
 * read, what reading the step added that is printed nowhere on the page (noise), and the OCR time per page.
 */
import sharp from "sharp";
import { createOcrPool } from "../src/extraction/ocr.adapter.js";

const VALUE = "ZQX_KTRM20240700815263";
const KINDS = ["dashed", "solid", "shaded", "grey-framed"] as const;
const SIZES = [9, 10, 11, 12];
const PLACES = [
  [532, 52],
  [520, 60],
  [540, 44],
] as const;
/** Everything printed on the page (an added word is noise when it is not part of it, ignoring spaces and punctuation). */
const PRINTED = `Retail Invoices/Bill Ref No : # ${VALUE} Sold By : Northwind Traders Pvt. Ltd., Warehouse Address: 12 Harbour Road, Industrial Estate, Springfield 560067 Order Date: 15-10-2024 Invoice Date: 20-10-2024 Billing Address Jane Example, 3 Main Street Grand Total 319.00`;

function frame(kind: (typeof KINDS)[number], x: number, y: number, w: number, h: number): string {
  if (kind === "dashed") return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="black" stroke-dasharray="3 2"/>`;
  if (kind === "solid") return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="black" stroke-width="1.5"/>`;
  if (kind === "shaded") return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#d8d8d8"/>`;
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#bbbbbb" stroke="black"/>`;
}

function page(kind: (typeof KINDS)[number], size: number, x: number, y: number): string {
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

const bare = (w: string) => w.replace(/[^\p{L}\p{N}]/gu, "").toLowerCase();
const printed = bare(PRINTED);
const found = (text: string) => text.replace(/\s+/g, "").includes(VALUE.slice(4));

const off = createOcrPool({ size: 1, inkRegions: 0 });
const on = createOcrPool({ size: 1 });
const tally = new Map<string, { n: number; off: number; on: number }>();
let msOff = 0;
let msOn = 0;
let pages = 0;
const noise: string[] = [];
for (const kind of KINDS) {
  const t = { n: 0, off: 0, on: 0 };
  tally.set(kind, t);
  for (const size of SIZES) {
    for (const [x, y] of PLACES) {
      const png = new Uint8Array(await sharp(Buffer.from(page(kind, size, x, y))).png().toBuffer());
      let started = performance.now();
      const a = await off.recognize(png);
      msOff += performance.now() - started;
      started = performance.now();
      const b = await on.recognize(png);
      msOn += performance.now() - started;
      pages += 1;
      t.n += 1;
      if (found(a.text)) t.off += 1;
      if (found(b.text)) t.on += 1;
      // Words the step added (in the "on" reading, not in the "off" one) that are printed nowhere on the page.
      const before = a.text.split(/\s+/).map(bare);
      for (const w of b.text.split(/\s+/).map(bare)) {
        const i = before.indexOf(w);
        if (i >= 0) before.splice(i, 1);
        else if (w !== "" && !printed.includes(w)) noise.push(`${kind}/${size}/${x},${y}: ${w}`);
      }
    }
  }
}
await off.close();
await on.close();
console.log("frame         pages  number read: step off  on");
for (const [kind, t] of tally) console.log(`${kind.padEnd(13)} ${String(t.n).padStart(5)}  ${String(t.off).padStart(20)}  ${String(t.on).padStart(3)}`);
const all = [...tally.values()].reduce((s, t) => ({ n: s.n + t.n, off: s.off + t.off, on: s.on + t.on }), { n: 0, off: 0, on: 0 });
console.log(`${"all".padEnd(13)} ${String(all.n).padStart(5)}  ${String(all.off).padStart(20)}  ${String(all.on).padStart(3)}`);
console.log(`OCR per page: off ${(msOff / pages).toFixed(0)} ms, on ${(msOn / pages).toFixed(0)} ms (same process, pages alternating)`);
console.log(`words added that are printed nowhere (misreadings of printed text included): ${noise.length}`);
for (const n of noise) console.log(`  ${n}`);
