/**
 * `npm run eval:invoice-dir -- DIR [--misses] [--half tuning|held-out|all]`
 *
 * Judges the text-layer extraction on a directory of hand-labelled invoice PDFs. `DIR/truth.json` maps a PDF's file
 * name to the fields the document states:
 * `{ "x.pdf": { "invoice_number": "…", "issuer": "…", "document_date": "YYYY-MM-DD", "total": 12.5, "currency": "EUR",
 * "vat_id": "…", "credit": true } }` (every key optional; `credit` marks a credit note, whose total is compared
 * without sign). PDFs without an entry are skipped. The directory is not in the repository nor in CI: a bench.
 *
 * Each PDF is read as `einvoice-text.eval.ts` reads them (`invoice-text.scoring.ts`): page models from the text
 * layer, classified and extracted as the service does, an embedded e-invoice never handed to the extractor.
 *
 * Halves: the files sorted by name, the first half (rounded up) tunes, the rest is held out; name files
 * `<source>_<name>.pdf` so a source project stays on one side. Look at `--misses` of the tuning half only.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { labelledDirArgs } from "../labelled-dir.args.js";
import { closeLoaders } from "../fields/corpus.loader.js";
import { extractFromTextLayer, INVOICE_FIELDS, type InvoiceResults, type InvoiceTruth, judgeInvoice, missLine, pct } from "./invoice-text.scoring.js";

const { root, half, labels: truths, args } = labelledDirArgs<InvoiceTruth>(
  "usage: npm run eval:invoice-dir -- DIR [--misses] [--half tuning|held-out|all]  (DIR/truth.json labels the PDFs)",
);

/** After every labelled document's date, like the service's upload time. */
const REFERENCE_DATE = new Date("2027-01-01");

const files = readdirSync(root).filter((f) => /\.pdf$/i.test(f) && truths[f] !== undefined).sort();
const tuningCount = Math.ceil(files.length / 2);
const halfOf = (i: number): "tuning" | "held-out" => (i < tuningCount ? "tuning" : "held-out");

interface Row {
  file: string;
  half: "tuning" | "held-out";
  results: InvoiceResults;
}
const rows: Row[] = [];
for (const [i, file] of files.entries()) {
  const h = halfOf(i);
  if (half !== "all" && half !== h) continue;
  const truth = truths[file] ?? {};
  const { fields } = await extractFromTextLayer(path.join(root, file), REFERENCE_DATE);
  rows.push({ file, half: h, results: judgeInvoice(truth, fields) });
}
await closeLoaders();

function table(title: string, rs: readonly Row[]): void {
  console.log(`\n${title}: ${rs.length} files`);
  console.log("field            right/n   files");
  let right = 0;
  let n = 0;
  for (const f of INVOICE_FIELDS) {
    const xs = rs.map((r) => r.results[f]).filter((x) => x !== undefined);
    const r = xs.filter((x) => x.ok).length;
    right += r;
    n += xs.length;
    console.log(`${f.padEnd(16)} ${`${r}/${xs.length}`.padStart(7)}  ${pct(r, xs.length)}`);
  }
  console.log(`${"every field".padEnd(16)} ${`${right}/${n}`.padStart(7)}  ${pct(right, n)}`);
}

for (const h of ["tuning", "held-out"] as const) {
  const rs = rows.filter((r) => r.half === h);
  if (rs.length > 0) table(h, rs);
}
if (args.includes("--misses")) {
  for (const r of rows)
    for (const f of INVOICE_FIELDS) {
      const x = r.results[f];
      if (x && !x.ok) console.log(missLine(r.file, f, x));
    }
}
