/**
 * Bytes of an XML attachment → text, in the encoding the bytes announce: a
 * byte-order mark (UTF-8, UTF-16 LE/BE), or for UTF-16 without one the
 * zero bytes around the opening `<?` / `<`. XML in UTF-16 is well-formed
 * (every parser must read it), and some e-invoice exporters write it.
 * Anything else is read as UTF-8, as e-invoice standards require.
 */

/** The encoding of XML bytes, judged from their first bytes. */
export function xmlEncoding(bytes: Uint8Array): "utf-8" | "utf-16le" | "utf-16be" {
  const [a, b] = [bytes[0], bytes[1]];
  if (a === 0xff && b === 0xfe) return "utf-16le";
  if (a === 0xfe && b === 0xff) return "utf-16be";
  if (a === 0x3c && b === 0x00) return "utf-16le";
  if (a === 0x00 && b === 0x3c) return "utf-16be";
  return "utf-8";
}

/** XML bytes as text (the byte-order mark dropped; malformed sequences become U+FFFD, never an exception). */
export function decodeXml(bytes: Uint8Array): string {
  const encoding = xmlEncoding(bytes);
  // A UTF-16 text cut at an odd length (a head of the file) loses its last half character, not its sense.
  const whole = encoding === "utf-8" || bytes.byteLength % 2 === 0 ? bytes : bytes.subarray(0, bytes.byteLength - 1);
  return new TextDecoder(encoding, { fatal: false }).decode(whole).replace(/^\uFEFF/, "");
}
