/**
 * Issuer candidates from a company's statutory mentions, which name the legal entity behind a document even where its
 * brand stands only as a logo: the French share-capital line ("EDF-SA au capital de 1 549 961 789,50 €", "Acme SAS au
 * capital social de 10 000 €"), the British trading-name notice ("British Gas is a trading name of British Gas
 * Trading Limited") and the receipt stub of a Brazilian DANFE ("RECEBEMOS DE … OS PRODUTOS").
 */
import type { PageModel } from "../../page/page.model.js";
import { LEGAL_FORM, LEGAL_FORM_ALL, SENDER_LINE_SEPARATOR } from "./labels.vocabulary.js";
import { linesOf } from "./page.layout.js";
import { notAName, type PartyCandidate } from "./parties.page.js";

/** The share-capital phrase that follows a French company's name and legal form ("… au capital (social) de 10 000 €"). */
const SHARE_CAPITAL = /[\s,]+(?:au|avec\s+un)\s+capital(?:\s+social)?\s+(?:de\s+)?\d/iu;

/** The notice that a brand is another company's trading name; the company follows it. */
const TRADING_NAME_OF = /\bis\s+(?:a|the)\s+(?:registered\s+)?trading\s+(?:name|style)\s+of\s+/iu;

/** Where a statutory line's segments part: a spaced dash, bullet or bar, a cell gap, a comma. */
const SEGMENT_BREAK = new RegExp(String.raw`${SENDER_LINE_SEPARATOR.source}|\t|[|•·]|,\s+`, "gu");

/**
 * Score of a statutory name: the registered entity the mention says issues the document, above a brand or a plain
 * name at the top and a footer name with its register data (see footerIssuers), just below a letterhead name with a
 * legal form.
 */
const STATUTORY_SCORE = 0.65;

/** A company name with a legal form and at least two letters besides it, which reads as a name. */
function isCompanyName(name: string): boolean {
  return LEGAL_FORM.test(name) && name.replace(LEGAL_FORM_ALL, "").replace(/[^\p{L}]/gu, "").length >= 2 && !notAName(name) && name.split(/\s+/).length <= 8;
}

/**
 * The company a share-capital phrase follows: the last segment before it, with the one before that where the last is
 * a legal form alone ("Société Acme, SARL au capital de …"). Start and value, or null.
 */
function beforeShareCapital(text: string): { at: number; name: string } | null {
  const m = SHARE_CAPITAL.exec(text);
  if (!m) return null;
  const head = text.slice(0, m.index);
  const breaks = [...head.matchAll(SEGMENT_BREAK)].map((b) => (b.index ?? 0) + b[0].length);
  for (const from of [breaks.at(-1) ?? 0, breaks.at(-2) ?? 0]) {
    const raw = head.slice(from);
    const name = raw.trim().replace(/[,;:\s]+$/u, "");
    if (isCompanyName(name)) return { at: from + raw.length - raw.trimStart().length, name };
    if (from === 0) break;
  }
  return null;
}

/** The company a trading-name notice names, up to its legal form. Start and value, or null. */
function afterTradingName(text: string): { at: number; name: string } | null {
  const m = TRADING_NAME_OF.exec(text);
  if (!m) return null;
  const at = m.index + m[0].length;
  const rest = text.slice(at).split(/\t|[.;,](?:\s|$)/u)[0] ?? "";
  const form = LEGAL_FORM.exec(rest);
  if (!form) return null;
  const name = rest.slice(0, form.index + form[0].length).trim();
  return isCompanyName(name) ? { at, name } : null;
}

/**
 * The receipt stub a Brazilian DANFE must carry, where the buyer signs for the goods: "RECEBEMOS DE B2W Companhia
 * Digital OS PRODUTOS E/OU SERVIÇOS CONSTANTES DA NOTA FISCAL ELETRÔNICA …". The one it names is the seller, company
 * or sole trader, so no legal form is asked for.
 */
const RECEIVED_FROM = /\brecebemos\s+de\s+(.+?)\s+os\s+(?:produtos|servi[çc]os|mercadorias)\b/iu;

/** The seller a DANFE's receipt stub names (see {@link RECEIVED_FROM}), or null. */
function receivedFrom(text: string): { at: number; name: string } | null {
  const m = RECEIVED_FROM.exec(text);
  const name = m?.[1]?.trim();
  if (!m || !name || name.split(/\s+/).length > 10 || name.replace(/[^\p{L}]/gu, "").length < 2 || notAName(name)) return null;
  return { at: m.index + m[0].indexOf(name, "recebemos de".length), name };
}

/**
 * Issuer candidates from each line of the page that carries a statutory mention (see {@link SHARE_CAPITAL},
 * {@link TRADING_NAME_OF}, {@link RECEIVED_FROM}). The first two name a registered company, so only a name with a
 * legal form counts there.
 */
export function statutoryIssuers(page: PageModel): PartyCandidate[] {
  const out: PartyCandidate[] = [];
  for (const l of linesOf(page)) {
    const text = page.text.slice(l.start, l.end);
    const found = beforeShareCapital(text) ?? afterTradingName(text) ?? receivedFrom(text);
    if (found) out.push({ name: "issuer", page: page.page, start: l.start + found.at, end: l.start + found.at + found.name.length, value: found.name, score: STATUTORY_SCORE });
  }
  return out;
}
