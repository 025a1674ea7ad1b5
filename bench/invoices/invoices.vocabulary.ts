/**
 * Words of the synthetic invoices (see invoices.gen.ts): per language the labels an invoice prints, month names,
 * number and date conventions, item descriptions and terms; per country the currency, VAT rates, postcodes, VAT id
 * and IBAN shapes. Company names, people and towns are invented from syllables, so no real vendor is named.
 */

/** Languages the generator writes. */
export type Lang = "en" | "nl" | "de" | "fr" | "es" | "it";

/** The labels and conventions of one language. Each list is a set of alternatives, one picked per invoice. */
export interface LangWords {
  title: string[];
  invoiceNo: string[];
  invoiceDate: string[];
  customerNo: string[];
  orderNo: string[];
  reference: string[];
  deliveryNote: string[];
  contract: string[];
  orderDate: string[];
  deliveryDate: string[];
  dueDate: string[];
  period: string[];
  billTo: string[];
  attn: string[];
  description: string[];
  qty: string[];
  unitPrice: string[];
  vatCol: string[];
  amount: string[];
  subtotal: string[];
  /** `{r}` is the rate. */
  vat: string[];
  total: string[];
  vatIdLabel: string[];
  customerVatIdLabel: string[];
  regLabel: string[];
  director: string[];
  phone: string[];
  email: string[];
  bank: string[];
  /** `{n}` is the invoice number, `{d}` the days. */
  payLine: string[];
  page: string[];
  termsTitle: string[];
  terms: string[];
  thanks: string[];
  months: string[];
  items: string[];
  /** Street words, used as `{name}{street}` or `{street} {name}` by `streetFirst`. */
  streets: string[];
  streetFirst: boolean;
}

