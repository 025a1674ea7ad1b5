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
import { KINDS, PRINTED, VALUE, framedInvoiceSvg } from "../test/support/framed-invoice.js";

const SIZES = [9, 10, 11, 12];
const PLACES = [
  [532, 52],
  [520, 60],
  [540, 44],
] as const;
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
      const png = new Uint8Array(await sharp(Buffer.from(framedInvoiceSvg(kind, size, x, y))).png().toBuffer());
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
