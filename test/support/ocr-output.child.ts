import { createOcrPool } from "../../src/extraction/ocr.adapter.js";
import { receiptJpeg } from "./fixtures.js";
import { png } from "./png.js";

// Run by test/unit/ocr.adapter.test.ts: reads a generated receipt and an empty band with the OCR pool, so that
// the test can inspect everything the process printed (tesseract's diagnostics come from its worker thread).
const pool = createOcrPool({ size: 1 });
try {
  const page = await pool.recognize(new Uint8Array(await receiptJpeg(5)));
  await pool.recognizeRegion(new Uint8Array(png(400, 60)), { x0: 0.1, y0: 0.1, x1: 0.9, y1: 0.9 }, { whitelist: "0123456789.,-" });
  process.stdout.write(`read: ${/TOTAL/.test(page.text) ? "TOTAL" : "nothing"}\n`);
} finally {
  await pool.close();
}
