import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts, TextRenderingMode, concatTransformationMatrix, degrees, drawObject, popGraphicsState, pushGraphicsState, setTextRenderingMode } from "pdf-lib";
import sharp from "sharp";
import { buildImagePdf } from "./image-pdf.js";
import { readImageSize } from "../../src/extraction/image-header.js";

/**
 * Documents the tests generate themselves, so `npm test` needs nothing but the
 * repository: a text-layer invoice PDF (pdf-lib), scanned-looking receipts
 * (text rendered to JPEG by sharp), image-only PDFs, and an encrypted PDF.
 * Each fixture exports what it says (its "truth"), so tests assert against the
 * fixture's own definition, never against numbers copied from a run.
 * The real-world corpus tests live in test/corpus/ (`npm run test:corpus`).
 */

/** What the generated invoice says; `number` makes each variant's bytes (and SHA-256) unique. */
export interface InvoiceTruth {
  issuer: string;
  number: string;
  date: string; // ISO
  total: { amount: number; currency: string };
  /** The one line item under the "Description / Amount" heading (its amount is the subtotal). */
  item: { description: string; amount: number };
  marker: string;
}

/** The invoice every test gets unless it asks for another number. */
export const INVOICE: InvoiceTruth = {
  issuer: "Northwind Cloud Services, Inc.",
  number: "42183017",
  date: "2014-08-03",
  total: { amount: 4.11, currency: "USD" },
  item: { description: "Compute instance hours", amount: 3.74 },
  marker: "Northwind Cloud Services",
};

function invoiceLines(truth: InvoiceTruth): string[] {
  return [
    truth.issuer,
    "410 Terry Avenue North, Seattle, WA 98109, United States",
    "",
    "INVOICE",
    `Invoice Number: ${truth.number}`,
    "Invoice Date: August 3, 2014",
    "Payment Due Date: September 2, 2014",
    "Bill to: Example Customer Ltd., 1 Main Street, Springfield",
    "",
    "Description                          Amount",
    `${truth.item.description.padEnd(37)}USD ${truth.item.amount.toFixed(2)}`,
    `Subtotal                             USD ${truth.item.amount.toFixed(2)}`,
    "Tax (10%)                            USD 0.37",
    `Total Amount Due                     ${truth.total.currency} ${truth.total.amount.toFixed(2)}`,
    "",
    "Please pay by bank transfer within 30 days. Thank you for your business.",
  ];
}

