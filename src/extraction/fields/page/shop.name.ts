/**
 * The merchant of a till receipt as a customer knows it. German shops print
 * the brand (often as a logo) and, beside it or in the footer, the company
 * that operates the outlet: "<Brand> Markt GmbH", "<Brand> Vertriebs-GmbH &
 * Co. KG", "<Brand> Dienstleistung GmbH & Co. oHG", or the franchisee, an
 * owner registered as a sole trader ("Markt Mustermann e.K.", "Max
 * Mustermann e.K.", "Inh. M. Mustermann"). The receipt's merchant is the brand: the operator's legal form
 * and its designation ("Markt", "Vertrieb", "Dienstleistung" …) are dropped,
 * and an owner's line is a weaker name than the brand printed above it.
 *
 * Only the German-law forms are read this way (GmbH, mbH, AG, KG, oHG, e.K.,
 * UG, "& Co."): under other laws the registered name is what a receipt's
 * letterhead prints as the shop's name ("… SDN BHD"), and it stays whole.
 */

/** A German legal form, or several ("GmbH & Co. oHG"), closing a name. */
const GERMAN_FORM_TAIL =
  /(?:[\s,+-]+|^)(?:(?:gmbh|mbh|ag|kg|ohg|e\.\s?k(?:fm)?\.?|e\.\s?kfr\.?|ug(?:\s*\(haftungsbeschr[äa]nkt\))?|[&+]\s*co\.?|u\.\s?co\.?|und\s+co\.?|(?:se|aps|stiftung)(?=\s*[&+]\s*co\b))(?![\p{L}\p{N}])[\s.,&+-]*)+$/iu;

/**
 * Words that name the operating business behind a brand ("Markt", "Vertriebs-", "Dienstleistung", "Holding" …),
 * also as the last part of a compound ("Lebensmittelfilialbetrieb", "Tankstellenbetrieb", "Handelsgesellschaft",
 * "Drogeriemärkte", "Filialbetriebe"), "-märkte" as OCR garbles its umlaut ("-médrkte") and "-betrieb" as OCR misreads
 * its last letter ("-betried", "-betriet"); the
 * country a chain's national company is named for ("<Brand> Deutschland Stiftung & Co. KG"); and the goods a trade's
 * operator is named for ("<Brand> Backwaren GmbH", "<Brand> Naturkost GmbH").
 */
const OPERATOR_WORD =
  /(?<![\p{L}])(?:markt|\p{L}*m(?:[äa]|\p{L}{2})rkte|dienstleistungs?|dienstleistungen|vertriebs?|vertriebsgesellschaft|handels?|filiale|filialen|einzelhandels?|warenhaus|warenhandels?|verwaltungs?|marken-discount|discount|supermarkt|regie|holding|\p{L}*betrie(?:[bdt]s?|be)|\p{L}*gesellschaft|deutschland|backwaren|naturkost)(?![\p{L}])/iu;

/** A sole trader's legal form ("e.K.", "e.Kfm.", "e.Kfr."): the firm is often just its owner's name. */
const SOLE_TRADER = /(?:^|[\s,])e\.\s?(?:k|kfm|kfr)\.?\s*$/iu;

/** Trades a firm names itself by ("Bäckerei Kranz e.K."): with one, the firm is the shop, not its owner. */
const GERMAN_TRADE =
  /(?<![\p{L}])(?:b[äa]cker|metzger|fleischer|konditor|apothek|drogerie|getr[äa]nke|kiosk|tankstelle|caf[ée]|buchhandl|blumen|reformhaus|feinkost|bioladen|hofladen|laden|shop|handel|markt|center|restaurant|imbiss|pizzeria|gastst[äa]tte)/iu;

/** A person's name: two or three capitalised words or initials ("Max Mustermann", "M. Muster-Frau"). */
const PERSON = /^(?:(?:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?|\p{Lu}\.)\s+){1,2}\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;

/** What a name says about the merchant of a receipt. */
export interface ShopName {
  /** The brand: the name without the operator's legal form and designation. */
  brand: string;
  /** True when the name is an owner's or franchisee's ("Markt Mustermann e.K.", "Inh. …"), not a brand. */
  owner: boolean;
}

/**
 * Reads a receipt issuer's name as the shop's brand (see the module comment).
 * Null when the name carries no German legal form: it is then kept as printed.
 */
export function shopName(name: string): ShopName | null {
  let text = name.replace(/\s+/g, " ").trim();
  // "<Brand> GmbH & Co. KG Weyhe": the seat's town printed after the legal form.
  const seat = /^(.*\S)\s+\p{Lu}\p{Ll}{2,}$/u.exec(text)?.[1];
  if (seat !== undefined && !GERMAN_FORM_TAIL.test(text) && GERMAN_FORM_TAIL.test(seat)) text = seat;
  // "Inh." ("Ink." as OCR may read it) or "Inhaber(in)": the owner's line.
  const inhaber = /^\W*in[hk](?:\.|aber(?:in)?\b)/iu.test(text);
  const tail = GERMAN_FORM_TAIL.exec(text);
  if (!tail && !inhaber) return null;
  const base = (tail ? text.slice(0, tail.index) : text).replace(/[\s,.&-]+$/u, "").trim();
  const op = OPERATOR_WORD.exec(base);
  // "Markt Mustermann e.K.", "Filiale Nord GmbH": the designation opens the name, what follows is an owner or place.
  const opensWithOperator = op !== null && op.index === 0;
  const brand = (op && !opensWithOperator ? base.slice(0, op.index) : base).replace(/[\s,.&-]+$/u, "").trim();
  // "Max Mustermann e.K.": a sole trader under a person's name is the outlet's owner (a franchisee), not its brand.
  const person = tail !== null && SOLE_TRADER.test(text) && PERSON.test(base) && !GERMAN_TRADE.test(base);
  // "Tankstellen-Betriebs GmbH": what is left is a trade's name, not a brand.
  const tradeOnly = new RegExp(`^(?:${GERMAN_TRADE.source})\\p{L}{0,3}$`, "iu").test(brand);
  const owner = inhaber || opensWithOperator || person || tradeOnly;
  if (brand.replace(/[^\p{L}]/gu, "").length < 2) return { brand: text, owner: true };
  return { brand, owner };
}

const OPERATOR_WORDS = new RegExp(OPERATOR_WORD.source, "giu");

/**
 * True for a line that holds nothing but a German legal form and the words
 * naming the kind of business ("Stiftung & Co. KG", "Holding GmbH & Co. KG",
 * "GmbH & Co. KG"): the end of an operator's name wrapped from the line above,
 * never a name of its own.
 */
export function operatorFormOnly(text: string): boolean {
  const t = text.replace(/\s+/g, " ").trim();
  const tail = GERMAN_FORM_TAIL.exec(t);
  if (!tail) return false;
  return t.slice(0, tail.index).replace(OPERATOR_WORDS, "").replace(/[^\p{L}]/gu, "") === "";
}
