/** Longest filename offered to a browser, in characters (headers past ~8 KB are refused by proxies). */
const MAX_NAME_CHARS = 200;

/** C0 and C1 control characters, NUL included: never part of a name a person chose. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Unpaired UTF-16 surrogates, which `encodeURIComponent` refuses (URIError). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The filename as offered: control characters removed, lone surrogates
 * replaced by U+FFFD, at most {@link MAX_NAME_CHARS} characters (keeping a
 * short extension), "download" when nothing is left.
 */
export function offeredFilename(raw: string): string {
  const chars = Array.from(raw.replace(LONE_SURROGATE, "\ufffd").replace(CONTROLS, "").trim());
  if (chars.length === 0) return "download";
  if (chars.length <= MAX_NAME_CHARS) return chars.join("");
  const dot = chars.lastIndexOf(".");
  const ext = dot > 0 && chars.length - dot <= 16 ? chars.slice(dot) : [];
  return [...chars.slice(0, MAX_NAME_CHARS - ext.length), ...ext].join("");
}

/** RFC 5987 `attr-char` encoding: percent-encoded UTF-8 of everything but letters, digits and !#$&+-.^_`|~. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition `attachment` header value (RFC 6266) for any
 * filename: a printable-ASCII fallback `filename="…"` (accents dropped, other
 * non-ASCII characters, quotes and backslashes replaced by `_`) for old
 * clients, and the exact name as `filename*=UTF-8''…` (RFC 5987), which
 * current browsers prefer. Never throws and never yields a character Node
 * refuses in a header.
 */
export function attachmentDisposition(filename: string): string {
  return disposition("attachment", filename);
}

/** The same header for a file the browser shows itself (a PDF or an image opened in a tab). */
export function inlineDisposition(filename: string): string {
  return disposition("inline", filename);
}

function disposition(kind: "attachment" | "inline", filename: string): string {
  const name = offeredFilename(filename);
  const fallback = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]|["\\]/gu, "_");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