/** A one-page text-layer PDF invoice; `number` changes the content (and therefore the hash). */
export async function invoicePdf(number = INVOICE.number, pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  // A fixed date: the same number always gives the same bytes.
  doc.setCreationDate(new Date("2014-08-03T00:00:00Z"));
  doc.setModificationDate(new Date("2014-08-03T00:00:00Z"));
  doc.setProducer("folio test fixtures");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    let y = 780;
    for (const line of p === 0 ? invoiceLines({ ...INVOICE, number }) : [`Page ${p + 1}: terms and conditions of invoice ${number}.`]) {
      page.drawText(line, { x: 50, y, size: 12, font });
      y -= 22;
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** What a generated receipt says. */
export interface ReceiptTruth {
  merchant: string;
  date: string; // ISO
  total: number;
  currency: string;
  /** A word only this fixture's text contains, for full-text search. */
  marker: string;
}

export const RECEIPT: ReceiptTruth = {
  merchant: "FOLIOMART STATIONERY SDN BHD",
  date: "2018-12-25",
  total: 9,
  currency: "MYR",
  marker: "FOLIOMART",
};

function receiptLines(variant: number): string[] {
  return [
    RECEIPT.merchant,
    "(CO. REG. 123456-A)",
    "NO 12 JALAN MERANTI, TAMAN DAYA",
    "81100 JOHOR BAHRU",
    "",
    "CASH RECEIPT",
    `RECEIPT NO: CS${String(1000 + variant)}`,
    "DATE: 25/12/2018   TIME: 10:32",
    "CASHIER: 01",
    "",
    "ITEM                QTY    RM",
    "BLUE PEN             2    3.00",
    "NOTEBOOK A5          1    6.00",
    "",
    "TOTAL (RM)                9.00",
    "CASH                     10.00",
    "CHANGE                    1.00",
    "",
    "THANK YOU, PLEASE COME AGAIN",
  ];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Render lines of monospaced text to an SVG page (sharp turns it into pixels). */
function textSvg(lines: readonly string[], width: number, fontSize: number): Buffer {
  const lineHeight = Math.round(fontSize * 1.5);
  const height = lineHeight * (lines.length + 2);
  const text = lines
    .map((line, i) => `<text x="${fontSize}" y="${lineHeight * (i + 1.5)}" xml:space="preserve">${escapeXml(line)}</text>`)
    .join("");
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>` +
      `<g font-family="DejaVu Sans Mono, Liberation Mono, monospace" font-size="${fontSize}" fill="#111">${text}</g></svg>`,
  );
}

/** A "photographed" receipt: its text rendered as a JPEG (no text layer: only OCR reads it). `variant` changes the bytes. */
export async function receiptJpeg(variant = 0): Promise<Buffer> {
  return sharp(textSvg(receiptLines(variant), 620, 22)).jpeg({ quality: 90 }).toBuffer();
}

/** The generated invoice's text rendered as a PNG (a scan of it). */
export async function invoicePng(number = INVOICE.number): Promise<Buffer> {
  return sharp(textSvg(invoiceLines({ ...INVOICE, number }), 1100, 22)).png().toBuffer();
}

/** An image-only PDF with one receipt scan per page. */
export async function scannedReceiptsPdf(pages: number): Promise<Buffer> {
  return buildImagePdf(await Promise.all(Array.from({ length: pages }, (_, i) => receiptJpeg(i + 1))));
}

/** What a poor earlier OCR made of the receipt: the text layer of {@link sandwichReceiptPdf}. */
export const EARLIER_OCR_LINES = ["F0LI0MRT STATI0NERV", "T0TAI (RN) 0.00", "CASH 1O.OO CHANGE l.OO", "THANKYOU PIEASE COME AGAlN"];

/**
 * A "sandwich" PDF as scanner software writes it: the receipt's scan as the page, and over it an earlier OCR's
 * text drawn invisibly (text rendering mode 3) — here a poor one, {@link EARLIER_OCR_LINES}.
 */
export async function sandwichReceiptPdf(variant = 0): Promise<Buffer> {
  const jpeg = await receiptJpeg(variant);
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date("2018-12-25T00:00:00Z"));
  doc.setModificationDate(new Date("2018-12-25T00:00:00Z"));
  const image = await doc.embedJpg(jpeg);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([image.width, image.height]);
  page.drawImage(image, { x: 0, y: 0, width: image.width, height: image.height });
  page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
  EARLIER_OCR_LINES.forEach((line, i) => page.drawText(line, { x: 22, y: image.height - 40 - i * 60, size: 20, font }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

// --- an encrypted PDF (standard security handler, revision 2, RC4 40-bit) ------
// pdf-lib cannot encrypt, so the file is written by hand: the PDF spec's
// algorithms 3.2-3.5 (key from the padded password, O and U entries).

const PASSWORD_PAD = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();
const padPassword = (password: string) => Buffer.concat([Buffer.from(password, "latin1"), PASSWORD_PAD]).subarray(0, 32);

/**
 * A one-page PDF whose text ("Invoice <number> … secret") opens only with `password` (ASCII);
 * given `image` (an RGB JPEG), the page is that scan instead, with no text layer.
 */
export function encryptedPdf(password: string, text = `Invoice ${INVOICE.number} from ${INVOICE.issuer}: the secret total is USD 4.11`, image?: Buffer): Buffer {
  const id = md5(Buffer.from(`folio-fixture:${password}:${text}`));
  const permissions = -44; // print, copy… the usual "everything but owner rights" bits
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(permissions);
  const owner = rc4(md5(padPassword(`${password}-owner`)).subarray(0, 5), padPassword(password));
  const fileKey = md5(padPassword(password), owner, pBytes, id).subarray(0, 5);
  const user = rc4(fileKey, PASSWORD_PAD);
  const objectKey = (num: number) => md5(fileKey, Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0])).subarray(0, 10);

  const size = image ? readImageSize(image) : null;
  if (image && !size) throw new Error("not an image");
  // A scan: the JPEG drawn over the page and no text; otherwise one line of text.
  const content = size
    ? Buffer.from(`q ${size.width} 0 0 ${size.height} 0 0 cm /Im0 Do Q`, "latin1")
    : Buffer.from(`BT /F1 14 Tf 50 780 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`, "latin1");
  const encrypted = rc4(objectKey(4), content);
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    size
      ? Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size.width} ${size.height}] /Resources << /XObject << /Im0 7 0 R >> >> /Contents 4 0 R >>`)
      : Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
    Buffer.concat([Buffer.from(`<< /Length ${encrypted.length} >>\nstream\n`), encrypted, Buffer.from("\nendstream")]),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    Buffer.from(`<< /Filter /Standard /V 1 /R 2 /O <${owner.toString("hex")}> /U <${user.toString("hex")}> /P ${permissions} >>`),
  ];
  if (image && size) {
    const data = rc4(objectKey(7), image);
    objects.push(
      Buffer.concat([
        Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${size.width} /Height ${size.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${data.length} >>\nstream\n`, "latin1"),
        data,
        Buffer.from("\nendstream"),
      ]),
    );
  }
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(obj);
    length += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  const hexId = id.toString("hex");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${hexId}> <${hexId}>] >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** Write fixtures into a fresh temporary directory (for code that takes paths: the CLI, the browser). */
export async function writeFixtures(files: Record<string, Buffer | Promise<Buffer>>): Promise<{ dir: string; path(name: string): string; remove(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-fixtures-"));
  for (const [name, bytes] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), await bytes);
  }
  return { dir, path: (name) => path.join(dir, name), remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/**
 * A one-page 300 dpi scan of `upright` as office scanners write a page they scanned sideways or upside down: the
 * JPEG stored turned (counter-clockwise by `turn`) and shown upright, by the page's `/Rotate` (`rotate`) or by
 * the matrix it is drawn with (`matrix`: its rows run down the page for 90°, right to left for 180°, up for 270°).
 * `mirror`: drawn mirrored as well (no turn shows that).
 */
export async function turnedScanPdf(upright: Buffer, turn: 90 | 180 | 270, how: "rotate" | "matrix", opts: { mirror?: boolean } = {}): Promise<{ pdf: Uint8Array; stored: Buffer }> {
  const stored = await sharp(upright).rotate(360 - turn).jpeg({ quality: 90 }).toBuffer();
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(stored);
  const [w, h] = [(image.width / 300) * 72, (image.height / 300) * 72];
  if (how === "rotate") {
    const page = doc.addPage([w, h]);
    page.drawImage(image, { x: 0, y: 0, width: w, height: h });
    page.setRotation(degrees(turn));
    return { pdf: await doc.save(), stored };
  }
  // The page is the picture as shown: width and height swap for a quarter turn.
  const [W, H] = turn === 180 ? [w, h] : [h, w];
  const page = doc.addPage([W, H]);
  const m = { 90: [0, -H, W, 0, 0, H], 180: [-W, 0, 0, -H, W, H], 270: [0, H, -W, 0, W, 0] }[turn];
  // A mirror: the image's rows run the other way (the column axis stays).
  const [a, b, c, d, e, f] = opts.mirror ? [-m[0]!, -m[1]!, m[2]!, m[3]!, m[4]! + m[0]!, m[5]! + m[1]!] : m;
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(a!, b!, c!, d!, e!, f!), drawObject(page.node.newXObject("Im", image.ref)), popGraphicsState());
  return { pdf: await doc.save(), stored };
}
