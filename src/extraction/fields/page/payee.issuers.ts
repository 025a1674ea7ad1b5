/**
 * Issuer candidates from the remittance instructions: "Remit to:", "Please send all payments … to:", "Make checks
 * payable to:" name the party the buyer pays, which on an invoice is its issuer. Invoices printed from order portals
 * and billing systems often show only a logo at the top and the seller's name in the remittance slip at the foot.
 */
import type { PageModel } from "../../page/page.model.js";
import { LEGAL_FORM } from "./labels.vocabulary.js";
import { linesOf } from "./page.layout.js";
import { cleanPartyName, notAName, type PartyCandidate } from "./parties.page.js";

/**
 * A remittance phrase up to where the payee's name starts (English: the wordings US and UK billing systems print).
 * The German "Zahlungsempfänger" is left out: on a direct-debit mandate it names the payment processor collecting for
 * the seller, not the seller.
 */
const PAYEE_LABEL =
  /\b(?:remit(?:tance)?\s+(?:to(?:\s+address)?|address)|(?:send|mail|forward)\s+(?:all\s+)?(?:your\s+)?(?:payments?|checks?|cheques?)\b[^:\t\n]{0,40}?\bto|(?:make\s+)?(?:all\s+)?(?:checks?|cheques?|payments?)\s+(?:should\s+be\s+)?(?:made\s+)?payable\s+to|pay\s+to\s+the\s+order\s+of|payable\s+to(?=\s*:))\s*:?[^\S\t\n]*/iu;

/** Banks and lockboxes: the account a payee is paid through, never the payee. */
const BANK = /\b(?:\p{L}*bank|lockbox|sparkasse|iban|account|building\s+society|credit\s+union)\b/iu;

/**
 * Score of a payee name: as a footer name with a legal form (see footerIssuers), below a letterhead name with one;
 * above a heading or a line that only looks like a name.
 */
const PAYEE_SCORE = 0.5;

/**
 * A person's name as a payee is printed: two to four capitalised words ("Jack Murphy", "Rhys Evans-Hughes"). A sole
 * trader's invoice often prints its seller nowhere else: no letterhead, the name only where the buyer is told whom to
 * pay.
 */
const PERSON_NAME = /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3}$/u;

/**
 * Score of a person's name after a remittance phrase: below any company name with a legal form and any letterhead
 * (the person may own a trade name printed there), above a line that only looks like a name.
 */
const PERSON_PAYEE_SCORE = 0.45;

/**
 * The company named after a remittance phrase, on the phrase's row (up to the next column) or at the start of the row
 * under it, as an issuer candidate: a name with a legal form, or a person's name scored below any letterhead (it may be
 * the owner of a trade name printed elsewhere); a post-office box or a bank is no name.
 */
export function payeeIssuers(page: PageModel): PartyCandidate[] {
  const lines = linesOf(page).filter((l) => page.text.slice(l.start, l.end).trim() !== "");
  const out: PartyCandidate[] = [];
  lines.forEach((l, i) => {
    const text = page.text.slice(l.start, l.end);
    const m = PAYEE_LABEL.exec(text);
    if (!m) return;
    const after = l.start + m.index + m[0].length;
    const rest = page.text.slice(after, l.end).split("\t")[0] ?? "";
    const next = lines[i + 1];
    // The name on the phrase's row after it, else the first cell of the next row.
    const [start, raw] = rest.trim() !== "" ? [after, rest] : next ? [next.start, page.text.slice(next.start, next.end).split("\t")[0] ?? ""] : [after, ""];
    const lead = raw.length - raw.trimStart().length;
    const name = cleanPartyName(raw);
    if (BANK.test(name) || notAName(name) || name.split(/\s+/).length > 6) return;
    const score = LEGAL_FORM.test(name) ? PAYEE_SCORE : PERSON_NAME.test(name) ? PERSON_PAYEE_SCORE : null;
    if (score === null) return;
    out.push({ name: "issuer", page: page.page, start: start + lead, end: start + raw.trimEnd().length, value: name, score });
  });
  return out;
}
