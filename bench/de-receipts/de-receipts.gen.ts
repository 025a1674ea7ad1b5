/**
 * `npx tsx bench/de-receipts/de-receipts.gen.ts [seed] [count] [hard] [logo]`
 *
 * Generates German supermarket / discounter / drugstore / bakery / petrol-station till receipts
 * (invented shop names, typical layouts: logo or picture logo, operator's legal entity in the head or
 * the footer, items with tax letters, Pfand, SUMME / zu zahlen / Gesamtbetrag, cash or card payment with
 * the terminal's customer slip, tax table, TSE block, date lines in several formats, loyalty lines,
 * farewells) and renders each like a scanned thermal receipt (monospace on a narrow page, blur, noise,
 * JPEG; `hard`: lower resolution, stronger blur, fading, shadow, rotation). Writes NNN.jpg, NNN.txt (the
 * text as laid out) and manifest.json (truth: total, date, company) to `OUT_DIR` (default
 * `.cache/de-receipts/out`, or `.cache/de-receipts/hard`). `logo`: other invented brands whose logo at the top
 * is a picture (a filled emblem, a wordmark drawn as shapes, or nothing) and whose name is printed only in
 * some of the places a real till prints it (the operator's legal entity, a web or e-mail address, a
 * thank-you line, a loyalty/app line, the Filiale line); default folder `.cache/de-receipts/logo`. See
 * bench/README.md.
 *
 * The 30 shops are used in turn, so a set of 30 names each once; 4 of them print umlauts (`ALBA SÜD`, `Möller`,
 * two bakeries). `DE_SHOPS=umlaut` uses {@link UMLAUT_SHOPS} instead (invented names with ä, ö, ü or ß), to
 * measure the German name re-read (bench/README.md); without it or `logo` every seed's output is unchanged.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const FLAGS = process.argv.slice(4);
const HARD = FLAGS.includes("hard");
const LOGO = FLAGS.includes("logo");
const OUT = path.resolve(process.env.OUT_DIR ?? (LOGO ? ".cache/de-receipts/logo" : HARD ? ".cache/de-receipts/hard" : ".cache/de-receipts/out"));
mkdirSync(OUT, { recursive: true });

let seed = Number(process.argv[2] ?? 12345);
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const chance = (p: number): boolean => rnd() < p;
const int = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
const de = (n: number): string => n.toFixed(2).replace(".", ",");

interface Shop {
  kind: "super" | "discount" | "drug" | "bakery" | "petrol" | "bio";
  /** What a person would write as the merchant. */
  truth: string;
  /** The logo line(s) as printed (null: logo is a picture). */
  logo: string | null;
  /** Legal entity line(s). */
  legal: string[];
  /** Legal entity printed in the footer instead of the header. */
  legalInFooter?: boolean;
}

