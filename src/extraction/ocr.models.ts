/**
 * The tesseract models Folio ships offline, one npm package each (`@tesseract.js-data/<lang>`, the
 * `4.0.0_best_int` LSTM model, gzipped). Both engines read the same files: the WASM pool from a copy of the
 * gzipped files (ocr.adapter.ts), the native CLI from an unpacked copy (ocr.native.ts).
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

/** A shipped model: `eng` reads every page; `deu` re-reads German names (umlauts, ß) the English model drops. */
export type OcrLanguage = "eng" | "deu";

/** Every model Folio ships. */
export const OCR_LANGUAGES: readonly OcrLanguage[] = ["eng", "deu"];

/** The package directory of one shipped model. */
export function modelPackageDir(lang: OcrLanguage): string {
  return dirname(createRequire(import.meta.url).resolve(`@tesseract.js-data/${lang}/package.json`));
}

/** How a model directory holds the models: gzipped for tesseract.js's `langPath`, unpacked for the CLI's `--tessdata-dir`. */
export type ModelForm = "gz" | "unpacked";

const modelDirs = new Map<ModelForm, Promise<string>>();

/**
 * One directory under the temp dir holding every shipped model in `form` (named by the packages' versions),
 * filled once per process: each model ships in its own package, and both tesseract.js and the CLI read every
 * language from one directory. A file already there (another process's copy) is kept.
 */
export function modelDirectory(form: ModelForm): Promise<string> {
  let dir = modelDirs.get(form);
  if (dir) return dir;
  dir = (async () => {
    const versions = await Promise.all(
      OCR_LANGUAGES.map(async (lang) => `${lang}-${(JSON.parse(await readFile(join(modelPackageDir(lang), "package.json"), "utf8")) as { version: string }).version}`),
    );
    const out = join(tmpdir(), `folio-tessdata-${form}-${versions.join("-")}-best_int`);
    await mkdir(out, { recursive: true });
    for (const lang of OCR_LANGUAGES) {
      const file = join(out, form === "gz" ? `${lang}.traineddata.gz` : `${lang}.traineddata`);
      if (await stat(file).then((s) => s.size > 0, () => false)) continue;
      const source = await readFile(join(modelPackageDir(lang), "4.0.0_best_int", `${lang}.traineddata.gz`));
      // Written under a unique name and renamed: several worker processes may fill the directory at once.
      const part = `${file}.${process.pid}.${Date.now()}.part`;
      await writeFile(part, form === "gz" ? source : gunzipSync(source));
      await rename(part, file);
    }
    return out;
  })();
  modelDirs.set(form, dir);
  dir.catch(() => modelDirs.delete(form));
  return dir;
}