const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export const WORDS: Record<Lang, LangWords> = {
  en: {
    title: ["INVOICE", "Invoice", "TAX INVOICE", "VAT Invoice"],
    invoiceNo: ["Invoice No.", "Invoice number", "Invoice #", "Invoice No:", "Inv. No."],
    invoiceDate: ["Invoice date", "Date", "Date of issue", "Issue date", "Invoice Date"],
    customerNo: ["Customer No.", "Customer number", "Account No.", "Customer ID", "Client No."],
    orderNo: ["Order No.", "Order number", "PO number", "Purchase order", "Your order"],
    reference: ["Reference", "Your ref.", "Our ref.", "Project"],
    deliveryNote: ["Delivery note", "Delivery note no.", "Dispatch note"],
    contract: ["Contract No.", "Contract", "Agreement no."],
    orderDate: ["Order date", "Date of order", "Ordered on"],
    deliveryDate: ["Delivery date", "Date of supply", "Shipped on", "Ship date"],
    dueDate: ["Due date", "Payment due", "Due by"],
    period: ["Service period", "Billing period", "Period"],
    billTo: ["Bill to", "Invoice to", "Billed to", "Customer", "Invoice address"],
    attn: ["Attn:", "FAO", "Attention:"],
    description: ["Description", "Item", "Service", "Details"],
    qty: ["Qty", "Quantity", "Units"],
    unitPrice: ["Unit price", "Rate", "Price"],
    vatCol: ["VAT", "VAT %", "Tax"],
    amount: ["Amount", "Total", "Line total", "Net"],
    subtotal: ["Subtotal", "Net total", "Total excl. VAT", "Net amount"],
    vat: ["VAT {r}%", "VAT @ {r}%", "VAT ({r}%)", "Tax {r}%"],
    total: ["Total", "Total due", "Amount due", "Total incl. VAT", "Balance due", "Grand total", "TOTAL"],
    vatIdLabel: ["VAT Reg. No.", "VAT No.", "VAT number", "VAT ID", "VAT registration"],
    customerVatIdLabel: ["Customer VAT No.", "Your VAT no.", "VAT"],
    regLabel: ["Company No.", "Registered in England and Wales No.", "Company registration", "Reg. No."],
    director: ["Director", "Directors"],
    phone: ["Tel", "Phone", "T"],
    email: ["Email", "E-mail", "E"],
    bank: ["Bank", "Bank details", "Pay to"],
    payLine: ["Please pay within {d} days quoting invoice {n}.", "Payment terms: {d} days net. Please quote {n} with your payment.", "Kindly settle this invoice within {d} days."],
    page: ["Page {p} of {t}", "Page {p}/{t}"],
    termsTitle: ["Terms and conditions", "General terms"],
    terms: [
      "Goods remain our property until paid in full.",
      "Late payments incur interest at 8% above the base rate.",
      "Claims for damage or shortage must be notified within 7 days of delivery.",
      "Our liability is limited to the invoice value of the goods or services concerned.",
      "These terms are governed by the law of the place of our registered office.",
    ],
    thanks: ["Thank you for your business.", "Thank you for your order!", "We appreciate your business."],
    months: MONTHS_EN,
    items: ["Consulting services", "Annual software licence", "Support contract (monthly)", "Cable set 5 m", "Office chair, ergonomic", "Toner cartridge black", "Hosting plan (monthly)", "Installation on site", "Training session (half day)", "Spare parts kit", "Travel expenses", "Design work", "Printing of brochures", "Maintenance visit"],
    streets: [" Road", " Street", " Lane", " Avenue", " Way", " Close"],
    streetFirst: false,
  },
  nl: {
    title: ["FACTUUR", "Factuur"],
    invoiceNo: ["Factuurnummer", "Factuurnr.", "Factuur nr.", "Nummer"],
    invoiceDate: ["Factuurdatum", "Datum", "Datum factuur"],
    customerNo: ["Klantnummer", "Klantnr.", "Debiteurnummer"],
    orderNo: ["Ordernummer", "Bestelnummer", "Uw ordernummer", "Inkoopordernummer"],
    reference: ["Uw referentie", "Referentie", "Kenmerk", "Project"],
    deliveryNote: ["Pakbon", "Pakbonnummer", "Leverbon"],
    contract: ["Contractnummer", "Contract"],
    orderDate: ["Orderdatum", "Besteldatum"],
    deliveryDate: ["Leverdatum", "Leveringsdatum"],
    dueDate: ["Vervaldatum", "Uiterste betaaldatum"],
    period: ["Periode", "Factuurperiode"],
    billTo: ["Factuuradres", "Aan", "Klant", "Gefactureerd aan"],
    attn: ["T.a.v.", "t.a.v."],
    description: ["Omschrijving", "Artikel"],
    qty: ["Aantal", "Aant."],
    unitPrice: ["Prijs", "Stukprijs", "Eenheidsprijs"],
    vatCol: ["BTW", "BTW %"],
    amount: ["Bedrag", "Totaal"],
    subtotal: ["Subtotaal", "Totaal excl. BTW", "Totaal exclusief btw"],
    vat: ["BTW {r}%", "{r}% BTW", "BTW hoog ({r}%)"],
    total: ["Totaal", "Te betalen", "Totaal incl. BTW", "Totaalbedrag", "TOTAAL"],
    vatIdLabel: ["BTW-nummer", "BTW nr.", "BTW-id", "Btw-nr"],
    customerVatIdLabel: ["BTW-nummer klant", "Uw BTW-nummer", "BTW"],
    regLabel: ["KvK", "KvK-nummer", "KvK nr."],
    director: ["Directie"],
    phone: ["Tel.", "Telefoon", "T"],
    email: ["E-mail", "E"],
    bank: ["Bank", "Bankrekening"],
    payLine: ["Gelieve binnen {d} dagen te betalen onder vermelding van factuurnummer {n}.", "Betaling binnen {d} dagen na factuurdatum.", "Wij verzoeken u het bedrag binnen {d} dagen over te maken."],
    page: ["Pagina {p} van {t}", "Blad {p}/{t}"],
    termsTitle: ["Algemene voorwaarden", "Leveringsvoorwaarden"],
    terms: ["Geleverde goederen blijven ons eigendom tot volledige betaling.", "Bij te late betaling is de wettelijke handelsrente verschuldigd.", "Klachten dienen binnen 8 dagen na levering schriftelijk te worden gemeld.", "Op al onze leveringen zijn onze algemene voorwaarden van toepassing."],
    thanks: ["Bedankt voor uw bestelling.", "Hartelijk dank voor uw opdracht."],
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    items: ["Advieswerkzaamheden", "Softwarelicentie (jaar)", "Onderhoudscontract", "Kabelset 5 m", "Bureaustoel", "Tonercartridge zwart", "Hosting (maand)", "Installatie op locatie", "Training (dagdeel)", "Reserveonderdelen", "Reiskosten", "Ontwerpwerk", "Drukwerk folders"],
    streets: ["straat", "laan", "weg", "gracht", "singel"],
    streetFirst: false,
  },
  de: {
    title: ["RECHNUNG", "Rechnung"],
    invoiceNo: ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Re.-Nr.", "Belegnummer"],
    invoiceDate: ["Rechnungsdatum", "Datum", "Belegdatum"],
    customerNo: ["Kundennummer", "Kunden-Nr.", "Kd.-Nr."],
    orderNo: ["Bestellnummer", "Auftragsnummer", "Ihre Bestellung", "Auftrags-Nr."],
    reference: ["Ihr Zeichen", "Unser Zeichen", "Projekt", "Referenz"],
    deliveryNote: ["Lieferschein", "Lieferschein-Nr.", "Lieferscheinnummer"],
    contract: ["Vertragsnummer", "Vertrag"],
    orderDate: ["Bestelldatum", "Auftragsdatum"],
    deliveryDate: ["Lieferdatum", "Leistungsdatum"],
    dueDate: ["Fällig am", "Zahlbar bis", "Fälligkeitsdatum"],
    period: ["Leistungszeitraum", "Abrechnungszeitraum"],
    billTo: ["Rechnungsempfänger", "Rechnungsadresse", "Kunde", "An"],
    attn: ["z. Hd.", "z. H.", "Zu Händen"],
    description: ["Bezeichnung", "Beschreibung", "Artikel", "Leistung"],
    qty: ["Menge", "Anz.", "Anzahl"],
    unitPrice: ["Einzelpreis", "E-Preis", "Preis"],
    vatCol: ["MwSt.", "USt."],
    amount: ["Betrag", "Gesamt", "Gesamtpreis"],
    subtotal: ["Zwischensumme", "Nettobetrag", "Summe netto", "Gesamt netto"],
    vat: ["MwSt. {r} %", "zzgl. {r} % USt.", "Umsatzsteuer {r}%", "{r}% MwSt."],
    total: ["Gesamtbetrag", "Rechnungsbetrag", "Summe", "Gesamt brutto", "Endbetrag", "Zu zahlen"],
    vatIdLabel: ["USt-IdNr.", "USt-ID", "UStIdNr", "Umsatzsteuer-ID"],
    customerVatIdLabel: ["Ihre USt-IdNr.", "USt-IdNr. Kunde", "USt-IdNr."],
    regLabel: ["Amtsgericht {t} HRB", "Handelsregister: {t} HRB", "Registergericht {t} HRB"],
    director: ["Geschäftsführer", "Geschäftsführung", "GF"],
    phone: ["Tel.", "Telefon", "Fon"],
    email: ["E-Mail", "Mail"],
    bank: ["Bankverbindung", "Bank"],
    payLine: ["Zahlbar innerhalb von {d} Tagen ohne Abzug.", "Bitte überweisen Sie den Betrag innerhalb von {d} Tagen unter Angabe der Rechnungsnummer {n}.", "Zahlungsziel: {d} Tage netto."],
    page: ["Seite {p} von {t}", "Seite {p}/{t}"],
    termsTitle: ["Allgemeine Geschäftsbedingungen", "Zahlungs- und Lieferbedingungen"],
    terms: ["Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.", "Bei Zahlungsverzug berechnen wir Verzugszinsen in gesetzlicher Höhe.", "Mängel sind innerhalb von 8 Tagen nach Lieferung schriftlich anzuzeigen.", "Gerichtsstand ist der Sitz unserer Gesellschaft."],
    thanks: ["Vielen Dank für Ihren Auftrag.", "Wir bedanken uns für Ihr Vertrauen."],
    months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    items: ["Beratungsleistung", "Softwarelizenz (jährlich)", "Wartungsvertrag", "Kabelsatz 5 m", "Bürostuhl", "Tonerkartusche schwarz", "Hosting (monatlich)", "Montage vor Ort", "Schulung (halbtags)", "Ersatzteilset", "Reisekosten", "Grafikdesign", "Druck von Prospekten", "Anfahrtspauschale"],
    streets: ["straße", "weg", "allee", "ring", "gasse"],
    streetFirst: false,
  },
  fr: {
    title: ["FACTURE", "Facture"],
    invoiceNo: ["Facture N°", "N° de facture", "Numéro de facture", "Facture n°"],
    invoiceDate: ["Date de facture", "Date", "Date d'émission", "Date de la facture"],
    customerNo: ["N° client", "Numéro client", "Code client"],
    orderNo: ["N° de commande", "Commande n°", "Bon de commande", "Votre commande"],
    reference: ["Référence", "Votre référence", "Réf.", "Affaire"],
    deliveryNote: ["Bon de livraison", "BL n°"],
    contract: ["Contrat n°", "N° de contrat"],
    orderDate: ["Date de commande", "Date de la commande"],
    deliveryDate: ["Date de livraison"],
    dueDate: ["Échéance", "Date d'échéance", "Date limite de paiement"],
    period: ["Période", "Période de facturation"],
    billTo: ["Facturer à", "Client", "Adresse de facturation", "Facturé à"],
    attn: ["À l'attention de", "Attn."],
    description: ["Désignation", "Description", "Libellé"],
    qty: ["Qté", "Quantité"],
    unitPrice: ["Prix unitaire HT", "P.U. HT", "Prix unit."],
    vatCol: ["TVA", "TVA %"],
    amount: ["Montant HT", "Total HT", "Montant"],
    subtotal: ["Total HT", "Montant HT", "Sous-total HT"],
    vat: ["TVA {r} %", "TVA ({r}%)", "TVA à {r} %"],
    total: ["Total TTC", "Montant TTC", "Net à payer", "Total à payer", "TOTAL TTC"],
    vatIdLabel: ["N° TVA intracommunautaire", "TVA intracommunautaire", "N° TVA", "TVA"],
    customerVatIdLabel: ["N° TVA client", "Votre N° TVA", "TVA"],
    regLabel: ["SIRET", "RCS {t}", "SIREN"],
    director: ["Gérant", "Président"],
    phone: ["Tél.", "Téléphone", "Tél"],
    email: ["E-mail", "Courriel"],
    bank: ["Banque", "Coordonnées bancaires", "RIB"],
    payLine: ["Paiement à {d} jours date de facture.", "Merci de régler sous {d} jours en rappelant la référence {n}.", "Pas d'escompte pour paiement anticipé."],
    page: ["Page {p} sur {t}", "Page {p}/{t}"],
    termsTitle: ["Conditions générales de vente", "Conditions de paiement"],
    terms: ["Les marchandises restent notre propriété jusqu'au paiement intégral.", "Tout retard de paiement entraîne des pénalités au taux légal en vigueur.", "Indemnité forfaitaire pour frais de recouvrement : 40 euros.", "Les réclamations doivent être formulées dans les 8 jours suivant la livraison."],
    thanks: ["Merci de votre confiance.", "Nous vous remercions de votre commande."],
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    items: ["Prestation de conseil", "Licence logicielle annuelle", "Contrat de maintenance", "Jeu de câbles 5 m", "Fauteuil de bureau", "Cartouche de toner noir", "Hébergement (mensuel)", "Installation sur site", "Formation (demi-journée)", "Kit de pièces détachées", "Frais de déplacement", "Création graphique", "Impression de brochures"],
    streets: ["rue ", "avenue ", "boulevard ", "chemin ", "place "],
    streetFirst: true,
  },
  es: {
    title: ["FACTURA", "Factura"],
    invoiceNo: ["Factura nº", "Nº de factura", "Número de factura", "Factura N.º"],
    invoiceDate: ["Fecha de factura", "Fecha", "Fecha de emisión", "Fecha factura"],
    customerNo: ["Nº de cliente", "Número de cliente", "Código cliente"],
    orderNo: ["Nº de pedido", "Pedido nº", "Su pedido", "Número de pedido"],
    reference: ["Referencia", "Su referencia", "Ref."],
    deliveryNote: ["Albarán", "Albarán nº", "Nº albarán"],
    contract: ["Contrato nº", "Nº de contrato"],
    orderDate: ["Fecha de pedido", "Fecha del pedido"],
    deliveryDate: ["Fecha de entrega"],
    dueDate: ["Fecha de vencimiento", "Vencimiento"],
    period: ["Periodo", "Periodo de facturación"],
    billTo: ["Facturar a", "Cliente", "Datos del cliente", "Destinatario"],
    attn: ["A la atención de", "Att."],
    description: ["Descripción", "Concepto", "Artículo"],
    qty: ["Cant.", "Cantidad", "Uds."],
    unitPrice: ["Precio unitario", "Precio", "P. unit."],
    vatCol: ["IVA", "IVA %"],
    amount: ["Importe", "Total"],
    subtotal: ["Base imponible", "Subtotal", "Total sin IVA"],
    vat: ["IVA {r}%", "IVA ({r} %)", "Cuota IVA {r}%"],
    total: ["Total", "Total factura", "Importe total", "Total a pagar", "TOTAL"],
    vatIdLabel: ["NIF", "CIF", "NIF/CIF", "N.I.F."],
    customerVatIdLabel: ["NIF cliente", "CIF cliente", "NIF"],
    regLabel: ["Inscrita en el Registro Mercantil de {t}, Tomo", "Reg. Merc. {t}, Hoja"],
    director: ["Administrador"],
    phone: ["Tel.", "Teléfono", "Tfno."],
    email: ["Email", "Correo"],
    bank: ["Banco", "Entidad"],
    payLine: ["Forma de pago: transferencia a {d} días.", "Rogamos realicen el pago en un plazo de {d} días indicando la factura {n}.", "Pago mediante transferencia bancaria."],
    page: ["Página {p} de {t}", "Pág. {p}/{t}"],
    termsTitle: ["Condiciones generales", "Condiciones de pago"],
    terms: ["La mercancía sigue siendo de nuestra propiedad hasta su pago completo.", "Los retrasos en el pago devengarán el interés legal de demora.", "Las reclamaciones deben presentarse en un plazo de 7 días desde la entrega.", "Sus datos se tratan conforme a la normativa de protección de datos."],
    thanks: ["Gracias por su confianza.", "Gracias por su pedido."],
    months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    items: ["Servicios de consultoría", "Licencia de software anual", "Contrato de mantenimiento", "Juego de cables 5 m", "Silla de oficina", "Cartucho de tóner negro", "Alojamiento web (mensual)", "Instalación in situ", "Formación (media jornada)", "Kit de recambios", "Gastos de desplazamiento", "Diseño gráfico", "Impresión de folletos"],
    streets: ["Calle ", "Avenida ", "Paseo ", "Plaza ", "Camino "],
    streetFirst: true,
  },
  it: {
    title: ["FATTURA", "Fattura"],
    invoiceNo: ["Fattura n.", "Numero fattura", "N. fattura", "Fattura N°"],
    invoiceDate: ["Data fattura", "Data", "Data emissione", "Data documento"],
    customerNo: ["Codice cliente", "Cod. cliente", "Cliente n."],
    orderNo: ["Ordine n.", "N. ordine", "Vs. ordine", "Numero ordine"],
    reference: ["Riferimento", "Vs. riferimento", "Rif."],
    deliveryNote: ["DDT n.", "Documento di trasporto", "DDT"],
    contract: ["Contratto n.", "N. contratto"],
    orderDate: ["Data ordine", "Data dell'ordine"],
    deliveryDate: ["Data consegna", "Data di consegna"],
    dueDate: ["Scadenza", "Data scadenza"],
    period: ["Periodo", "Periodo di fatturazione"],
    billTo: ["Cliente", "Destinatario", "Spett.le", "Intestatario"],
    attn: ["Alla c.a.", "c.a."],
    description: ["Descrizione", "Articolo"],
    qty: ["Q.tà", "Quantità"],
    unitPrice: ["Prezzo unitario", "Prezzo", "Pr. unit."],
    vatCol: ["IVA", "Aliq."],
    amount: ["Importo", "Totale"],
    subtotal: ["Imponibile", "Totale imponibile", "Subtotale"],
    vat: ["IVA {r}%", "IVA ({r}%)", "Imposta {r}%"],
    total: ["Totale", "Totale fattura", "Totale documento", "Totale da pagare", "TOTALE"],
    vatIdLabel: ["P. IVA", "Partita IVA", "P.IVA"],
    customerVatIdLabel: ["P. IVA cliente", "P.IVA"],
    regLabel: ["REA {t}", "Cap. soc. i.v. - REA", "Reg. Imprese {t}"],
    director: ["Amministratore"],
    phone: ["Tel.", "Telefono"],
    email: ["Email", "PEC"],
    bank: ["Banca", "Appoggio bancario"],
    payLine: ["Pagamento: bonifico bancario a {d} giorni data fattura.", "Si prega di indicare il numero di fattura {n} nel bonifico.", "Modalità di pagamento: bonifico {d} gg d.f."],
    page: ["Pagina {p} di {t}", "Pag. {p}/{t}"],
    termsTitle: ["Condizioni generali di vendita", "Condizioni di pagamento"],
    terms: ["La merce resta di nostra proprietà fino al completo pagamento.", "In caso di ritardato pagamento saranno applicati gli interessi di mora.", "Eventuali reclami devono pervenire entro 8 giorni dal ricevimento della merce.", "Foro competente esclusivo è quello della nostra sede legale."],
    thanks: ["Grazie per la fiducia.", "Grazie per il vostro ordine."],
    months: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    items: ["Servizi di consulenza", "Licenza software annuale", "Contratto di assistenza", "Set di cavi 5 m", "Sedia da ufficio", "Cartuccia toner nero", "Hosting (mensile)", "Installazione in sede", "Formazione (mezza giornata)", "Kit ricambi", "Spese di trasferta", "Progettazione grafica", "Stampa di brochure"],
    streets: ["Via ", "Viale ", "Corso ", "Piazza ", "Vicolo "],
    streetFirst: true,
  },
};