const SHOPS: Shop[] = [
  { kind: "super", truth: "NORDI", logo: "NORDI", legal: ["NORDI Markt GmbH"] },
  { kind: "super", truth: "NORDI", logo: null, legal: ["NORDI Markt GmbH", "Zweigniederlassung Süd"] },
  { kind: "super", truth: "FRIWA", logo: "FRIWA", legal: ["FRIWA Markt Hoffmann e.K."] },
  { kind: "super", truth: "FRIWA", logo: "F R I W A", legal: ["Inh. Thomas Brandt e.K."] },
  { kind: "super", truth: "FRIWA", logo: "FRIWA", legal: ["Hans Kuhlmann e.K."] },
  { kind: "super", truth: "Kaufwelt", logo: "Kaufwelt", legal: ["Kaufwelt Dienstleistung GmbH & Co. KG"], legalInFooter: true },
  { kind: "discount", truth: "Sudl", logo: "SUDL", legal: ["Sudl Vertriebs-GmbH & Co. KG"] },
  { kind: "discount", truth: "Sudl", logo: null, legal: ["Sudl Vertriebs GmbH & Co. KG"], legalInFooter: true },
  { kind: "discount", truth: "ALBA SÜD", logo: "ALBA SÜD", legal: ["ALBA SE & Co. KG"] },
  { kind: "discount", truth: "ALBA", logo: "ALBA", legal: ["ALBA GmbH & Co. KG Weyhe"] },
  { kind: "discount", truth: "Preisfix", logo: "Preisfix", legal: ["Preisfix Marken-Discount", "Stiftung & Co. KG"] },
  { kind: "discount", truth: "CENTO", logo: "CENTO", legal: ["CENTO Markt GmbH"] },
  { kind: "discount", truth: "NORMO", logo: null, legal: ["NORMO Lebensmittelfilialbetrieb", "Stiftung & Co. KG"] },
  { kind: "drug", truth: "pk-drogerie markt", logo: "pk-drogerie markt", legal: ["pk-drogerie markt GmbH + Co. KG"] },
  { kind: "drug", truth: "Rosenthal", logo: "ROSENTHAL", legal: ["Dirk Rosenthal GmbH"] },
  { kind: "drug", truth: "Möller", logo: "Möller", legal: ["Möller Handels GmbH & Co. KG"] },
  { kind: "bakery", truth: "Bäckerei Schneider", logo: "Bäckerei Schneider", legal: ["Inh. Peter Schneider"] },
  { kind: "bakery", truth: "Backhaus Wiese", logo: "Backhaus Wiese", legal: ["Backhaus Wiese GmbH"] },
  { kind: "bakery", truth: "Bäckerei Kranz", logo: null, legal: ["Bäckerei Kranz e.K."] },
  { kind: "petrol", truth: "Ostol", logo: "OSTOL", legal: ["Ostol Tankstelle", "Stefan Vogel e.K."] },
  { kind: "petrol", truth: "Mussel", logo: "Mussel", legal: ["Mussel Station Meyer", "Inh. Jürgen Meyer"] },
  { kind: "petrol", truth: "Asso", logo: "Asso", legal: ["Asso Station", "Tankstellenbetrieb Klein GmbH"] },
  { kind: "petrol", truth: "JAT", logo: "JAT", legal: ["JAT Tankstelle", "Tankstellen-Betriebs GmbH"] },
  { kind: "bio", truth: "benn's Biomarkt", logo: "benn's Biomarkt", legal: ["benn's Biomarkt GmbH"] },
  { kind: "super", truth: "Orbis", logo: "ORBIS", legal: ["Orbis SB-Warenhaus", "Holding GmbH & Co. KG"], legalInFooter: true },
  { kind: "super", truth: "nahgut", logo: "nahgut", legal: ["Nahgut Markt Sommer oHG"] },
  { kind: "super", truth: "tegam", logo: "tegam...", legal: ["tegam... gute Lebensmittel", "GmbH & Co. KG"] },
  { kind: "bio", truth: "Alvera", logo: "Alvera", legal: ["Alvera Produktions- und", "Handels GmbH"] },
  { kind: "discount", truth: "Preisfix", logo: "PREISFIX", legal: ["Preisfix Stavenhagen ApS & Co. KG"] },
  { kind: "super", truth: "Kaufgut", logo: "Kaufgut", legal: ["Kaufgut Holding GmbH"] },
];

/** Invented shops whose names print umlauts or ß, used in turn with `DE_SHOPS=umlaut`. */
const UMLAUT_SHOPS: Shop[] = [
  { kind: "super", truth: "Grünmarkt", logo: "Grünmarkt", legal: ["Grünmarkt Handels GmbH"] },
  { kind: "bakery", truth: "Bäckerei Jäger", logo: "Bäckerei Jäger", legal: ["Inh. Jörg Jäger"] },
  { kind: "drug", truth: "Kühne", logo: "KÜHNE", legal: ["Kühne Drogeriemärkte GmbH & Co. KG"] },
  { kind: "discount", truth: "Preiskönig", logo: "Preiskönig", legal: ["Preiskönig Vertriebs-GmbH"] },
  { kind: "petrol", truth: "Südtank", logo: "Südtank", legal: ["Südtank Station Böhm", "Inh. Günther Böhm"] },
  { kind: "bio", truth: "Ökoland", logo: "Ökoland", legal: ["Ökoland Naturkost GmbH"], legalInFooter: true },
  { kind: "super", truth: "Fröhlich", logo: "FRÖHLICH", legal: ["Fröhlich Markt e.K."] },
  { kind: "bakery", truth: "Bäckerei Weiß", logo: null, legal: ["Bäckerei Weiß e.K."] },
  { kind: "super", truth: "Märkisch Kauf", logo: "Märkisch Kauf", legal: ["Märkisch Kauf Lebensmittel GmbH"] },
  { kind: "drug", truth: "Drogerie Müller-Lüdenscheid", logo: "Drogerie Müller-Lüdenscheid", legal: ["Inh. Jürgen Müller e.K."] },
];

