/** The shared evaluation corpus, read in place: every file of a set plus the ground truth its manifest gives. */

import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { SetName } from "./options.js";

export const CORPUS = path.resolve(process.cwd(), process.env.FOLIO_CORPUS ?? "../shared/corpus");

export const receiptManifest = z.array(z.object({ file: z.string(), date: z.string(), total: z.string() }).passthrough());
export const invoiceManifest = z.array(
  z
    .object({
      file: z.string(),
      kind: z.string(),
      expected: z.object({ amount: z.number().optional(), date: z.string().optional(), invoice_number: z.string().optional() }).passthrough(),
    })
    .passthrough(),
);

export type ReceiptTruth = { set: "receipts"; total: string; date: string };
export type InvoiceTruth = { set: "invoices"; amount?: number; date?: string; invoiceNumber?: string };

export interface CorpusItem {
  set: SetName;
  file: string;
  absPath: string;
  bytes: number;
  contentType: string | null;
  truth: ReceiptTruth | InvoiceTruth | null;
}

export const CONTENT_TYPES: Record<string, string> = { ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png" };

export async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(file, "utf8")) as unknown;
}

/** Every file of a set straight from the corpus folder (the manifest only adds ground truth), so nothing is silently skipped. */
export async function loadSet(set: SetName): Promise<CorpusItem[]> {
  const dir = path.join(CORPUS, set);
  const wanted = set === "receipts" ? [".jpg"] : set === "invoices" ? [".pdf", ".png"] : [".pdf"];
  const files = (await fs.readdir(dir)).filter((f) => wanted.includes(path.extname(f).toLowerCase())).sort();
  const truth = new Map<string, ReceiptTruth | InvoiceTruth>();
  if (set === "receipts") {
    for (const r of receiptManifest.parse(await readJson(path.join(dir, "manifest.json")))) truth.set(r.file, { set, total: r.total, date: r.date });
  } else if (set === "invoices") {
    for (const r of invoiceManifest.parse(await readJson(path.join(dir, "manifest.json")))) {
      truth.set(r.file, { set, amount: r.expected.amount, date: r.expected.date, invoiceNumber: r.expected.invoice_number });
    }
  }
  return Promise.all(
    files.map(async (file) => {
      const absPath = path.join(dir, file);
      return {
        set,
        file,
        absPath,
        bytes: (await fs.stat(absPath)).size,
        contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? null,
        truth: truth.get(file) ?? null,
      };
    }),
  );
}
