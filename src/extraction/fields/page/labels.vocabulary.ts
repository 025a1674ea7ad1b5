/**
 * Label vocabularies, by the role of the value they introduce, in English,
 * Dutch, German, French, Spanish, Italian, Malay, Polish, Swedish and Turkish. Each is a regular
 * expression matched against one line of page text; the value is looked for
 * after the match (same row) or under it (the row below).
 *
 * Order inside an alternation matters: longer wordings come first so the label
 * span covers "Total TTC", not just "Total".
 */

/** Amount roles a receipt or invoice prints. */
/**
 * `previous_balance` is what earlier bills left owing, printed on this one ("Previous balance", "Vorsaldo"): part of
 * the amount payable (EN 16931's amount due, BT-115), no part of this document's total (its grand total, BT-112).
 */
/**
 * `prepaid` is what the buyer paid before this document ("Acompte", "Vorauszahlung", "Prepayment"): part of its total
 * (EN 16931's grand total, BT-112), taken off the amount payable (BT-113 prepaid amount, BT-115 amount due).
 */
export type AmountRole = "total" | "subtotal" | "tax" | "rounding" | "tendered" | "change" | "discount" | "previous_balance" | "prepaid";

/** A label for an amount and how strongly it names that role (0–1). */
export interface AmountLabel {
  role: AmountRole;
  re: RegExp;
  strength: number;
}

