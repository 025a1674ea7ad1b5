/**
 * OCR quality and speed per setting on the shared receipts
 * (<corpus>/receipts: NNN.jpg + NNN.box.csv per-line ground truth).
 *
 *   npx tsx bench/ocr-quality.ts --limit 25 [--settings raw-psm6,prep1000-psm6] [--json out.json]
 *
 * For each receipt and setting (interleaved, so load from other processes hits
 * all settings alike): prepare the image, recognise it with one reused
 * tesseract.js worker, build the page model, and compare its text with the
 * ground truth lines:
 * - `charAcc`: 1 − edit distance / length, over the whole text (lines joined,
 *   whitespace collapsed): reading order counts;
 * - `tokenRecall`: share of ground-truth tokens found among the OCR tokens
 *   (order-insensitive);
 * - `total` / `date`: share of receipts whose printed total / date (manifest)
 *   appears verbatim in the text;
 * - `ms`: median wall milliseconds of preparation + recognition per receipt, and
 *   median CPU milliseconds of the process (all threads): on a shared machine
 *   the CPU time is the comparable number.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import Tesseract from "tesseract.js";
import { prepareForOcr, type OcrPrepOptions } from "../src/extraction/ocr-image.preparer.js";
import { ocrWords } from "../src/extraction/ocr.words.js";
import { buildPage } from "../src/extraction/page/page.builder.js";
import { CORPUS } from "../test/support/corpus.js";
import { editDistance } from "../src/common/edit-distance.js";

/** The receipts of the shared corpus (`FOLIO_CORPUS` or `../shared/corpus`: the tests' rule). */
const corpus = join(CORPUS, "receipts");

interface Setting {
  prep: OcrPrepOptions | null;
  psm: Tesseract.PSM;
}

/**
 * Named settings: `raw-psmP` hands tesseract the original bytes;
 * `prepAxB[tT][n]-psmP` prepares with minWidth A, maxWidth B (0 = off),
 * optional threshold T, `n` = no contrast normalisation.
 */
function setting(name: string): Setting {
  const m = /^(raw|prep(\d+)x(\d+)(t(\d+))?(n)?)-psm(\d+)$/.exec(name);
  if (!m) throw new Error(`unknown setting ${name}`);
  const psm = m[7] as Tesseract.PSM;
  if (m[1] === "raw") return { prep: null, psm };
  return {
    prep: { minWidth: Number(m[2]), maxWidth: Number(m[3]), threshold: m[5] ? Number(m[5]) : undefined, normalise: !m[6] },
    psm,
  };
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
}

interface Receipt {
  file: string;
  total: string;
  date: string;
  ocr_lines: string;
}

async function main() {
  const { values } = parseArgs({
    options: {
      limit: { type: "string", default: "25" },
      settings: { type: "string", default: "raw-psm6,prep0x0-psm6,prep1000x2500-psm6,prep1000x2500n-psm6,prep1000x2500-psm4" },
      json: { type: "string" },
    },
  });
  const limit = Number(values.limit);
  const names = values.settings!.split(",");
  const settings = names.map((n) => [n, setting(n)] as const);
  const manifest = JSON.parse(await readFile(join(corpus, "manifest.json"), "utf8")) as Receipt[];
  const step = Math.max(1, Math.floor(manifest.length / limit));
  const chosen = manifest.filter((_, i) => i % step === 0).slice(0, limit);

  const langPath = join(dirname(createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  const worker = await Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: "none" });
  const stats = new Map(names.map((n) => [n, { acc: [] as number[], recall: [] as number[], total: 0, date: 0, ms: [] as number[], cpu: [] as number[] }]));
  try {
    for (const r of chosen) {
      const image = await readFile(join(corpus, r.file));
      const gtLines = (await readFile(join(corpus, r.ocr_lines), "utf8"))
        .split(/\r?\n/)
        .filter(Boolean)
        .map((l) => l.split(",").slice(8).join(","));
      const gt = collapse(gtLines.join("\n"));
      const gtTokens = gt.split(" ");
      for (const [name, s] of settings) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        let data: Buffer = image;
        let scale = 1;
        let width = 0;
        let height = 0;
        if (s.prep) {
          const p = await prepareForOcr(image, s.prep);
          data = p.data;
          scale = p.scale;
          width = p.originalWidth;
          height = p.originalHeight;
        }
        await worker.setParameters({ tessedit_pageseg_mode: s.psm });
        const res = await worker.recognize(data, {}, { blocks: true, text: true });
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(c0);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        if (!s.prep) {
          const b = res.data.blocks?.[0]?.bbox;
          width = Math.max(1, ...(res.data.blocks ?? []).map((x) => x.bbox.x1), b?.x1 ?? 1);
          height = Math.max(1, ...(res.data.blocks ?? []).map((x) => x.bbox.y1), b?.y1 ?? 1);
        }
        const page = buildPage(ocrWords(res.data, scale), { page: 1, width, height, source: "ocr" });
        const text = collapse(page.text);
        const st = stats.get(name)!;
        st.acc.push(Math.max(0, 1 - editDistance(gt, text) / gt.length));
        const have = new Map<string, number>();
        for (const t of text.split(" ")) have.set(t, (have.get(t) ?? 0) + 1);
        let found = 0;
        for (const t of gtTokens) {
          const n = have.get(t) ?? 0;
          if (n > 0) {
            found++;
            have.set(t, n - 1);
          }
        }
        st.recall.push(found / gtTokens.length);
        if (text.includes(r.total)) st.total++;
        if (text.includes(r.date)) st.date++;
        st.ms.push(ms);
        st.cpu.push(cpuMs);
        if (process.env.OCR_BENCH_DUMP) {
          const { writeFile } = await import("node:fs/promises");
          await writeFile(join(process.env.OCR_BENCH_DUMP, `${r.file}.${name}.txt`), page.text);
        }
      }
      process.stderr.write(".");
    }
  } finally {
    await worker.terminate();
  }
  process.stderr.write("\n");
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const rows = names.map((n) => {
    const st = stats.get(n)!;
    return {
      setting: n,
      charAcc: +mean(st.acc).toFixed(4),
      tokenRecall: +mean(st.recall).toFixed(4),
      total: `${st.total}/${chosen.length}`,
      date: `${st.date}/${chosen.length}`,
      medianMs: Math.round(median(st.ms)),
      medianCpuMs: Math.round(median(st.cpu)),
    };
  });
  console.log(`${chosen.length} receipts`);
  console.log("| setting | char acc | token recall | total verbatim | date verbatim | median wall ms | median CPU ms |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.setting} | ${r.charAcc} | ${r.tokenRecall} | ${r.total} | ${r.date} | ${r.medianMs} | ${r.medianCpuMs} |`);
  if (values.json) {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(values.json, JSON.stringify({ receipts: chosen.map((r) => r.file), rows }, null, 2));
  }
}

await main();