/** A country an issuer or recipient sits in. */
export interface Country {
  code: "GB" | "IE" | "US" | "NL" | "BE" | "DE" | "AT" | "FR" | "ES" | "IT";
  name: Record<Lang, string>;
  currency: "EUR" | "GBP" | "USD";
  /** Standard and reduced VAT rates (US: sales tax). */
  rates: number[];
  /** Postcode from random digits/letters, printed before (or, GB/US, after) the town. */
  postcode: (r: () => number) => string;
  postcodeAfter?: boolean;
  ibanLength: number;
}

const d = (r: () => number, n: number): string => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join("");
const L = (r: () => number): string => "ABCDEFGHJKLMNPRSTUWXYZ"[Math.floor(r() * 22)] as string;
const nm = (en: string, nl: string, de: string, fr: string, es: string, it: string): Record<Lang, string> => ({ en, nl, de, fr, es, it });

export const COUNTRIES: Record<Country["code"], Country> = {
  GB: { code: "GB", name: nm("United Kingdom", "Verenigd Koninkrijk", "Vereinigtes Königreich", "Royaume-Uni", "Reino Unido", "Regno Unito"), currency: "GBP", rates: [20, 5], postcode: (r) => `${L(r)}${L(r)}${1 + Math.floor(r() * 20)} ${d(r, 1)}${L(r)}${L(r)}`, postcodeAfter: true, ibanLength: 22 },
  IE: { code: "IE", name: nm("Ireland", "Ierland", "Irland", "Irlande", "Irlanda", "Irlanda"), currency: "EUR", rates: [23, 13.5], postcode: (r) => `${L(r)}${d(r, 2)} ${L(r)}${d(r, 1)}${L(r)}${d(r, 1)}`, postcodeAfter: true, ibanLength: 22 },
  US: { code: "US", name: nm("USA", "Verenigde Staten", "USA", "États-Unis", "EE. UU.", "USA"), currency: "USD", rates: [8.25, 6], postcode: (r) => `${["CA", "OR", "TX", "NY", "IL", "WA"][Math.floor(r() * 6)]} ${d(r, 5)}`, postcodeAfter: true, ibanLength: 0 },
  NL: { code: "NL", name: nm("Netherlands", "Nederland", "Niederlande", "Pays-Bas", "Países Bajos", "Paesi Bassi"), currency: "EUR", rates: [21, 9], postcode: (r) => `${1 + Math.floor(r() * 9)}${d(r, 3)} ${L(r)}${L(r)}`, ibanLength: 18 },
  BE: { code: "BE", name: nm("Belgium", "België", "Belgien", "Belgique", "Bélgica", "Belgio"), currency: "EUR", rates: [21, 6], postcode: (r) => `${1 + Math.floor(r() * 9)}${d(r, 3)}`, ibanLength: 16 },
  DE: { code: "DE", name: nm("Germany", "Duitsland", "Deutschland", "Allemagne", "Alemania", "Germania"), currency: "EUR", rates: [19, 7], postcode: (r) => `${1 + Math.floor(r() * 9)}${d(r, 4)}`, ibanLength: 22 },
  AT: { code: "AT", name: nm("Austria", "Oostenrijk", "Österreich", "Autriche", "Austria", "Austria"), currency: "EUR", rates: [20, 10], postcode: (r) => `${1 + Math.floor(r() * 9)}${d(r, 3)}`, ibanLength: 20 },
  FR: { code: "FR", name: nm("France", "Frankrijk", "Frankreich", "France", "Francia", "Francia"), currency: "EUR", rates: [20, 10, 5.5], postcode: (r) => `${1 + Math.floor(r() * 9)}${d(r, 4)}`, ibanLength: 27 },
  ES: { code: "ES", name: nm("Spain", "Spanje", "Spanien", "Espagne", "España", "Spagna"), currency: "EUR", rates: [21, 10], postcode: (r) => `${d(r, 5)}`, ibanLength: 24 },
  IT: { code: "IT", name: nm("Italy", "Italië", "Italien", "Italie", "Italia", "Italia"), currency: "EUR", rates: [22, 10], postcode: (r) => `${d(r, 5)}`, ibanLength: 27 },
};

