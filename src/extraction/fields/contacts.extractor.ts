import { findPhoneNumbersInText } from "libphonenumber-js";
import type { ExtractedField } from "../extraction.types.js";
import { makeField } from "./text.js";
import type { ExtractorContext } from "./types.js";

const EMAIL = /(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])/g;

/** Common generic and country TLDs; a closed list keeps `D.I.Y.` or `No.2` from passing as domains. */
const TLDS =
  "com|net|org|info|biz|io|co|app|dev|shop|store|online|site|tech|cloud|eu|de|nl|fr|be|at|ch|it|es|pt|ie|uk|fi|se|no|dk|pl|cz|lu|my|sg|in|us|ca|au|nz|jp|cn|hk|id|th|ph|br|mx|za|ae|gov|edu";
const URL_RE = new RegExp(
  String.raw`(?<![\w@.-])(?:https?:\/\/[^\s<>"')]+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:\/[^\s<>"')]*)?|(?:[A-Za-z0-9-]+\.)+(?:${TLDS})(?![A-Za-z0-9-])(?:\/[^\s<>"')]*)?)`,
  "gi",
);

/** Lower-cases a URL's scheme and host (case-insensitive), keeping its path as written. */
export function normaliseUrl(raw: string): string {
  const m = /^(https?:\/\/)?([^/]+)(.*)$/i.exec(raw);
  if (!m) return raw;
  // Hosts are case-insensitive, paths are not.
  return `${(m[1] ?? "").toLowerCase()}${(m[2] ?? "").toLowerCase()}${m[3] ?? ""}`;
}

const PHONE_LABEL = /\b(?:tel(?:ephone|efon)?|phone|ph|mob(?:ile)?|cell|fax|hotline|téléphone|telefoon|call)\b\.?\s*(?:no\.?)?\s*[:.]?\s*$/i;

/**
 * Extracts `email`, `phone` and `url` candidates. Phones are found by
 * libphonenumber-js with the document's likely country (from currency, TLDs
 * or VAT prefixes) so national numbers like `07-3507405` resolve to E.164.
 */
export function extractContacts(page: string, pageNumber: number, ctx: ExtractorContext): ExtractedField[] {
  const out: ExtractedField[] = [];
  const emailSpans: [number, number][] = [];
  for (const m of page.matchAll(EMAIL)) {
    if (m.index === undefined) continue;
    emailSpans.push([m.index, m.index + m[0].length]);
    out.push(makeField("email", page, pageNumber, m.index, m.index + m[0].length, m[0].toLowerCase(), 0.95));
  }

  for (const m of page.matchAll(URL_RE)) {
    if (m.index === undefined) continue;
    const start = m.index;
    // Trailing sentence punctuation is not part of a URL.
    const raw = m[0].replace(/[.,;:!?]+$/, "");
    const end = start + raw.length;
    if (emailSpans.some(([s, e]) => start < e && end > s)) continue;
    const explicit = /^(?:https?:\/\/|www\.)/i.test(raw);
    out.push(makeField("url", page, pageNumber, start, end, normaliseUrl(raw), explicit ? 0.9 : 0.6));
  }

  const found = ctx.phoneCountry ? findPhoneNumbersInText(page, { defaultCountry: ctx.phoneCountry }) : findPhoneNumbersInText(page);
  for (const p of found) {
    const start = p.startsAt;
    const end = p.endsAt;
    if (emailSpans.some(([s, e]) => start < e && end > s)) continue;
    const raw = page.slice(start, end);
    // A number glued to digits before it is the tail of a longer one: a time stamp's seconds and fraction
    // ("05:07:31.809786"), a decimal, an amount.
    if (/\d[.:,]?$/.test(page.slice(Math.max(0, start - 2), start))) continue;
    // Long unbroken digit runs are account or document numbers far more often than phones.
    if (/^\d{11,}$/.test(raw) && !/\+/.test(raw)) continue;
    const labelled = PHONE_LABEL.test(page.slice(Math.max(0, start - 24), start));
    // Dates and bare digit runs (invoice, customer, company numbers) also parse as phones; demand a label for those.
    if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(raw)) continue;
    if (!labelled && /^\d+$/.test(raw)) continue;
    const valid = p.number.isValid();
    const conf = (labelled ? 0.85 : 0.4) + (valid ? 0.1 : -0.15) + (raw.startsWith("+") ? 0.04 : 0);
    out.push(makeField("phone", page, pageNumber, start, end, p.number.number, conf));
  }
  return out;
}