const STREETS = ["Hauptstraße 12", "Bahnhofstr. 3a", "Am Markt 7", "Lindenallee 45", "Industriestraße 101", "Kölner Str. 88", "Schillerplatz 2", "Gewerbepark 14", "Münchener Straße 230", "Ringstr. 9"];
const TOWNS = ["50667 Köln", "80331 München", "10115 Berlin", "20095 Hamburg", "70173 Stuttgart", "04109 Leipzig", "90402 Nürnberg", "28195 Bremen", "65183 Wiesbaden", "97070 Würzburg", "33602 Bielefeld", "76133 Karlsruhe"];
const ITEMS: Record<Shop["kind"], [string, number, string][]> = {
  super: [["BANANEN", 1.29, "B"], ["VOLLMILCH 3,5%", 1.15, "B"], ["BUTTER", 2.29, "B"], ["GOUDA JUNG", 2.49, "B"], ["TOMATEN", 1.99, "B"], ["COCA COLA 1,5L", 1.79, "A"], ["TOILETTENPAPIER", 3.95, "A"], ["EIER FREILAND 10", 2.99, "B"], ["KAFFEE CREMA", 6.99, "B"], ["WEIN RIESLING", 4.49, "A"], ["BROT KRUSTI", 2.19, "B"], ["JOGHURT NATUR", 0.89, "B"], ["SPUELMITTEL", 1.45, "A"], ["HACKFLEISCH GEM.", 4.79, "B"], ["APFEL ELSTAR", 2.49, "B"]],
  discount: [["Bananen", 1.19, "B"], ["Milch 1,5%", 0.99, "B"], ["Toast", 0.89, "B"], ["Mineralwasser", 0.19, "A"], ["Gurke", 0.69, "B"], ["Schokolade", 1.19, "B"], ["Waschmittel", 4.45, "A"], ["Kaese Scheiben", 1.69, "B"], ["Nudeln", 0.79, "B"], ["Orangensaft", 1.49, "B"], ["Chips", 1.29, "B"], ["Bier 0,5l", 0.79, "A"]],
  drug: [["Zahnpasta", 0.95, "1"], ["Duschgel", 1.45, "1"], ["Shampoo", 2.95, "1"], ["Windeln Gr.4", 9.95, "1"], ["Taschentuecher", 1.75, "1"], ["Babynahrung", 1.15, "2"], ["Tee Kamille", 0.85, "2"], ["Deo Spray", 1.95, "1"], ["Wattepads", 0.65, "1"]],
  bakery: [["Brötchen", 0.45, "B"], ["Laugenbrezel", 0.95, "B"], ["Roggenbrot", 3.6, "B"], ["Kaffee", 2.4, "A"], ["Croissant", 1.35, "B"], ["Apfelkuchen", 2.8, "B"], ["Cappuccino", 3.1, "A"]],
  petrol: [["Super E10", 0, "A"], ["Diesel", 0, "A"], ["Kaffee to go", 2.99, "A"], ["Snickers", 1.49, "A"], ["Scheibenreiniger", 4.99, "A"]],
  bio: [["Bio Haferdrink", 1.79, "B"], ["Bio Aepfel", 2.99, "B"], ["Bio Tofu", 2.49, "B"], ["Bio Vollkornbrot", 3.49, "B"], ["Naturkosmetik Creme", 6.95, "A"]],
};

interface Line {
  text: string;
  bold?: boolean;
  big?: boolean;
  center?: boolean;
  logo?: boolean;
  /** A picture logo drawn as shapes (`logo` variant): OCR reads nothing or noise. */
  shape?: "emblem" | "wordmark" | "badge";
}

/**
 * `logo` variant: a brand whose logo is a picture. `legal` lists the operator entities it uses (`%` is the
 * brand; an entry without `%` is an owner who runs the shop under the brand).
 */
interface LogoBrand {
  kind: Shop["kind"];
  truth: string;
  legal: string[][];
}

const LOGO_BRANDS: LogoBrand[] = [
  { kind: "super", truth: "Korvia", legal: [["% Markt GmbH"], ["% Dienstleistung GmbH & Co. KG"], ["Inh. Sven Albers e.K."]] },
  { kind: "discount", truth: "Tavo", legal: [["% Deutschland", "Stiftung & Co. KG"], ["% Vertriebs GmbH & Co. KG"]] },
  { kind: "super", truth: "Elbkorb", legal: [["% Markt GmbH"], ["Markus Lehmann e.K."], ["% Handels GmbH"]] },
  { kind: "drug", truth: "Vitaro", legal: [["% GmbH & Co. KG"], ["% Drogeriemärkte GmbH"]] },
  { kind: "discount", truth: "PREISLA", legal: [["% Dienstleistung GmbH & Co. KG"], ["% Deutschland Stiftung & Co. KG"]] },
  { kind: "super", truth: "Marktlinde", legal: [["% Filialbetriebe GmbH"], ["Inh. Claudia Wendt e.K."]] },
  { kind: "bakery", truth: "Kornmühle", legal: [["% Backwaren GmbH"], ["Inh. Frank Böhm"]] },
  { kind: "petrol", truth: "Tankino", legal: [["% Tankstellen GmbH"], ["Station Bauer", "Tankstellenbetrieb Bauer GmbH"]] },
  { kind: "bio", truth: "Grünfeld", legal: [["% Naturkost GmbH"], ["% Biomärkte GmbH & Co. KG"]] },
  { kind: "discount", truth: "Sparko", legal: [["% Markt GmbH"], ["% Discount GmbH & Co. KG"]] },
];

/** Where a `logo` receipt prints its brand in type. */
type BrandPlace = "legal" | "url" | "mail" | "thanks" | "app" | "filiale";