/** Issuer countries of each language, with how often (repeats weigh). */
export const ISSUER_COUNTRIES: Record<Lang, Country["code"][]> = {
  en: ["GB", "GB", "GB", "IE", "US", "US"],
  nl: ["NL", "NL", "NL", "BE"],
  de: ["DE", "DE", "DE", "AT"],
  fr: ["FR", "FR", "FR", "BE"],
  es: ["ES"],
  it: ["IT"],
};

/** Legal forms by country (what follows the company's name). */
export const LEGAL_FORMS: Record<Country["code"], string[]> = {
  GB: ["Ltd", "Limited", "Ltd.", "LLP", "plc"],
  IE: ["Ltd", "Limited", "DAC"],
  US: ["Inc.", "LLC", "Inc", "Corp."],
  NL: ["B.V.", "BV", "V.O.F."],
  BE: ["BV", "NV", "SRL", "SA"],
  DE: ["GmbH", "GmbH & Co. KG", "AG", "UG (haftungsbeschränkt)", "e.K."],
  AT: ["GmbH", "KG", "AG"],
  FR: ["SARL", "SAS", "S.A.", "SASU", "EURL"],
  ES: ["S.L.", "S.A.", "SL", "S.L.U."],
  IT: ["S.r.l.", "S.p.A.", "Srl", "S.n.c."],
};

