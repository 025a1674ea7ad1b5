import { execFileSync } from "node:child_process";

/**
 * Whether the system's `tesseract` CLI (5.x, Debian's `tesseract-ocr`) is installed: the native OCR engine's
 * cases need it and are skipped, not failed, without it (the README's test command runs on a bare machine).
 */
export const hasTesseract: boolean = (() => {
  try {
    execFileSync("tesseract", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