function lr(left: string, right: string, w: number): string {
  const gap = Math.max(1, w - left.length - right.length);
  return left + " ".repeat(gap) + right;
}

/** A `logo` receipt's brand: how its top logo is drawn and where its name is printed. */
interface LogoPlan {
  brand: string;
  top: Line | null;
  places: Set<BrandPlace>;
}

/** The brand as a domain label ("Grünfeld" → "gruenfeld"). */
const slug = (s: string): string => s.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss").replace(/[^a-z]/g, "");

function logoShop(b: LogoBrand): { shop: Shop; plan: LogoPlan } {
  const legal = pick(b.legal);
  const inLegal = legal.some((x) => x.includes("%"));
  const places = new Set<BrandPlace>(inLegal ? ["legal"] : []);
  for (const p of ["url", "mail", "thanks", "app", "filiale"] as const) if (chance(0.3)) places.add(p);
  if (places.size === 0 || (!inLegal && places.size === 1 && chance(0.5))) places.add(pick(["url", "thanks", "app", "filiale"] as const));
  const printed = chance(0.25) ? b.truth.toUpperCase() : b.truth;
  const r = rnd();
  const top: Line | null = r < 0.3 ? { text: "", logo: true, shape: "emblem" } : r < 0.65 ? { text: "", logo: true, shape: "wordmark" } : r < 0.85 ? { text: "", logo: true, shape: "badge" } : null;
  return {
    shop: { kind: b.kind, truth: b.truth, logo: null, legal: legal.map((x) => x.replace("%", printed)), legalInFooter: chance(0.4) },
    plan: { brand: b.truth, top, places },
  };
}