/** Syllables of invented surnames and place names, per language family. */
const STEMS: Record<Lang, { a: string[]; b: string[] }> = {
  en: { a: ["Brack", "Ash", "Thorn", "Kell", "Marl", "Wick", "Hart", "Fenn", "Gorr", "Pell", "Ware", "Cald", "Bryn", "Dunm"], b: ["ford", "wick", "ley", "ton", "more", "field", "bury", "combe", "stead", "well", "den", "holm"] },
  nl: { a: ["Ter", "Ven", "Hoog", "Bree", "Wes", "Loos", "Dorn", "Mers", "Zwa", "Kroon", "Ald", "Haver"], b: ["dijk", "hoven", "broek", "kamp", "veld", "wijk", "horst", "dam", "meer", "loo", "sloot"] },
  de: { a: ["Ebers", "Kess", "Hollm", "Wend", "Brüh", "Tann", "Uhl", "Gräf", "Ross", "Lind", "Falk", "Stein", "Mahl", "Kirch"], b: ["bach", "feld", "dorf", "hausen", "brück", "stedt", "heim", "au", "born", "rode", "ingen", "mann"] },
  fr: { a: ["Morv", "Belle", "Chaum", "Vaud", "Roch", "Lanv", "Brév", "Mont", "Sauv", "Cour", "Vill", "Gren"], b: ["anne", "ille", "euil", "ac", "ière", "ois", "ery", "ange", "ignac", "ouse", "elles"] },
  es: { a: ["Val", "Torr", "Alm", "Cast", "Mir", "Ben", "Sal", "Olm", "Qui", "Ribe", "Fuen", "Mont"], b: ["deluz", "ejo", "enar", "illa", "ares", "edo", "ueña", "anca", "ana", "oro", "ondo"] },
  it: { a: ["Brent", "Cas", "Vald", "Mont", "Ross", "Ferr", "Lan", "Sper", "Pog", "Cor", "Ald", "Ser"], b: ["eo", "ano", "ello", "ina", "ore", "asco", "ate", "iano", "ola", "uzzo", "ega"] },
};

