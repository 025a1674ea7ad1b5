/**
 * Drawing and dice shared by the invoice generators (invoices.gen.ts, invoices.saas.ts): a seeded generator, an A4
 * page's measures, a pen that transliterates what the standard fonts cannot encode.
 */
import { rgb, type PDFFont, type PDFPage } from "pdf-lib";

/** Park–Miller style generator, as the other generators of bench/ use (deterministic per seed). */
export function rng(seed: number): () => number {
  let s = (seed >>> 0) % 2147483647 || 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

export const W = 595.28;
export const H = 841.89;
export const LEFT = 50;
export const RIGHT = 545;

/** Draws and transliterates: every string goes through {@link Pen.safe} so the standard fonts can encode it. */
export class Pen {
  constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly charset: Set<number>,
  ) {}

  safe(s: string): string {
    return [...s]
      .map((c) => {
        if (this.charset.has(c.codePointAt(0) ?? 0)) return c;
        const plain = c.normalize("NFD").replace(/\p{M}/gu, "");
        if ([...plain].every((p) => this.charset.has(p.codePointAt(0) ?? 0))) return plain;
        return ({ "\u2019": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " " } as Record<string, string>)[c] ?? "?";
      })
      .join("");
  }

  width(s: string, size: number, bold = false): number {
    return (bold ? this.bold : this.regular).widthOfTextAtSize(this.safe(s), size);
  }

  /** Text with its baseline `top` points below the page's top edge. */
  text(p: PDFPage, s: string, x: number, top: number, size: number, bold = false): void {
    if (s === "") return;
    p.drawText(this.safe(s), { x, y: H - top, size, font: bold ? this.bold : this.regular, color: rgb(0.05, 0.05, 0.05) });
  }

  right(p: PDFPage, s: string, xr: number, top: number, size: number, bold = false): void {
    this.text(p, s, xr - this.width(s, size, bold), top, size, bold);
  }

  centre(p: PDFPage, s: string, xc: number, top: number, size: number, bold = false): void {
    this.text(p, s, xc - this.width(s, size, bold) / 2, top, size, bold);
  }

  rule(p: PDFPage, x0: number, x1: number, top: number, thickness = 0.5): void {
    p.drawLine({ start: { x: x0, y: H - top }, end: { x: x1, y: H - top }, thickness, color: rgb(0.4, 0.4, 0.4) });
  }
}

/** One generated invoice's random choices and helpers. */
export class Dice {
  constructor(readonly r: () => number) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.r() * (b - a + 1));
  }
  digits(n: number): string {
    return Array.from({ length: n }, (_, i) => String(i === 0 ? 1 + Math.floor(this.r() * 9) : Math.floor(this.r() * 10))).join("");
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.r() * (i + 1));
      [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
    }
    return xs;
  }
}

