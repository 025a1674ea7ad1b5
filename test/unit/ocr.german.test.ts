import sharp from "sharp";
import Tesseract from "tesseract.js";
import { afterAll, describe, expect, it, vi } from "vitest";
import { germanEvidence } from "../../src/extraction/fields/page/german.evidence.js";
import { createOcrPool, type OcrEngine, type OcrPool, type OcrRegionOptions, type OcrRegionResult } from "../../src/extraction/ocr.adapter.js";
import { hasGermanDiacritic, mergeGermanReading, sameUpToDiacritics, type NameWord } from "../../src/extraction/ocr.german.js";
import { germanNameRegions, rereadKeyRegions, type RegionReader } from "../../src/extraction/ocr.reread.js";
import type { BBox } from "../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./fields/page/page.helpers.js";
import { hasTesseract } from "../support/native-tesseract.js";

/** A German till receipt as the English model reads it: the drugstore `Möller` read `Moller`, surely. */
const GERMAN_RECEIPT: Placed[] = [
  [80, 20, "Moller", 20],
  [50, 60, "Moller Handels GmbH & Co. KG"],
  [50, 80, "Hauptstrabe 12"],
  [50, 100, "50667 Koln"],
  [50, 160, "Duschgel 1,95 A"],
  [50, 200, "SUMME EUR 1,95"],
  [50, 220, "Geg. BAR 5,00"],
  [50, 240, "Ruckgeld 3,05"],
  [50, 280, "MwSt Netto Brutto"],
];

/** A Malaysian receipt: no German cue. */
const MALAYSIAN_RECEIPT: Placed[] = [
  [50, 20, "KEDAI MUTIARA SDN BHD"],
  [50, 40, "NO 12 JALAN SUSUR 81200 JOHOR BAHRU"],
  [50, 100, "DATE: 29/12/2017"],
  [50, 200, "TOTAL RM 9.00"],
  [50, 220, "CASH RM 20.00"],
  [50, 240, "CHANGE RM 11.00"],
];

const box = (x0: number, x1: number, y0 = 0.1, y1 = 0.12): BBox => ({ x0, y0, x1, y1 });
const word = (text: string, x0: number, x1: number, confidence = 0.95): NameWord => ({ text, confidence, box: box(x0, x1) });

describe("German names read with their diacritics", () => {
  it("takes the German reading only when it is the English one up to diacritics", () => {
    expect(sameUpToDiacritics("Möller", "Moller")).toBe(true);
    expect(sameUpToDiacritics("SÜD", "SUD")).toBe(true);
    expect(sameUpToDiacritics("Bäckerei", "Béackerei")).toBe(true);
    expect(sameUpToDiacritics("Straße", "StraBe")).toBe(true);
    expect(sameUpToDiacritics("Straße", "Strasse")).toBe(true);
    expect(sameUpToDiacritics("Jürgen", "Jurgen")).toBe(true);
    expect(sameUpToDiacritics("Köln", "K0ln")).toBe(true);
    expect(sameUpToDiacritics("Grünmarkt", "Griinmarkt")).toBe(true);
    expect(sameUpToDiacritics("Weiß", "Weil")).toBe(true);
    // Another letter than the diacritic's is another word.
    expect(sameUpToDiacritics("Müller", "Maller")).toBe(false);
    expect(sameUpToDiacritics("Mäller", "Moller")).toBe(false);
    expect(sameUpToDiacritics("Möller", "Mollers")).toBe(false);
    expect(hasGermanDiacritic("Möller")).toBe(true);
    expect(hasGermanDiacritic("Moller")).toBe(false);
  });

  it("merges word by word: a German word replaces its English one only when it adds a diacritic to the same word", () => {
    const english = [word("ALBA", 0.1, 0.3), word("SUD", 0.35, 0.5, 0.96)];
    expect(mergeGermanReading(english, [word("ALBA", 0.1, 0.3), word("SÜD", 0.35, 0.5, 0.7)])).toEqual({
      changed: [1],
      words: [english[0], { text: "SÜD", confidence: 0.96, box: english[1]!.box }],
    });
    // A different word (a misread) or one without a diacritic keeps the English reading.
    expect(mergeGermanReading(english, [word("ALRA", 0.1, 0.3), word("SOD", 0.35, 0.5)]).changed).toEqual([]);
    // A word the English model garbled around the umlaut, read unsure: the clearly surer German word, with no digit added.
    const garbled = [word("Backerel", 0.1, 0.3, 0.55), word("Kranz", 0.35, 0.5)];
    expect(mergeGermanReading(garbled, [word("Bäckerei", 0.1, 0.3, 0.93), word("Kranz", 0.35, 0.5)]).words.map((w) => w.text)).toEqual(["Bäckerei", "Kranz"]);
    expect(mergeGermanReading(garbled, [word("Bäckerei", 0.1, 0.3, 0.6), word("Kranz", 0.35, 0.5)]).changed).toEqual([]);
    expect(mergeGermanReading(garbled, [word("Bäcker3i", 0.1, 0.3, 0.93), word("Kranz", 0.35, 0.5)]).changed).toEqual([]);
    expect(mergeGermanReading(garbled, [word("Bäckerei", 0.1, 0.3, 0.93), word("Kranz", 0.35, 0.5)], false).changed).toEqual([]);
    expect(mergeGermanReading(english, [word("ALBA", 0.1, 0.3), word("SÄD", 0.35, 0.5)]).changed).toEqual([]);
    // Two German words over one English word, or a word off the English line's row: not this word.
    expect(mergeGermanReading([word("SUD", 0.35, 0.5)], [word("S", 0.35, 0.4), word("ÜD", 0.41, 0.5)]).changed).toEqual([]);
    expect(mergeGermanReading([word("SUD", 0.35, 0.5)], [{ text: "SÜD", confidence: 0.9, box: box(0.35, 0.5, 0.2, 0.22) }]).changed).toEqual([]);
  });

  it("says German on German till vocabulary or country evidence, not on Malaysian, Dutch or English text", () => {
    expect(germanEvidence(pageOf(GERMAN_RECEIPT).text)).toBe(true);
    expect(germanEvidence("Muller GmbH\nUSt-IdNr. DE123456789\nTotal 12,00")).toBe(true);
    expect(germanEvidence("Tel. +49 221 123456\nMuller")).toBe(true);
    expect(germanEvidence("Rechnung\nGesamtbetrag 12,00 EUR")).toBe(true);
    expect(germanEvidence(pageOf(MALAYSIAN_RECEIPT).text)).toBe(false);
    expect(germanEvidence("Factuur\nDatum 12-03-2024\nTotaal netto 10,00\nBTW 21%\nTotaal 12,10")).toBe(false);
    expect(germanEvidence("INVOICE\nSubtotal 10.00\nTotal 12.00\n90210 Beverly Hills")).toBe(false);
  });

  it("re-reads the name line of a German page with the German model and keeps its umlaut", async () => {
    const page = pageOf(GERMAN_RECEIPT, 0.96);
    expect(germanNameRegions(page).map((r) => r.line.words.map((w) => w.text).join(" "))).toEqual(["Moller Handels GmbH & Co. KG", "Moller"]);
    const calls: OcrRegionOptions[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, b, opts = {}) => {
        calls.push(opts);
        const text = opts.lang === "deu" ? "Möller" : "Moller";
        const r: OcrRegionResult = { text, confidence: 0.9, words: [{ text, confidence: 0.9, box: { ...b, y0: 0.02, y1: 0.04 } }] };
        return r;
      },
    };
    const { page: after, report } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(calls.map((c) => c.lang)).toEqual(["deu", "deu"]);
    // The legal line's one-word reading overlaps several English words: only the logo line changes.
    expect(report).toMatchObject({ german: 2, replaced: 1 });
    expect(after.text.split("\n")[0]).toBe("Möller");
    // Off by option; and a page that does not say German is never read with it.
    expect((await rereadKeyRegions(new Uint8Array(), page, reader, { germanNames: false })).page.text.split("\n")[0]).toBe("Moller");
    calls.length = 0;
    await rereadKeyRegions(new Uint8Array(), pageOf(MALAYSIAN_RECEIPT, 0.96), reader);
    expect(calls.filter((c) => c.lang === "deu")).toEqual([]);
  });
});

