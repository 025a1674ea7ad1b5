import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractFields } from "../../src/extraction/fields/index.js";
import { truthDate } from "../../bench/fields/fields.scoring.js";
import { requireCorpus } from "../support/corpus.js";
import { expectWellFormed } from "../unit/fields/helpers.js";

const dir = path.join(requireCorpus(), "receipts");

interface ManifestEntry {
  file: string;
  date: string;
  total: string;
  ocr_lines: string;
}

/** SROIE OCR lines are `x1,y1,…,x4,y4,TEXT`; the text may itself contain commas. */
function ocrText(file: string): string {
  return readFileSync(path.join(dir, file), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(",").slice(8).join(","))
    .join("\n");
}

/** Share of receipts whose total / date the text-only extractor gets right on the box.csv text: measured 111/120 and 119/120. */
const TOTAL_FLOOR = 0.9;
const DATE_FLOOR = 0.96;

describe("SROIE receipts corpus", () => {
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as ManifestEntry[];

  it("extracts total and date for most receipts, with well-formed fields", () => {
    let totals = 0;
    let dates = 0;
    const misses: string[] = [];
    for (const entry of manifest) {
      const text = ocrText(entry.ocr_lines);
      const fields = extractFields([text], { documentType: "receipt", referenceDate: new Date("2024-01-01") });
      expectWellFormed(fields, [text]);
      const total = bestField(fields, "total")?.value as Money | undefined;
      const expectedTotal = Number(entry.total.replace(/[^\d.]/g, ""));
      if (total && Math.abs(total.amount - expectedTotal) < 0.005) totals += 1;
      else misses.push(`${entry.file} total ${JSON.stringify(total)} != ${entry.total}`);
      const date = bestField(fields, "document_date")?.value;
      if (date === truthDate(entry.date)) dates += 1;
      else misses.push(`${entry.file} date ${String(date)} != ${entry.date}`);
    }
    console.info(`SROIE receipts: total ${totals}/${manifest.length}, date ${dates}/${manifest.length}`, misses);
    // Every manifest entry is scored; floors are shares of the manifest, measured (see the commit) minus a small margin.
    expect(manifest.length).toBeGreaterThan(0);
    expect(totals / manifest.length).toBeGreaterThanOrEqual(TOTAL_FLOOR);
    expect(dates / manifest.length).toBeGreaterThanOrEqual(DATE_FLOOR);
  });
});