/** Trade words of company names (before the legal form). */
export const TRADES: Record<Lang, string[]> = {
  en: ["Analytics", "Engineering", "Print Works", "Supplies", "Logistics", "Consulting", "Media", "Systems", "Interiors", "Laboratories", "Tooling", "Software"],
  nl: ["Installatietechniek", "Advies", "Drukwerk", "Logistiek", "Bouw", "Techniek", "Media", "Automatisering", "Groothandel", "Interieur"],
  de: ["Haustechnik", "Beratung", "Druckerei", "Logistik", "Maschinenbau", "Elektrotechnik", "Medien", "Systemhaus", "Bürobedarf", "Metallbau"],
  fr: ["Conseil", "Imprimerie", "Logistique", "Ingénierie", "Informatique", "Services", "Distribution", "Bâtiment", "Médias", "Équipements"],
  es: ["Suministros", "Consultoría", "Gráficas", "Logística", "Ingeniería", "Sistemas", "Servicios", "Distribuciones", "Instalaciones", "Comunicación"],
  it: ["Officine", "Consulenze", "Tipografia", "Logistica", "Impianti", "Sistemi", "Servizi", "Forniture", "Costruzioni", "Informatica"],
};

/** Given names for contacts and directors. */
export const GIVEN = ["Anna", "Marc", "Julia", "Tom", "Sofia", "Luca", "Eva", "Pieter", "Claire", "Javier", "Marta", "Jonas", "Elena", "Noah", "Inès", "Giulia"];

/** An invented surname or place stem of a language. */
export function stem(r: () => number, lang: Lang): string {
  const s = STEMS[lang];
  return `${s.a[Math.floor(r() * s.a.length)]}${s.b[Math.floor(r() * s.b.length)]}`;
}