/** A German shop's head rendered like a receipt scan: the name with umlauts over an address line. */
function germanHead(): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="140"><rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-family="DejaVu Sans Mono, Liberation Mono, monospace" font-size="26" fill="#111">` +
    `<text x="20" y="50">Bäckerei Müller</text><text x="20" y="100">Kölner Straße 88</text></g></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

describe.each<OcrEngine>(["wasm", "native"])("the German model, %s engine", (engine) => {
  let pool: OcrPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });

  it.skipIf(engine === "native" && !hasTesseract)("reads a region's umlauts and ß, which the English model drops; pages stay English", async () => {
    pool = createOcrPool({ size: 1, engine });
    const image = new Uint8Array(await germanHead());
    const name = { x0: 0.03, y0: 0.2, x1: 0.6, y1: 0.42 };
    const street = { x0: 0.03, y0: 0.55, x1: 0.62, y1: 0.78 };
    const english = await pool.recognizeRegion(image, name, { padding: 0.1 });
    expect(english.text).not.toMatch(/[äöüß]/);
    expect((await pool.recognizeRegion(image, name, { padding: 0.1, lang: "deu" })).text).toBe("Bäckerei Müller");
    expect((await pool.recognizeRegion(image, street, { padding: 0.1, lang: "deu" })).text).toBe("Kölner Straße 88");
    // The worker switched back: a page is read with the English model again.
    expect((await pool.recognize(image)).text).not.toMatch(/[äöüß]/);
    await expect(pool.recognizeRegion(image, name, { lang: "fra" as never })).rejects.toThrow(RangeError);
  });
});

describe("a failed model switch", () => {
  it("fails the region as the engine's fault and replaces the worker, which reads English again", async () => {
    const create = Tesseract.createWorker.bind(Tesseract);
    let broken = 1;
    const spy = vi.spyOn(Tesseract, "createWorker").mockImplementation(async (...args: Parameters<typeof Tesseract.createWorker>) => {
      const worker = await create(...args);
      // The first worker cannot load the German model (a missing or damaged file).
      if (broken-- > 0) worker.reinitialize = () => Promise.reject(new Error("no deu.traineddata"));
      return worker;
    });
    const pool = createOcrPool({ size: 1 });
    try {
      const image = new Uint8Array(await germanHead());
      const name = { x0: 0.03, y0: 0.2, x1: 0.6, y1: 0.42 };
      const err = await pool.recognizeRegion(image, name, { padding: 0.1, lang: "deu" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/Could not switch the OCR model/);
      expect((await pool.recognize(image)).text).toMatch(/Kolner|Kélner|K.lner/);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
      await pool.close();
    }
  });
});