const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}])`;
const rx = (body: string): RegExp => new RegExp(`${B}(?:${body})${E}`, "iu");

/** Lines that carry a total-like word but count something else. */
export const NOT_AN_AMOUNT_LABEL = rx(
  String.raw`tot(?:al)?\.?\s*(?:qty|quantity|items?|item\(s\)|pcs|count|units?|weight|discount|savings?|saved|points?|tips?)|qty|quantity|item\s*count|no\.?\s*of\s*items|anzahl|aantal|articles?|artikel|jumlah\s+(?:item|barang|kuantiti|qty)|tax\s+invoice|(?:gst|vat|tax|btw|tva|ust|sst|iva)[\s./-]*(?:id|no|nr|number|reg\w*|code|registration|identification|summary|%?\s*rate)|gst\s+summary|summary|ust-?id\w*|steuer-?nr|steuernummer|invoice\s+total\s+qty|total\s+(?:savings|discount)`,
);

/**
 * The sum of an invoice's surcharges or allowances ("Gesamtbetrag der Zuschläge", "Gesamtbetrag der Abschläge",
 * "Total allowances"): a strong total word that names no amount payable, never a role amount.
 */
export const CHARGES_SUM_LABEL = rx(String.raw`(?:gesamtbetrag|summe|total)\s+(?:der\s+|of\s+)?(?:zuschl[äa]ge|abschl[äa]ge|allowances|charges)`);

/** Labels of a balance carried forward from earlier bills, in every language of the vocabulary (see AmountRole). */
export const PREVIOUS_BALANCE_LABEL = rx(
  String.raw`(?:previous|prior|last)\s+(?:statement\s+|bill\s+|invoice\s+|account\s+)?balance|balance\s+(?:brought\s+forward|b\/f|from\s+(?:previous|last)\s+(?:bill|invoice|statement))|opening\s+balance|outstanding\s+balance|arrears|vorsaldo|saldo\s*-?\s*vortrag|saldovortrag|alter\s+saldo|saldo\s+(?:aus\s+)?vor(?:rechnung|periode|monat)\p{L}*|ausstehende\s+forderung(?:en)?|offene\s+(?:forderung(?:en)?|zahlungen)|zahlungsr[üu]ckstand|r[üu]ckstand|solde\s+(?:ant[ée]rieur|pr[ée]c[ée]dent|report[ée])|arri[ée]r[ée]s|vorig(?:e)?\s+saldo|openstaand\s+saldo|saldo\s+vorige\s+\p{L}+|achterstand|saldo\s+(?:anterior|pendiente)|deuda\s+anterior|saldo\s+(?:precedente|pregresso)|arretrati|baki\s+(?:terdahulu|sebelum(?:nya)?)|tunggakan`,
);

/** Labels of an amount paid before this document, in every language of the vocabulary (see AmountRole). */
export const PREPAID_LABEL = rx(
  String.raw`acomptes?(?:\s+(?:vers[ée]s?|re[çc]us?|factur[ée]s?))?|d[ée]j[àa]\s+(?:pay[ée]e?s?|r[ée]gl[ée]e?s?|vers[ée]e?s?)|(?:montant\s+)?pr[ée]pay[ée]|pre-?paid\s+amount|prepayments?|pre-?paid|(?:amount\s+)?(?:already\s+paid|paid\s+in\s+advance)|advance\s+payments?|deposit\s+(?:paid|received)|vorauszahlung(?:en)?|anzahlung(?:en)?|bereits\s+(?:be)?zahlt(?:er\s+betrag)?|bereits\s+geleistete\s+zahlung(?:en)?|geleistete\s+(?:an|voraus)zahlung(?:en)?|vooruitbetaling|aanbetaling|reeds\s+betaald|anticipo|importe\s+anticipado|gi[àa]\s+pagato|bayaran\s+pendahuluan|deposit\s+dibayar`,
);

export const AMOUNT_LABELS: readonly AmountLabel[] = [
  // Totals: the amount payable.
  // The amount actually payable: these wordings beat every other total.
  { role: "total", strength: 0.95, re: rx(String.raw`grand\s*total|total\s+amount\s+(?:due|payable)|amount\s+(?:due|payable|to\s+pay)|balance\s+(?:due|payable)|due\s+payable|total\s+(?:due|payable|to\s+pay)|(?:total|net)\s+[àa]\s+payer|te\s+betalen|zu\s+zahlender?\s+(?:gesamt)?(?:betrag|beitrag|summe)|f[äa]lliger\s+betrag|zu\s+zahlen|total\s+a\s+pagar|totale\s+da\s+pagare|nett[oa]\s+a\s+pagare|jumlah\s+perlu\s+dibayar|(?:razem\s+)?do\s+zap[łl]aty|(?:summa|totalt|belopp)\s+att\s+betala|att\s+betala|(?:celkem\s+)?k\s+[úu]hrad[ěe]|(?:kop[āa]\s+|summa\s+)?apmaksai`) },
  // "TO PAY ₹ 10338.00" under "Total Amt" and "Round Off": a bare "To pay" standing as a cell of its own (at the start of
  // its row or after a column gap) before its amount is the amount payable.
  { role: "total", strength: 0.95, re: rx(String.raw`(?<=(?:^|[\t\u001f])[^\S\n\t\u001f]*)to\s+pay(?=[^\S\n\t\u001f]*:?[^\S\n\t\u001f]*(?:[\t\u001f]|[^\s\d\p{L}]{1,3}[^\S\n\t\u001f]*\d|\d))`) },
  // A till's closing row prints the tax, then the balance payable ("TAX .00 BAL 101.33"): "BAL" after a tax amount on
  // its row labels the total. A bare "Bal" ("End Bal $ 0.00" on a gift card's slip) is what a card has left, no total.
  { role: "total", strength: 0.9, re: rx(String.raw`(?:tax|gst|vat)[\t ]+[$£€]?\d*[.,]\d{2}[\t ]+bal(?:ance)?(?![\p{L}])`) },
  // "This Invoice £ 139.80" under "Total" and "VAT": what this invoice charges, at the start of its row before its amount.
  { role: "total", strength: 0.9, re: rx(String.raw`(?<=^[\s\W]*)this\s+invoice(?=[\s:]*(?:[\t\u001f]|[£$€₹]|\d))`) },
  { role: "total", strength: 0.9, re: rx(String.raw`(?:amount|total)\s+charged|invoice\s+total|total\s+invoice(?:\s+(?:amount|value))?|total\s+(?:incl(?:uding|usive|\.)?|inc\.?)\s*(?:of\s+)?(?:gst|vat|tax|sst|btw|mwst|tva|iva)?|total\s*[(<[]?\s*(?:gst|vat|tax|sst|btw|mwst|tva|iva)\s+incl(?:uded|usive|\.)?\s*[)>\]]?|total\s+(?:sales\s+)?\(?incl\w*\s*(?:gst|vat|tax)?\)?|rounded\s+total|total\s+rounded|total\s+after\s+(?:adj(?:ustment)?|round(?:ing)?)\.?|nett?\s+total|(?:total|montant)\s+(?:ttc|t\.\s?t\.\s?c\.?)|net\s+[àa]\s+payer|(?:somme|reste)\s+[àa]\s+payer|te\s+betalen|totaal\s+(?:incl\.?|inclusief)\s*(?:btw)?|totaalbedrag|bruttosumme|bruttobetrag|gesamtbetrag|rechnungs(?:end|gesamt)betrag|gesamtrechnungsbetrag|brutto-?rechnungsbetrag|(?:gesamt-?brutto|brutto-?gesamt)(?:betrag|summe)|gesamtendbetrag|endsumme|gross\s+(?:amount|total)|gesamtsumme|rechnungsbetrag|rechnungssumme(?!\s+(?:ohne|netto|exkl))|endbetrag|zu\s+zahlen|zahlbetrag|importe\s+total|total\s+(?:de\s+la\s+)?operaci[óo]n|total\s+(?:de\s+(?:la\s+)?)?factura(?![\p{L}])|total\s+da\s+fatura(?![\p{L}])|(?:gesamt|brutto)preis\s*\(?\s*(?:inkl\.?|inklusive)\s*(?:mwst|ust)\.?\s*\)?|total\s+a\s+pagar|totale\s+(?:da\s+pagare|fattura|documento|complessivo)|importo\s+totale|jumlah\s+(?:besar|keseluruhan|bersih|perlu\s+dibayar)|jumlah\s+(?:termasuk|selepas)\s+\w+|totalbelopp|(?:summa|totalt)\s+inkl\.?\s*moms|kop[āa]\s+ar\s+pvn`) },
  // Subtotals: before tax, or before rounding.
  { role: "subtotal", strength: 0.85, re: rx(String.raw`(?:total|totale|totaal|importe|importo|montant|\p{L}*summe|\p{L}*betrag|amount)\s+(?:sin|sans|senza|zonder|ohne|without)\s+(?:iva|tva|btw|mwst\.?|ust\.?|vat|tax|gst|steuer)|sub[\s-]*total|subtotaal|zwischensumme|total\s+(?:sales\s+)?\(?excl(?:uding|usive|\.)?\s*(?:of\s+)?(?:gst|vat|tax|sst|btw)?\)?|total\s+excl\w*|(?:amount|total)\s+(?:before|excluding|ex\.?)\s+(?:gst|vat|tax)|excl(?:uding|usive|uded|\.)?\s+(?:of\s+)?(?:gst|vat|tax|btw)|totaal\s+excl\w*|exclusief\s+btw|nettobetrag|netto(?:summe)?|summe\s+netto|(?:total|montant)\s+(?:ht|h\.\s?t\.?|hors\s+tax\p{L}*)|base\s+imponible|imponibile|totale\s+imponibile|net\s+amount|amount\s+untaxed|warto[śs][ćc]\s+netto|jumlah\s+kecil|jumlah\s+sebelum\s+\w+|belopp\s+f[öo]re\s+moms|(?:summa|totalt|belopp)\s+exkl\.?\s*moms|nettobelopp|(?:ar\s+pvn\s+(?:ne)?apliekam\p{L}*|kop[āa]\s+bez\s+pvn)(?:\s+summa)?`) },
  // A bare total word, after the subtotal wordings so "Total excl. VAT" is a subtotal.
  { role: "total", strength: 0.75, re: rx(String.raw`total\s+amount|total\s*\(\s*[a-z]{2,3}\s*\)|total\s*[a-z]{2,3}\s*:|(?<=^[\s\W]*)(?:amount\s+)?due|totaal|summe|gesamt|totale|jumlah|totalt|summa|ukupno(?!\s+(?:bez|pdv))|total`) },
  // A card terminal's slip under the receipt states the amount charged ("Betrag EUR 12,34"), printed at the row's start.
  { role: "total", strength: 0.7, re: rx(String.raw`(?<=^[\s\W]*)betrag`) },
  // Tax.
  { role: "tax", strength: 0.8, re: rx(String.raw`total\s+(?:gst|vat|tax|sst)|montant\s+(?:de\s+(?:la\s+)?)?tva|(?:importe|cuota)\s+(?:del?\s+)?iva|importo\s+(?:dell\x27\s*)?iva|btw[\s-]?bedrag|bedrag\s+btw|(?:gst|vat|sst)\s+(?:amount|payable|total)|tax\s+(?:amount|total)|sales\s+tax|service\s+tax|(?:umsatz|mehrwert)?steuerbetrag|(?:ust|mwst)\.?-?betrag|steuersumme|moms\s+totalt|momsbelopp|moms|umsatzsteuer|mehrwertsteuer|mwst\.?|ust\.?|steuer|btw|tva|t\.\s?v\.\s?a\.?|iva|cukai|gst|vat|sst|tax`) },
  // Rounding.
  { role: "rounding", strength: 0.85, re: rx(String.raw`round(?:ing)?\s*(?:adj(?:ustment|\.)?)?|rounding|pembundaran|penggenapan|rundung|afronding|arrondi|redondeo|arrotondamento`) },
  // Paid before this document (see AmountRole); before the money handed over, so "bereits bezahlt" is not a "bezahlt".
  { role: "prepaid", strength: 0.85, re: PREPAID_LABEL },
  // Money handed over.
  { role: "tendered", strength: 0.8, re: rx(String.raw`cash\s+tendered|tendered|amount\s+(?:paid|received|tendered)|paid\s+amount|cash|wang\s+(?:diterima|dibayar)|tunai|bayaran|gegeben|geg\.|bar(?:geld)?|bar\s+bezahlt|bezahlt|kartenzahlung|(?:ec|kredit|bank)[\s-]?karte|ec[\s-]?cash|girocard|maestro|v[\s-]?pay|contant|esp[èe]ces|efectivo|entregado|contant[ie]|importo\s+pagato|dinheiro|payment(?!\s+terms?\b)|paid|card|visa|master(?:card)?|credit\s+card|debit|kredit|pinpas|pinnen|gepind|pin|carte|tarjeta|carta`) },
  // Change given back.
  { role: "change", strength: 0.85, re: rx(String.raw`change\s+(?:due|given)|change|kembalian|wang\s+(?:dipulangkan|dikembalikan|baki)|baki|r(?:[üu]|ue)ckgeld|wechselgeld|zur(?:[üu]|ue)ck|wisselgeld|terug|[àa]\s+rendre|rendu|monnaie|cambio|vuelto|devoluci[óo]n|a\s+devolver|resto|troco`) },
  // A balance carried forward from earlier bills (see AmountRole). Not a bare "Saldo" or "offener Betrag" (what is left
  // of this bill after a payment), nor a page's carry-over ("Übertrag", "carried forward"), which sums this bill's items.
  { role: "previous_balance", strength: 0.85, re: PREVIOUS_BALANCE_LABEL },
  { role: "discount", strength: 0.7, re: rx(String.raw`total\s+discount|discount|diskaun|rabatt|korting|remise|descuento|sconto`) },
];

/** Identifier roles, kept apart by their labels. */
export type IdRole = "invoice_number" | "customer_number" | "order_number" | "reference";

/** A label for an identifier. */
export interface IdLabel {
  role: IdRole;
  re: RegExp;
  strength: number;
  /**
   * A document's own number under a generic name ("Belegnummer", "Document No."): on an invoice that labels no
   * invoice number it is the invoice number (see identifierCands).
   */
  documentNumber?: boolean;
  /** The document number counts on a receipt too, not only on an invoice. */
  anyDocument?: boolean;
}

// Joined to its title by a hyphen too ("Invoice-ID", "Invoice-No.", "Order-Nr."). "N0" is OCR's "No"; "n.º" the Spanish and Portuguese abbreviation; "N 2:", "N2:", "N.2:" a scan's "Nº:" (the raised o
// read as a 2, only before a colon). After "N°"/"nº" a colon or the line's end
// follows a sign, not a word character, so the word boundary is asked only after letters. "Fattura n. FT4255":
// an abbreviated "n." before a value with a digit, on its row or in the next column (a column gap is U+001F where
// labels are matched), or ending its cell over the value in the row below ("FATTURA N.⇥DATA" over "2024/0153⇥…").
const NO = String.raw`(?:\s+č\.\s?(?=\s*:?\s*\d)|(?:\s*|-\s?)(?:no|nr|nbr|num[ée]ro|n[uú]mero|num|number|nummer|n[°ºo0]|#|id)(?:\b|(?<=[°º]))\.?|\s*#|\s*n\.\s?[°º]\.?|\s+n[.\s]?2(?=\s*:)|\s+n\.(?=[\s\u001f]*:?[\s\u001f]*[\p{L}\d][\p{L}\d/.-]*\d|[^\S\n]*(?:\u001f|$))|\s+n(?=\s+#?[\p{L}\d][\p{L}\d/.-]*\d))`;

/**
 * A document type code in brackets between a title and its number label: the e-invoice viewers print the UNTDID
 * 1001 code ("Handelsrechnung (380) Nr. 471102", "Gutschrift (Selbst ausgestellte Rechnung) (389) Nr."), once
 * with a qualifying word before it ("Schlussrechnung Bau (877) Nr.").
 */
const TYPE_CODE = String.raw`(?:(?:\s+\p{L}{2,})?\s*\(\s*\d{3}\s*\))?`;

/**
 * An invoice's title word, one per language: "Invoice", a German "…rechnung" compound ("Handelsrechnung"), "Factuur",
 * "Facture", "Factura", "Fattura", "Fatura" (PT, TR), "Faktura" (PL, CS, Nordic), the Malay "Invois". Every label
 * built on the title starts from this list, so a language added here is known to all of them.
 */
const TITLE_WORD = String.raw`(?:invoice|\p{L}*rechnung|factuur|facture|factura|fattura|fatura|faktura|invois|da[ňn]ov[ýy]\s+doklad)`;

/** Title words of a correcting document numbered in its seller's invoice sequence (a credit note, a correction). */
const CORRECTION_TITLE = String.raw`(?:rechnungskorrektur|gutschrift|avoir)`;

// A credit note is numbered in its seller's invoice sequence: "Credit note No." (as "Gutschrift Nr.", "Avoir n°") labels
// the document's own number.
// A hyphenated compound label may come with a space after its hyphen ("Rechnungs- Nr."): a scan's OCR spaces it off.
// It loses the dot of "N. fattura" too, and may set a column gap after the "N" ("N⇥fattura").
// "Invoice Serial #", "Invoice Serial No.": India's GST rules call an invoice's number its serial number.
export const ID_LABELS: readonly IdLabel[] = [
  { role: "invoice_number", strength: 0.92, re: rx(
    String.raw`(?:(?:tax\s+)?invoice|\p{L}*rechnung(?:\s+d(?:es|er)\s+\p{L}+)?\)?|faktura(?:\s+vat)?|${TITLE_WORD}|${CORRECTION_TITLE})${TYPE_CODE}${NO}|nota\s+fiscal${NO}|nota(?=\s*:\s*[\d.]+\s+s[ée]rie\b)|inv\.?${NO}|invoice\s+(?:reference|ref)|invoice\s+serial${NO}|rechnungs?(?:-\s?)?(?:nr|nummer)\.?|(?:rechn|rg)\.?-?\s?nr\.?|re(?:\.-?|-)\s?nr\.?|n(?:r|um)?(?:\.\s?|[\s\u001f]+)(?:di\s+)?fattura|factuur(?:nummer|nr)\.?|n[°º]\s*(?:de\s+)?facture|num[ée]ro\s+de\s+(?:la\s+)?facture|n[°ºo]\.?\s*(?:de\s+)?factura|n[uú]mero\s+de\s+factura|numero\s+(?:della\s+)?fattura|r[ēe][ķk]ina${NO}|no\.?\s+invois|(?:nombor|nomb?\.|num\.)\s+invois|(?:no\.?|nombor)\s+bil|n[uú]m\.?\s+(?:de\s+)?factura|bill${NO}|credit\s*note${TYPE_CODE}${NO}|creditnota${NO}|creditnota(?:nummer|nr)\.?|note\s+de\s+cr[ée]dit${NO}|nota\s+(?:de\s+)?cr[ée]dito${NO}|nota\s+di\s+credito${NO}|numer\s+faktury|[čc][íi]slo\s+fakt[uú]ry|fatura\s+numaras[ıi]|` +
      // The title in its own cell and the number label in the next, a colon after it ("FAKTURA⇥Nr: 110/06/2025").
      String.raw`${TITLE_WORD}\u001f\s*(?:no|nr|n[°º]|#)\.?(?=\s*:)`) },
  // The Dominican NCF (Número de Comprobante Fiscal), the fiscal number every Dominican invoice and bill prints as its
  // own ("NCF B0241461604", "e-NCF: E310000000001"): a series letter and digits. Not the NCF's expiry date under the
  // same word ("Fecha Vencimiento NCF: 31/12/2023").
  { role: "invoice_number", strength: 0.92, re: rx(String.raw`(?:e-?)?ncf(?=[\s:\u001f]*[BE]\d{8,12}(?![\p{L}\d]))`) },
  // The document's title word right before its number ("Invoice: INV-7", "Rechnung 2024-0117", "Invoice UZH-ZI-5",
  // a prefix of up to three letter groups before the digits): a little weaker.
  // Also the title word alone in a header cell with the number in the next cell ("Invoice⇥89973", a column of label
  // cells "Invoice", "Invoice Date:", "Account No:" beside the customer's address): a column gap is U+001F here.
  { role: "invoice_number", strength: 0.85, re: rx(String.raw`(?:${TITLE_WORD}|${CORRECTION_TITLE})(?=\s*:|\s+#?(?:[A-Z]{1,5}[-/.]?){0,3}\d)|(?<=(?:^|\u001f)\s*)${TITLE_WORD}(?=\s*\u001f\s*#?\s*(?:[A-Z]{1,5}[-/.]?){0,3}\d)`) },
  { role: "customer_number", strength: 0.9, re: rx(String.raw`customer${NO}|cust\.?${NO}|kd\.?(?:-\s?)?nr\.?|(?:no\.?|nombor)\s+akaun|customer\s+(?:account|id)|account${NO}|client${NO}|klantnummer|klant${NO}|debiteurnummer|kundennummer|kunden(?:-\s?)?nr\.?|kunde${NO}|num[ée]ro\s+(?:de\s+)?client|n[°º]\s*client|n[uú]mero\s+de\s+cliente|n[°º]\.?\s*(?:de\s+)?cliente|c[óo]d(?:igo|\.)?\s+(?:de\s+)?cliente|cliente${NO}|cod(?:ice|\.)?\s+cliente|code\s+client|r[ée]f(?:[ée]rence|\.)?\s+client|relatienummer|klantnr\.?|debiteur(?:en)?nr\.?|debitor(?:en)?(?:-\s?)?(?:nummer|nr)\.?|member${NO}|(?:no\.?|nombor)\s+pelanggan|kod\s+pelanggan|pelanggan${NO}`) },
  { role: "order_number", strength: 0.88, re: rx(String.raw`(?:purchase\s+)?order${NO}|order\s+(?:ref(?:erence)?|id)|sales\s+order(?:${NO})?|ord\.?\s*#|p\.?o\.?${NO}|purchase\s+order|ordernummer|bestelnummer|bestell(?:-\s?)?(?:nummer|nr)\.?|auftrags?(?:-\s?)?(?:nummer|nr)\.?|commande${NO}|n[°º]\.?\s*(?:de\s+)?commande|bon\s+de\s+commande|votre\s+commande|pedido${NO}|(?:su|s\/|vuestro)\s+pedido|n[uú]mero\s+de\s+pedido|n[°º]\.?\s*(?:de\s+)?pedido|ordine${NO}|rif(?:erimento|\.)?\s+(?:ordine|ord\.)|numero\s+(?:d(?:ell)?'?\s*)?ordine|(?:no\.?|nombor)\s+pesanan|ordernr\.?|bestelnr\.?`) },
  // A document's number by a generic name: a reference, and on an invoice without an invoice-number label its number.
  { role: "reference", strength: 0.75, documentNumber: true, re: rx(String.raw`(?:doc(?:ument)?|belegs?|dokument|documento)${NO}|num[ée]ro\s+(?:de\s+|du\s+)?document|n[uú]mero\s+(?:de\s+|del\s+)?documento|belegs?(?:-\s?)?(?:nummer|nr)\.?|dokument(?:-\s?)?(?:nummer|nr)\.?`) },
  // A receipt's own number ("Receipt #", "Receipt number"): on a receipt or invoice that labels no invoice number,
  // its number (an online receipt may print only this).
  { role: "reference", strength: 0.75, documentNumber: true, anyDocument: true, re: rx(String.raw`receipt${NO}|receipt\s*#|receipt\s+number|bon(?:-\s?)?(?:nummer|nr)\.?|bonnr\.?|kassenbon${NO}|ticket${NO}|scontrino${NO}|numero\s+scontrino|(?:no\.?|nombor)\s+resit|resit${NO}`) },
  { role: "reference", strength: 0.75, re: rx(String.raw`(?:doc(?:ument)?|transaction|trans|txn|ref(?:erence)?|slip|cash\s+bill|c\/n|belegs?|bon|ticket)${NO}|ref(?:erence)?\.?|your\s+ref(?:erence)?|unser\s+zeichen|ihr\s+zeichen|kenmerk|betalingskenmerk|(?:uw|onze)\s+referentie|referentie|referenz|r[ée]f[ée]rence|referencia|riferimento|rif\.|rujukan|(?:no\.?|nombor)\s+rujukan`) },
];

/**
 * What an e-invoicing regime or the law adds to a title after it: "Factura electrónica", "Factura cambiaria", "Faktura
 * VAT" (a Polish VAT invoice's title).
 */
const TITLE_QUALIFIER = String.raw`(?:vat|electr[oó]nica|electronic|elettronica|[ée]lectronique|eletr[ôo]nica|elektroniczna|elektronische?|cambiaria|comercial)`;

/**
 * The document's title alone on its row or in its cell ("INVOICE", "Tax Invoice", "Rechnung", "FACTURA CAMBIARIA
 * ELECTRÓNICA"): an online generator prints the number on the row below it after a number sign ("# 0000000000001",
 * "No. 2024-117"), a fiscal e-invoice a few rows down its column, under the series ("Serie: ABCD1234" / "No.:
 * 123456789"). Only a value so introduced is the invoice's number (see {@link NUMBER_SIGN}): under a title stand
 * addresses and phone numbers too. Tested on one cell of a row (the text between tab stops).
 */
export const TITLE_ALONE = rx(String.raw`^\s*(?:tax\s+)?${TITLE_WORD}(?:\s+${TITLE_QUALIFIER}){0,2}\s*$`);

/** A number sign opening a value: "#", "No.", "Nr.", "N°", and "nr" without its dot before a digit (Polish "nr 2/15"). */
export const NUMBER_SIGN = /^\s*(?:#|n[or]\.|n[°º]|nr(?=\s+\d))/iu;

/**
 * A bare number label at the start of a row or column ("Nummer:", "Number", "Numéro" over its value), or a bare
 * number sign opening a cell right before a number ("n° 875", "N° 26 614 600 353", "N°: 001-001-0000020"): on an
 * invoice whose number has no other label, the invoice's number; weaker than every named label. Only the sign with a
 * degree or ordinal mark: "No. 12" opens many a street address ("No. 12, Jalan …"), and a named label that starts
 * with the sign ("N° client", "N° de compte") takes its span first.
 */
export const BARE_NUMBER_LABEL: IdLabel = {
  role: "invoice_number",
  strength: 0.6,
  re: rx(String.raw`(?<=(?:^|\u001f)\s*)(?:(?:nummer|number|num[ée]ro|n[uú]mero)(?=\s*[:#]|\s*\u001f|\s*$)|n[°º]\.?(?=\s*:?\s*(?:[A-Z]{1,5}[-/.]?){0,3}\d))`),
};

/**
 * Date roles, kept apart by their labels. Two are read only so that no other label takes their dates for the
 * document's: `related_invoice_date`, the date of the invoice a credit note or corrected invoice refers to (an earlier
 * document's), and `service_period`, the first or last day of the service billed (when the work was done).
 */
export type DateRole = "document_date" | "due_date" | "order_date" | "delivery_date" | "related_invoice_date" | "service_period";

/** Roles whose dates are no date of the document (see {@link DateRole}). */
export const NOT_THE_DOCUMENTS_DATE: ReadonlySet<DateRole> = new Set(["related_invoice_date", "service_period"]);

/**
 * The joint of a German compound label, which may be written with a hyphen (`Beleg-Datum`, `Leistungs-Datum`,
 * `Fälligkeits-Datum`): without it the bare `Datum` after the hyphen would be read as the document's own date label.
 */
const H = String.raw`(?:-\s?)?`;

export const DATE_LABELS: readonly { role: DateRole; re: RegExp; strength: number }[] = [
  // First, so that the "invoice date" inside it ("Date de facture associée", "Original invoice date") is not matched.
  { role: "related_invoice_date", strength: 0.95, re: rx(String.raw`(?:original|related|associated|referenced|corrected|preceding|previous|prior)\s+invoice\s+date|date\s+of\s+(?:the\s+)?(?:original|related|associated|corrected|preceding|previous)\s+invoice|date\s+de\s+(?:la\s+)?facture\s+(?:associ[ée]e|d'origine|initiale|originale|rectifi[ée]e|pr[ée]c[ée]dente|de\s+r[ée]f[ée]rence)|(?:ursprungs${H}|urspr[üu]ngliches\s+)rechnungs${H}datum|datum\s+der\s+(?:ursprungs|urspr[üu]nglichen\s+|korrigierten\s+|berichtigten\s+)rechnung|fecha\s+(?:de\s+)?(?:la\s+)?factura\s+(?:original|rectificada|de\s+origen)|data\s+(?:della\s+)?fattura\s+(?:originale|di\s+riferimento|rettificata)|(?:oorspronkelijke|originele)\s+factuurdatum|datum\s+(?:van\s+de\s+)?(?:oorspronkelijke|originele)\s+factuur`) },
  { role: "service_period", strength: 0.9, re: rx(String.raw`(?:start|end|begin(?:ning)?)\s+of\s+(?:the\s+)?(?:service|period|billing\s+period)|(?:service|billing\s+period|period)\s+(?:start|end)(?:\s+date)?|(?:start|end|from|to)\s+date|date\s+de\s+(?:d[ée]but|fin)\s+de\s+(?:la\s+)?(?:prestation|p[ée]riode|service|contrat)|leistungs(?:beginn|ende)|(?:beginn|ende)\s+des\s+leistungszeitraums|fecha\s+de\s+(?:inicio|fin)(?:\s+del?\s+(?:servicio|per[íi]odo))?|data\s+(?:di\s+)?(?:inizio|fine)(?:\s+(?:del\s+)?(?:servizio|periodo))?|(?:begin|eind|start)datum|(?:begin|einde)\s+(?:van\s+de\s+)?periode|(?:next|last|previous|prior)\s+(?:meter\s+)?read(?:ing)?\s+dates?|(?:meter\s+)?read(?:ing)?\s+dates?|next\s+(?:bill(?:ing)?|statement|invoice)\s+date`) },
  { role: "due_date", strength: 0.9, re: rx(String.raw`due\s+date|date\s+due|payment\s+due|due\s+(?:on|by)|pay(?:able)?\s+(?:by|before)|f[äa]llig(?:keits${H}datum|\s+am)?|zahlbar\s+bis|zahlungsziel|vervaldatum|vervaldag|uiterste\s+betaaldatum|(?:uiterlijk\s+)?betalen\s+v[oó][oó]r|date\s+d'[ée]ch[ée]ance|[ée]ch[ée]ance|date\s+limite(?:\s+de\s+(?:paiement|r[èe]glement))?|fecha\s+de\s+vencimiento|vencimiento|[àa]\s+payer\s+avant(?:\s+le)?|fecha\s+(?:l[íi]mite\s+de\s+pago|de\s+pago)|pagar\s+antes\s+de(?:l)?|data\s+(?:di\s+)?scadenza|scadenza|tarikh\s+(?:akhir|tamat|matang)(?:\s+(?:bayaran|pembayaran))?|tarikh\s+perlu\s+dibayar|termin\s+p[łl]atno[śs]ci`) },
  { role: "order_date", strength: 0.88, re: rx(String.raw`order\s+date|(?:bestellung|auftrag)\s+vom|date\s+of\s+order|ordered\s+on|orderdatum|besteldatum|bestell${H}datum|auftrags?${H}datum|date\s+de\s+(?:la\s+)?commande|fecha\s+(?:del?\s+)?pedido|data\s+(?:dell'?)?ordine|tarikh\s+pesanan`) },
  { role: "delivery_date", strength: 0.88, re: rx(String.raw`deliver(?:y|ed)\s+date|(?:supply|dispatch|despatch)\s+date|liefer${H}termin|date\s+of\s+(?:delivery|supply)|ship(?:ping|ped)?\s+date|(?:af)?leverdatum|(?:af)?leveringsdatum|liefer(?:schein)?${H}datum|leistungs${H}datum|date\s+de\s+livraison|fecha\s+de\s+entrega|data\s+(?:di\s+)?consegna|tarikh\s+penghantaran|data\s+(?:sprzeda[żz]y|dostawy)`) },
  { role: "document_date", strength: 0.95, re: rx(String.raw`invoice\s+date|statement\s+date|date\s+of\s+statement|date\s+of\s+(?:invoice|issue)|inv\.?\s*date|bill\s+date|receipt\s+date|issue\s+date|issued(?:\s+on)?|document\s+date|tax\s+point|rechnungs${H}datum|beleg${H}datum|ausstellungs${H}datum|ausgestellt\s+am|erstellungs${H}datum|datum\s+der\s+rechnung|factuurdatum|uitgiftedatum|date\s+d'[ée]mission|fecha\s+de\s+expedici[óo]n|data\s+(?:di\s+)?emissione|date\s+de\s+(?:la\s+)?facture|fecha\s+(?:de\s+(?:la\s+)?)?factura|fecha\s+(?:de\s+)?emisi[óo]n|data\s+(?:della\s+)?fattura|tarikh\s+invois|data\s+wystawienia|(?:fatura|d[üu]zenle(?:n?me))\s+tarihi|data\s+(?:de\s+)?emiss[ãa]o`) },
  // Portuguese bills print the issue date under a bare "Emissão:" ("Número: 0220041453  Emissão: 16/09/2025").
  { role: "document_date", strength: 0.9, re: rx(String.raw`emiss[ãa]o`) },
  // The title line names the document's number and date together: "Handelsrechnung Nr. 471102 vom 05.03.2018",
  // "Invoice No. 42 dated 3 May 2024", "Facture n° F-12 du 03/05/2024".
  { role: "document_date", strength: 0.9, re: rx(String.raw`(?:\p{L}*rechnung(?:\s+d(?:es|er)\s+\p{L}+)?\)?|rechnungskorrektur|gutschrift)${TYPE_CODE}${NO}\s*:?\s*[\p{L}\d][\p{L}\d/.-]*\s+vom|(?:invoice|factuur|facture|factura|fattura|avoir)${TYPE_CODE}${NO}\s*:?\s*[\p{L}\d][\p{L}\d/.-]*\s+(?:dated|of|du|van|del)`) },
  { role: "document_date", strength: 0.8, re: rx(String.raw`date|dated|datum|fecha|data|tarikh|tgl`) },
];

/**
 * A title line that ends with the document's number ("Gutschrift (Selbst ausgestellte Rechnung) Nr. 47110818"): when
 * the next row opens with "vom 31.10.2018" / "dated 3 May 2024", the title wrapped before its date (see
 * {@link TITLE_DATE_PREPOSITION}).
 */
export const TITLE_NUMBER_ENDS_ROW = rx(
  String.raw`(?:\p{L}*rechnung(?:\s+d(?:es|er)\s+\p{L}+)?\)?|${TITLE_WORD}|${CORRECTION_TITLE})${TYPE_CODE}${NO}\s*:?\s*[\p{L}\d][\p{L}\d/.-]*\d[\p{L}\d/.-]*\s*$`,
);

/** The preposition that opens a wrapped title's date row ("vom", "dated", "du", "van", "del"). */
export const TITLE_DATE_PREPOSITION = /^\s*(?:vom|dated|du|van|del)\s+(?=\d)/iu;

/** Bare party words that head an address block: the recipient's (`To`, `Aan`, `An`, `À`, `Para`) and the issuer's. */
const BARE_RECIPIENT = "to|aan|an|à|para";
/** The issuer's bare party words (see {@link BARE_RECIPIENT}). */
export const BARE_ISSUER = "from|von|de|van|da|daripada";
const BARE_CELL = String.raw`\s*(?:${BARE_RECIPIENT}|${BARE_ISSUER})\s*:?\s*`;
/** {@link BARE_CELL} with its colon. */
const BARE_CELL_COLON = String.raw`[^\S\t]*(?:${BARE_RECIPIENT}|${BARE_ISSUER})[^\S\t]*:[^\S\t]*`;
/**
 * A bare party word heading its own cell on a row of two or more such headings and nothing else (`To⇥From`,
 * `À⇥De`, a colon allowed): the headings of address blocks printed side by side. Inside a sentence ("from 1 May to
 * 31 May", "de la société"), beside other text (an OCR'd row of specks) or alone on a row (a speck read `de`) they
 * are no labels — unless each has its colon and other cells follow them (see below).
 */
const cell = (words: string): string =>
  String.raw`(?<=^(?:${BARE_CELL}\t)+\s*)(?:${words})(?=\s*:?\s*(?:\t${BARE_CELL})*$)|(?<=^\s*)(?:${words})(?=\s*:?\s*(?:\t${BARE_CELL})+$)` +
  // Headings written with their colons may open a row that goes on with another block's cells ("To:⇥From:⇥Invoice
  // Number⇥598527": the document's details printed right of the two address blocks).
  String.raw`|(?<=^(?:${BARE_CELL_COLON}\t)+\s*)(?:${words})(?=\s*:(?:\t${BARE_CELL_COLON})*\t\s*\p{L}{3,}[^\n]*$)|(?<=^\s*)(?:${words})(?=\s*:(?:\t${BARE_CELL_COLON})+\t\s*\p{L}{3,}[^\n]*$)`;
/** A row of two or more bare party headings and nothing else (see {@link cell}). */
export const PARTY_HEADING_ROW = new RegExp(String.raw`^${BARE_CELL}(?:\t${BARE_CELL})+$`, "iu");

/**
 * Labels that introduce the recipient (bill-to party). A bare `To:` is one, but not in `Remit to:` / `Pay to:` /
 * `Payable to:`: those name the payee, the issuer. Without the colon only as a cell of its own ({@link cell}).
 * The German "Auftraggeber" (who placed the order, beside "Rechnungsempfänger" on online services' invoices) is the
 * customer; the contractor who issues the invoice is the "Auftragnehmer".
 */
/**
 * Heading of a seller's tax representative (EN 16931's BG-11: "Représentant fiscal", "Fiscal representative",
 * "Fiskalvertreter"): the party that declares the seller's VAT in the buyer's country; its tax id is not the seller's.
 */
export const TAX_REPRESENTATIVE_LABEL = rx(
  String.raw`(?:repr[ée]sentant|mandataire)\s+fiscal|(?:fiscal|tax|vat)\s+representative|fiskalvertret\p{L}*|(?:umsatz)?steuer(?:licher)?\s*vertret\p{L}*|rappresentante\s+fiscale|representante\s+fiscal|fiscaal\s+vertegenwoordiger`,
);

export const RECIPIENT_LABEL = rx(
  cell(BARE_RECIPIENT) +
    "|" +
    String.raw`bill(?:ed)?\s+to(?:\s+address)?|invoice(?:d)?\s+to|sold\s+to|buyer|k[äa]ufer|leistungsempf[äa]nger|acheteur|koper|comprador|acquirente|pembeli|customer(?:\s+name)?|billing\s+address|rechnungsempf[äa]nger|rechnungsadresse|auftraggeber(?!\s*-?\s*(?:nr|nummer)\b)|empf[äa]nger|kunde|factur[ée]\s+[àa]|destinataire|adresse\s+de\s+facturation|client|klant|factuur\s+aan|factuuradres|afnemer|facturar\s+a|cliente|destinat[áa]rio|fatturare\s+a|intestatario|spett(?:\.\s*le|abile)|messrs\.?|kepada(?:\s+pelanggan)?|pelanggan|ship(?:ped)?\s+to|deliver(?:y|ed)?\s+to|nabywca|odbiorca|odb[ěe]ratel|odberate[lľ]|(?<!(?:remit|pay(?:able)?|payment|send)\s+)(?:to|aan|an|[àa])(?=\s*:)`,
);

/** A page counter ("Page 1 of 2", "Seite 1 von 3", "Folio 1 de 1", "Pagina 2 di 4", "Strona 1 z 2", "Page 1/2"). */
export const PAGE_COUNTER = /(?<![\p{L}])(?:page|pg\.?|seite|blatt|p[aá]gina|p[aá]g\.?|folio|feuillet|blad|sida|strona|strana)\s*\d{1,4}\s*(?:of|von|de|di|van|av|z|ze|sur|\/)\s*\d{1,4}(?!\d)/iu;

/**
 * An item row of a receipt: words, a column gap, a price ending the row, perhaps with its tax code ("Grape
 * Tomatoes⇥1.49 F3", "Milch⇥1,19 A"), or a count before the article ("1 x⇥Mushroom Burger", "2x Latte"). The rows
 * from the first one on are the item list: no merchant name is printed there.
 */
export const ITEM_ROW = /^\s*\p{L}[\p{L}\s.'&/-]*\p{L}\t(?:[^\t]*\t)?\s*-?\d{1,6}[.,]\d{2}(?:\s?[A-Z]\d?|\s?\*)?\s*$|^\s*\d{1,3}\s?[xX×]\s+\p{L}/u;

/**
 * Where a sender line ("Acme AG - Hauptstr. 1 - 12345 Berlin", "Acme GmbH · Hauptstr. 1 · 12345 Berlin") turns from
 * the name to the address: a hyphen, en dash, middle dot, bullet or bar set apart by spaces.
 */
export const SENDER_LINE_SEPARATOR = /\s+[-–·•|]\s+/;

/** Labels that introduce the issuer (seller); a bare `From` / `Von` / `De` / `Van` only as a cell of its own ({@link cell}). */
export const ISSUER_LABEL = rx(
  cell(BARE_ISSUER) +
    "|" +
    String.raw`seller|sold\s+by|vendido\s+por|venduto\s+da|verkauft\s+(?:von|durch)|vendu\s+par|verkocht\s+door|vendor|supplier|service\s+provider|issued\s+by|bill\s+from|merchant|verk[äa]ufer|lieferant|rechnungssteller|vendeur|fournisseur|leverancier|verkoper|proveedor|vendedor|fornitore|venditore|penjual|pembekal|sprzedawca|wystawca|dod[áa]vate[lľ]|aussteller(?:in)?(?![\p{L}-])|absender(?![\p{L}-])|(?:identifica[çc][ãa]o\s+do\s+)?emitente`,
);

/**
 * Legal-form suffixes that mark a line as a company name. The strong ones
 * (a registered company form) weigh more than trade words ("Trading", "Store").
 */
export const LEGAL_FORM = rx(
  // Written out, as some invoices print them ("Lachona, Sociedad Anónima", "Muster Aktiengesellschaft").
  String.raw`sociedad(?:e)?\s+an[oó]nima|sociedad\s+limitada|soci[eé]t[eé]\s+anonyme|societ[aà]\s+per\s+azioni|aktiengesellschaft|gesellschaft\s+mit\s+beschr[äa]nkter\s+haftung|besloten\s+vennootschap|naamloze\s+vennootschap|` +
    // Turkish: "Limited Şirketi" (Ltd. Şti.), "Anonim Şirketi" (A.Ş.), in capitals with a dotted İ that case-folding
    // does not match to "i".
    String.raw`l[iİı]m[iİı]ted\s+[şŞ][iİı]rket[iİı]|anon[iİı]m\s+[şŞ][iİı]rket[iİı]|ltd\.?\s*[şŞ]t[iİı]\.?|a\.\s?[şŞ]\.?|` +
    String.raw`sdn\.?\s*bhd\.?|s\/b|bhd\.?|berhad|b\.\s?v\.?|bv|n\.\s?v\.?|gmbh|ag|kg|ohg|ug\s*\(haftungsbeschr[äa]nkt\)|ug|e\.\s?k\.?|a\.\s?g\.|ltd\.?|limited|llc|llp|plc|inc(?!\.?\s*of\s+(?:\p{L}+\s+)?(?:gst|vat|hst|sst|tax|taxes|iva|tva)\b)\.?|incorporated|corp(?:oration)?\.?|pty\.?|pvt\.?|s\.\s?a\.\s?s\.\s?u\.?|s\.\s?a\.\s?s\.?|s\.\s?a\.\s?r\.\s?l\.?|s\.\s?à\.?\s?r\.\s?l\.?|s\.\s?a\.?|sasu|sas|sarl|eurl|s\.\s?r\.\s?l\.?|srl|s\.\s?r\.\s?o\.?|s\.\s?p\.\s?a\.?|spa|s\.\s?n\.\s?c\.?|snc|s\.\s?l\.\s?u\.?|slu|s\.\s?l\.?|v\.\s?o\.\s?f\.?|vof|dac|co\.?\s+ltd|sp\.\s?z\s?o\.\s?o\.?|ltda\.?|eireli|` +
    // "Inc. of GST" ("Rates are Inc. of GST") abbreviates "inclusive of", not "Incorporated" (lookahead above).
    // Bare "SA", "SL", "NV" are words elsewhere: a legal form only where the name ends.
    String.raw`(?:sa|sl|nv)(?=\s*$)`,
);
/** {@link LEGAL_FORM} for finding or removing every legal form in a text (built once, not per call); global, so use it with `matchAll`/`replace`, never `test`. */
export const LEGAL_FORM_ALL = new RegExp(LEGAL_FORM.source, "giu");
/**
 * Words that say what a business does, not where it is: after a name printed again ("ACME" over "ACME Trading") they
 * complete the name; an outlet's place does not (see `isBranchOf`). Financial and professional services name their
 * trade as well ("Khuvu Microcrédito", "Nova Consulting", "Atlas Logistics").
 */
export const TRADE_WORD = rx(
  String.raw`enterprises?|trading|traders|restaurants?|restoran|hardware|mart|store|stores|supermarket|minimarket|perniagaan|syarikat|kedai|holdings|industries|services|solutions|group|company|bakery|confectionery|cafe|caf[ée]|pharmacy|farmasi|stationery|bookstore|electrical|motor|optical|florist|` +
    String.raw`micro-?cr[ée]dit(?:os?)?|micro-?financ(?:e|ial)|consulting|consultancy|logistics|insurance`,
);
/**
 * The till's staff line ("Cashier: Siti", "Kassierer 3", "Served by Tom"), also when addressed to the customer
 * ("Your cashier today was …", "Today's server: …"): never the merchant's name.
 */
export const STAFF_LINE = /^\W*(?:(?:your|today['’]?s)\s+)?(?:cashier|kassierer(?:in)?|bediener(?:in)?|kasse\s*\d|operator|served\s+by|server|waiter|caissi[eè]re?|cajero|cassiere|kassa\s*\d|juruwang)\b/iu;
/**
 * A chain's outlet number on a line of its own under the name ("Restaurant #2447", "Store # 82", "Branch No. 12"),
 * or what is left of it once a name's trailing number is cut ("Restaurant #"): a trade or outlet word and a number.
 */
export const STORE_NUMBER_LINE = new RegExp(`^(?:${TRADE_WORD.source}|shop|branch|outlet|location|unit|site)\\s*(?:(?:#|no\\.?|nr\\.?|number)\\s*\\d{0,6}|\\d{1,6})$`, "iu");