function buildReceipt(shop: Shop, idx: number, plan?: LogoPlan): { lines: Line[]; total: number; date: string } {
  const W = int(32, 46);
  const lines: Line[] = [];
  const c = (text: string, extra: Partial<Line> = {}): void => void lines.push({ text, center: true, ...extra });
  const l = (text: string, extra: Partial<Line> = {}): void => void lines.push({ text, ...extra });
  const y = pick([2023, 2023, 2024]);
  const mo = int(1, 12);
  const d = int(1, 28);
  const hh = int(7, 21);
  const mm = int(0, 59);
  const ss = int(0, 59);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const date = `${y}-${p2(mo)}-${p2(d)}`;
  const dmy = `${p2(d)}.${p2(mo)}.${y}`;
  const dmy2 = `${p2(d)}.${p2(mo)}.${String(y).slice(2)}`;
  const hm = `${p2(hh)}:${p2(mm)}`;
  const street = pick(STREETS);
  const town = pick(TOWNS);
  const filiale = int(1000, 9999);

  const B = plan?.brand ?? "";
  const has = (p: BrandPlace): boolean => plan?.places.has(p) ?? false;
  // Header
  if (plan) {
    if (plan.top) lines.push(plan.top);
  } else if (shop.logo && chance(0.85)) c(shop.logo, { logo: true, big: true, bold: true });
  else if (chance(0.5)) l("", { logo: true }); // picture logo: OCR sees a blob
  if (!shop.legalInFooter) for (const x of shop.legal) c(x);
  if (has("filiale")) c(pick([`${B} Filiale ${filiale}`, `Filiale: ${B} ${town.split(" ")[1]}`, `${B} Markt ${filiale}`, `Ihr ${B} in ${town.split(" ")[1]}`]));
  else if (chance(0.4)) c(pick([`Filiale ${filiale}`, `Markt ${filiale}`, `Fil.-Nr. ${filiale}`]));
  c(street);
  c(town);
  if (chance(0.7)) c(pick([`Tel.: 0${int(200, 999)} / ${int(100000, 9999999)}`, `Telefon 0${int(30, 89)}-${int(1000000, 9999999)}`, `Tel. 0${int(2000, 9999)} ${int(10000, 99999)}`]));
  const urlAtTop = plan !== undefined && chance(0.5);
  if (plan) {
    if (has("url") && urlAtTop) c(pick([`www.${slug(B)}.de`, `${slug(B)}.de`]));
    if (has("mail") && urlAtTop) c(pick([`E-Mail: service@${slug(B)}.de`, `info@${slug(B)}.de`]));
    if (chance(0.3)) c(pick(["Mo-Sa 7:00 - 22:00 Uhr", "Öffnungszeiten Mo-Sa 8-20 Uhr"]));
  } else if (chance(0.4)) c(pick(["Mo-Sa 7:00 - 22:00 Uhr", "Öffnungszeiten Mo-Sa 8-20 Uhr", `www.${shop.truth.toLowerCase().replace(/[^a-z]/g, "")}.de`]));
  if (chance(0.5)) c(pick([`UID Nr.: DE${int(100000000, 999999999)}`, `USt-IdNr. DE${int(100000000, 999999999)}`, `St.-Nr. ${int(10, 99)}/${int(100, 999)}/${int(10000, 99999)}`]));
  l("");
  // Items
  if (chance(0.6)) l(lr("", "EUR", W));
  let total = 0;
  const taxSums: Record<string, number> = {};
  const add = (name: string, amount: number, tax: string): void => {
    total += amount;
    taxSums[tax] = (taxSums[tax] ?? 0) + amount;
  };
  if (shop.kind === "petrol") {
    const fuel = pick(ITEMS.petrol.slice(0, 2));
    const litres = int(2000, 6000) / 100;
    const ppl = int(1659, 1899) / 1000;
    const amt = Math.round(litres * ppl * 100) / 100;
    l(`Säule ${int(1, 8)} ${fuel[0]}`);
    l(lr(`  ${de(litres)} l x ${ppl.toFixed(3).replace(".", ",")} EUR/l`, `${de(amt)} A`, W));
    add(fuel[0], amt, "A");
    for (let i = 0; i < int(0, 2); i += 1) {
      const it = pick(ITEMS.petrol.slice(2));
      l(lr(it[0], `${de(it[1])} A`, W));
      add(it[0], it[1], "A");
    }
  } else {
    const n = int(3, 12);
    for (let i = 0; i < n; i += 1) {
      const it = pick(ITEMS[shop.kind]);
      const q = chance(0.2) ? int(2, 4) : 1;
      const amt = Math.round(q * it[1] * 100) / 100;
      if (q > 1) {
        if (chance(0.5)) {
          l(`  ${q} x ${de(it[1])}`);
          l(lr(it[0].slice(0, W - 10), `${de(amt)} ${it[2]}`, W));
        } else {
          l(lr(it[0].slice(0, W - 10), `${de(amt)} ${it[2]}`, W));
          l(`  ${q} Stk x ${de(it[1])}`);
        }
      } else l(lr(it[0].slice(0, W - 10), `${de(amt)} ${it[2]}`, W));
      add(it[0], amt, it[2]);
      if (shop.kind !== "bakery" && /cola|wasser|bier/i.test(it[0])) {
        const pf = q * (/bier/i.test(it[0]) ? 0.08 : 0.25);
        l(lr(`Pfand ${de(/bier/i.test(it[0]) ? 0.08 : 0.25)}`, `${de(pf)} A *`, W));
        add("Pfand", pf, "A");
      }
    }
    if (chance(0.25)) {
      const disc = Math.min(total / 4, pick([0.5, 1, 1.5]));
      l(lr(pick(["Rabatt 10%", "Coupon -1,00", "Preisvorteil", "Aktionsrabatt"]), `-${de(disc)} B`, W));
      add("Rabatt", -disc, "B");
    }
  }
  total = Math.round(total * 100) / 100;
  const sep = pick(["-", "=", "-", " "]);
  if (sep !== " ") l(sep.repeat(W));
  // Total
  const totalLabel = pick(["SUMME", "SUMME EUR", "Summe", "zu zahlen", "Gesamtbetrag", "Total", "SUMME EUR", "Zu zahlen EUR", "Summe EUR"]);
  const big = chance(0.5);
  l(lr(totalLabel, /EUR/.test(totalLabel) || chance(0.5) ? de(total) : `EUR ${de(total)}`, big ? Math.floor(W / 2) : W), { bold: true, big });
  if (sep !== " " && chance(0.5)) l("=".repeat(W));
  const card = chance(0.55);
  let given = 0;
  if (card) {
    l(lr(pick(["Geg. EC-Cash", "Geg. girocard", "Kartenzahlung", "EC-Karte", "Geg. Kreditkarte", "girocard"]), `EUR ${de(total)}`, W));
  } else {
    given = Math.ceil(total / 5) * 5 + (chance(0.3) ? 5 : 0);
    if (given === total) given += 5;
    l(lr(pick(["Geg. BAR", "Gegeben", "Bar", "BAR", "Gegeben BAR EUR"]), de(given), W));
    l(lr(pick(["Rückgeld", "Rückgeld BAR", "Zurück", "Rueckgeld EUR"]), de(given - total), W));
  }
  l("");
  // Tax table
  const rate: Record<string, number> = shop.kind === "drug" ? { "1": 19, "2": 7 } : { A: 19, B: 7 };
  const taxTable = (): void => {
    const style = int(0, 2);
    if (style === 0) l(lr("Steuer  %   Netto", "Steuer  Brutto", W));
    else if (style === 1) l("MWST%   MWST  +  Netto  =  Brutto".slice(0, W));
    else l(lr("MwSt-Satz  Netto", "MwSt   Brutto", W));
    let n = 0;
    let t = 0;
    for (const [k, gross] of Object.entries(taxSums)) {
      const r = rate[k] ?? 19;
      const net = Math.round((gross / (1 + r / 100)) * 100) / 100;
      const tax = Math.round((gross - net) * 100) / 100;
      n += net;
      t += tax;
      if (style === 1) l(lr(`${k} ${r}%   ${de(tax)}`, `${de(net)}    ${de(gross)}`, W));
      else l(lr(`${k}= ${r},0%  ${de(net)}`, `${de(tax)}   ${de(gross)}`, W));
    }
    if (style !== 1 || chance(0.5)) l(lr(pick(["Gesamtbetrag", "Summe", "Gesamt"]) + `  ${de(n)}`, `${de(t)}   ${de(total)}`, W));
  };
  // Card slip
  const slip = (): void => {
    c(pick(["* * Kundenbeleg * *", "Kundenbeleg", "- Kundenbeleg -", "Kartenzahlung"]));
    if (chance(0.6)) c(pick(["girocard", "Debit Mastercard", "VISA", "girocard kontaktlos"]));
    l(lr("Datum", chance(0.5) ? dmy2 : dmy, W));
    l(lr("Uhrzeit", `${hm}:${p2(ss)} Uhr`, W));
    l(lr("Beleg-Nr.", String(int(1000, 9999)), W));
    l(lr("Trace-Nr.", String(int(100000, 999999)), W));
    l(lr("Terminal-ID", String(int(50000000, 59999999)), W));
    if (chance(0.5)) l(lr("VU-Nr.", String(int(100000000, 999999999)), W));
    if (chance(0.5)) l(`AS-Zeit ${p2(d)}.${p2(mo)}. ${hm} Uhr`);
    l(lr("Betrag EUR", de(total), W), { bold: true });
    c(pick(["Zahlung erfolgt", "GENEHMIGT", "Autorisierung erfolgt"]));
    l("");
  };
  const tse = (): void => {
    l(lr("TSE-Transaktion:", String(int(10000, 999999)), W));
    l(lr("TSE-Signaturzähler:", String(int(10000, 999999)), W));
    l(`TSE-Start: ${date}T${hm}:${p2(Math.max(0, ss - 30))}.000`);
    l(`TSE-Stop: ${date}T${hm}:${p2(ss)}.000`);
    l("TSE-Seriennummer:");
    l("b7d4e1c2a09f33e8a7c0d8a4b1f9e02c5d6a7b8c".slice(0, W));
    if (chance(0.4)) l("TSE-Signatur: MEUCIQDx3k9aZ0LrtP2q/7hF".slice(0, W));
  };
  const dateLine = (): void => {
    const kasse = int(1, 9);
    const bon = int(1000, 9999);
    const bed = int(100, 999999);
    const v = int(0, 5);
    if (v === 0) l(`${dmy}  ${hm}  Bon-Nr.:${bon}`.slice(0, W + 8));
    else if (v === 1) l(`${filiale} ${bon}/${kasse}  ${dmy2} ${hm}`);
    else if (v === 2) l(lr(`Datum: ${dmy}`, `Zeit: ${hm}`, W));
    else if (v === 3) l(lr(`${dmy}`, `${hm}:${p2(ss)}`, W));
    else if (v === 4) l(lr(`Bon ${bon} Kasse ${kasse}`, `${dmy2} ${hm}`, W));
    else l(`${dmy} ${hm} Kasse:${kasse} Bed.:${bed}`);
    if (v !== 5 && chance(0.6)) l(`Markt:${filiale} Kasse:${kasse} Bed.:${bed}`);
  };
  const blocks = [taxTable, ...(card ? [slip] : [])];
  if (chance(0.5)) blocks.reverse();
  const footerDateFirst = chance(0.5);
  if (footerDateFirst) dateLine();
  for (const b of blocks) {
    b();
    l("");
  }
  if (chance(0.7)) tse();
  if (!footerDateFirst) dateLine();
  if (has("app")) {
    l("*".repeat(W));
    c(pick([`${B} Plus App`, `Jetzt mit der ${B} App sparen!`, `${B}card Punkte: ${int(10, 900)}`, `Mit ${B} Plus gespart: ${de(int(10, 300) / 100)} EUR`, `${B} Card Nr. ####${int(1000, 9999)}`]));
  } else if (chance(0.35)) {
    l("*".repeat(W));
    l(pick(["Ihre PAYBACK Punkte", "PAYBACK Karten-Nr.: ####1234", "Mit Ihrer Kundenkarte gespart:"]));
    l(lr("Punktestand vor Einkauf:", String(int(100, 5000)), W));
    l(lr("Punkte dieser Einkauf:", String(int(1, 40)), W));
    if (chance(0.5)) l(`Coupon gültig bis ${p2(int(1, 28))}.${p2(int(1, 12))}.${y + 1}`);
  }
  if (shop.legalInFooter) {
    l("");
    for (const x of shop.legal) c(x);
    if (chance(0.5)) c(`${pick(STREETS)}, ${pick(TOWNS)}`);
  }
  if (plan && !urlAtTop && (has("url") || has("mail"))) {
    l("");
    if (has("url")) c(pick([`www.${slug(B)}.de`, `Mehr unter www.${slug(B)}.de`]));
    if (has("mail")) c(pick([`Kontakt: kundenservice@${slug(B)}.de`, `info@${slug(B)}.de`]));
  }
  l("");
  if (has("thanks")) c(pick([`Vielen Dank für Ihren Einkauf bei ${B}`, `Ihr ${B}-Team`, `${B} sagt Danke!`, `Danke für Ihren Einkauf bei ${B}!`, `Vielen Dank, Ihr ${B} Team`]));
  else c(pick(["Vielen Dank für Ihren Einkauf", "Vielen Dank und auf Wiedersehen", "Danke für Ihren Einkauf!", "Wir danken für Ihren Besuch", "Vielen Dank! Bis bald."]));
  if (chance(0.3)) c(pick(["Umtausch nur mit Kassenbon", "Bitte Kassenbon aufbewahren"]));
  void idx;
  return { lines, total, date };
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function render(lines: Line[], file: string): Promise<void> {
  const font = pick(["DejaVu Sans Mono", "Liberation Mono", "DejaVu Sans Mono"]);
  const fs = int(15, 21);
  const cw = fs * 0.6;
  const cols = Math.max(...lines.map((l) => l.text.length), 30);
  const margin = int(20, 50);
  const width = Math.round(cols * cw + 2 * margin);
  const lh = Math.round(fs * pick([1.15, 1.25, 1.35]));
  let yy = margin + lh;
  const ink = pick(["#111", "#222", "#333", "#444", "#555"]);
  const parts: string[] = [];
  for (const l of lines) {
    const size = l.logo ? fs * pick([1.8, 2.2, 2.6]) : l.big ? fs * 1.5 : fs;
    if (l.shape) {
      // a picture logo drawn as shapes: nothing OCR can spell
      const h = fs * pick([2, 2.4, 2.8]);
      const top = yy - fs;
      if (l.shape === "emblem") {
        const w = int(120, 220);
        parts.push(`<ellipse cx="${width / 2}" cy="${top + h / 2}" rx="${w / 2}" ry="${h / 2}" fill="${ink}"/>`);
        parts.push(`<path d="M ${width / 2 - w / 3} ${top + h * 0.7} L ${width / 2} ${top + h * 0.2} L ${width / 2 + w / 3} ${top + h * 0.7} Z" fill="#fff"/>`);
      } else if (l.shape === "wordmark") {
        // letter-like strokes: bars, rings and wedges in a row, slanted
        const n = int(4, 8);
        const lw = h * 0.55;
        const x0 = (width - n * lw * 1.15) / 2;
        const glyphs: string[] = [];
        for (let k = 0; k < n; k += 1) {
          const x = x0 + k * lw * 1.15;
          const g = int(0, 3);
          if (g === 0) glyphs.push(`<rect x="${x}" y="${top}" width="${lw * 0.35}" height="${h}" fill="${ink}"/><rect x="${x}" y="${top + h * 0.4}" width="${lw}" height="${h * 0.22}" fill="${ink}"/>`);
          else if (g === 1) glyphs.push(`<circle cx="${x + lw / 2}" cy="${top + h / 2}" r="${lw / 2}" fill="none" stroke="${ink}" stroke-width="${lw * 0.3}"/>`);
          else if (g === 2) glyphs.push(`<path d="M ${x} ${top + h} L ${x + lw / 2} ${top} L ${x + lw} ${top + h} Z" fill="${ink}"/>`);
          else glyphs.push(`<path d="M ${x} ${top} Q ${x + lw * 1.4} ${top + h / 2} ${x} ${top + h}" fill="none" stroke="${ink}" stroke-width="${lw * 0.32}"/>`);
        }
        parts.push(`<g transform="skewX(-12) translate(${h * 0.25} 0)">${glyphs.join("")}</g>`);
      } else {
        const r = h / 2;
        parts.push(`<circle cx="${width / 2 - r * 1.2}" cy="${top + r}" r="${r}" fill="${ink}"/>`);
        parts.push(`<path d="M ${width / 2 - r * 1.2} ${top + r * 0.3} L ${width / 2 - r * 0.7} ${top + r * 1.5} L ${width / 2 - r * 1.7} ${top + r * 1.5} Z" fill="#fff"/>`);
        parts.push(`<rect x="${width / 2}" y="${top + r * 0.4}" width="${r * 2.4}" height="${r * 0.35}" fill="${ink}"/><rect x="${width / 2}" y="${top + r * 1.2}" width="${r * 1.6}" height="${r * 0.35}" fill="${ink}"/>`);
      }
      yy += h + fs;
      continue;
    }
    if (l.logo && l.text === "") {
      // a picture logo: a dark rounded blob with a white swoosh
      const w = int(120, 220);
      parts.push(`<rect x="${(width - w) / 2}" y="${yy - fs}" width="${w}" height="${fs * 2.4}" rx="12" fill="${ink}"/>`);
      parts.push(`<path d="M ${(width - w) / 2 + 15} ${yy + fs * 0.6} Q ${width / 2} ${yy - fs} ${(width + w) / 2 - 15} ${yy + fs * 0.4}" stroke="#fff" stroke-width="5" fill="none"/>`);
      yy += fs * 3;
      continue;
    }
    if (l.big || l.logo) yy += size - fs;
    const fam = l.logo ? pick(["DejaVu Sans", "DejaVu Serif", "Liberation Sans"]) : font;
    const weight = l.bold || l.logo ? "bold" : "normal";
    const style = l.logo && chance(0.3) ? "italic" : "normal";
    const x = l.center ? width / 2 : margin;
    const anchor = l.center ? "middle" : "start";
    parts.push(
      `<text x="${x}" y="${yy}" font-family="${fam}" font-size="${size}" font-weight="${weight}" font-style="${style}" text-anchor="${anchor}" fill="${ink}" xml:space="preserve">${esc(l.text)}</text>`,
    );
    yy += lh + (l.big || l.logo ? 4 : 0);
  }
  const height = Math.round(yy + margin);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>`;
  let img = sharp(Buffer.from(svg)).flatten({ background: "#ffffff" });
  const rot = HARD ? (rnd() - 0.5) * 6 : chance(0.4) ? (rnd() - 0.5) * 4 : 0;
  const blur = HARD ? pick([0.8, 1.0, 1.2, 1.4]) : pick([0, 0.4, 0.6, 0.8, 1.0]);
  let buf = await img.png().toBuffer();
  img = sharp(buf);
  if (blur > 0.3) img = img.blur(blur);
  if (rot !== 0) img = img.rotate(rot, { background: "#f4f4f0" });
  buf = await img.raw().toBuffer({ resolveWithObject: false });
  const meta = await sharp(await img.png().toBuffer()).metadata();
  const w = meta.width as number;
  const h = meta.height as number;
  const ch = buf.length / (w * h);
  // paper tint + noise + faded ink
  const noise = HARD ? pick([12, 18, 25]) : pick([4, 8, 12, 18]);
  const fade = HARD ? pick([30, 50, 70]) : pick([0, 0, 20, 40]);
  const shadow = HARD ? pick([0, 40, 70]) : 0;
  for (let i = 0; i < buf.length; i += 1) {
    let v = buf[i] as number;
    const px = Math.floor(i / ch);
    const gx = (px % w) / w;
    const gy = Math.floor(px / w) / h;
    v = v + (255 - v) * (fade / 255) - 10 * (i % ch === 2 ? 1 : 0.6) + (rnd() - 0.5) * 2 * noise - shadow * Math.max(0, gx + gy - 0.8);
    buf[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  // occasional specks
  for (let k = 0; k < int(0, 60); k += 1) {
    const p = int(0, w * h - 1) * ch;
    for (let j = 0; j < ch; j += 1) buf[p + j] = 40;
  }
  // downscale a little sometimes (phone photo of a scan)
  let out = sharp(buf, { raw: { width: w, height: h, channels: ch as 3 | 4 } });
  const scale = HARD ? pick([0.6, 0.7, 0.8]) : pick([1, 1, 0.85, 0.75]);
  if (scale !== 1) out = out.resize(Math.round(w * scale));
  await out.jpeg({ quality: HARD ? pick([35, 45, 55]) : pick([55, 65, 75, 85]) }).toFile(file);
}

const manifest: { file: string; company: string; date: string; total: string; brandAt?: string }[] = [];
const N = Number(process.argv[3] ?? 30);
for (let i = 0; i < N; i += 1) {
  const shops = process.env.DE_SHOPS === "umlaut" ? UMLAUT_SHOPS : SHOPS;
  const logo = LOGO ? logoShop(LOGO_BRANDS[i % LOGO_BRANDS.length] as LogoBrand) : undefined;
  const shop = logo?.shop ?? (shops[i % shops.length] as Shop);
  const r = buildReceipt(shop, i, logo?.plan);
  const name = `de${String(i + 1).padStart(3, "0")}`;
  writeFileSync(path.join(OUT, `${name}.txt`), r.lines.map((l) => (l.center ? l.text.padStart(Math.floor((40 + l.text.length) / 2)) : l.text)).join("\n") + "\n");
  await render(r.lines, path.join(OUT, `${name}.jpg`));
  manifest.push({ file: `${name}.jpg`, company: shop.truth, date: r.date, total: r.total.toFixed(2), ...(logo ? { brandAt: [...logo.plan.places].join(",") } : {}) });
}
writeFileSync(path.join(OUT, "manifest.json"), JSON.stringify(manifest, null, 1));
console.log(`${manifest.length} receipts in ${OUT}`);
