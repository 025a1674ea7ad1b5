/**
 * SHA-256 of a file that may be larger than a browser tab should hold.
 *
 * WebCrypto's `digest` takes the whole input in one buffer and has no
 * streaming form, and SHA-256 states cannot be combined from separately
 * hashed parts. So a file up to {@link WHOLE_FILE_DIGEST_MAX_BYTES} is read
 * once and hashed by WebCrypto (native speed, a transient buffer of the
 * file's size); a larger one is read in slices and fed to the incremental
 * FIPS 180-4 implementation below, which holds one slice at a time.
 */

/** Files up to this size are hashed by WebCrypto in one buffer; larger ones are streamed. */
export const WHOLE_FILE_DIGEST_MAX_BYTES = 64 * 1024 * 1024;

/** Bytes read from a Blob per step when streaming. */
export const HASH_SLICE_BYTES = 4 * 1024 * 1024;

// Int32Array throughout: signed 32-bit words keep V8 on small-integer arithmetic (unsigned ones above 2^31 become doubles).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
  0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** An incremental SHA-256: `update` with the bytes in order, any split, then `hex` once. */
export class Sha256 {
  private readonly h = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private readonly w = new Int32Array(64);
  /** Bytes of an incomplete 64-byte block carried to the next update. */
  private readonly pending = new Uint8Array(64);
  private pendingLength = 0;
  private length = 0;
  private finished = false;

  /** Feed the next bytes. */
  update(bytes: Uint8Array): this {
    if (this.finished) throw new Error("Sha256: update after hex()");
    this.length += bytes.length;
    let offset = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(64 - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < 64) return this;
      this.block(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; offset + 64 <= bytes.length; offset += 64) this.block(bytes, offset);
    this.pending.set(bytes.subarray(offset), 0);
    this.pendingLength = bytes.length - offset;
    return this;
  }

  /** The digest as 64 lowercase hex digits; the hash takes no more bytes afterwards. */
  hex(): string {
    if (this.finished) throw new Error("Sha256: hex() called twice");
    const bits = this.length * 8;
    // Padding: 0x80, zeros up to 56 mod 64, then the length in bits as a 64-bit big-endian number.
    const padLength = this.pendingLength < 56 ? 64 - this.pendingLength : 128 - this.pendingLength;
    const pad = new Uint8Array(padLength);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(padLength - 8, Math.floor(bits / 0x100000000));
    view.setUint32(padLength - 4, bits >>> 0);
    this.update(pad);
    this.finished = true;
    return Array.from(this.h, (word) => (word >>> 0).toString(16).padStart(8, "0")).join("");
  }

  private block(bytes: Uint8Array, offset: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    const h = this.h;
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
}

const toHex = (digest: ArrayBuffer) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");

/** Options of {@link sha256OfBlob}. */
export interface BlobHashOptions {
  /** Called after each slice with the bytes hashed so far (streamed files only; a whole-file digest reports once at the end). */
  onProgress?: (hashed: number, total: number) => void;
  /** Override {@link WHOLE_FILE_DIGEST_MAX_BYTES}. */
  wholeFileMaxBytes?: number;
  /** Override {@link HASH_SLICE_BYTES}. */
  sliceBytes?: number;
}

/**
 * Hex SHA-256 of a Blob (a browser File, or Node's `openAsBlob`): WebCrypto in
 * one buffer up to `wholeFileMaxBytes`, streamed slice by slice above it, so a
 * multi-gigabyte file never sits in memory. Each slice is awaited, which also
 * lets a page repaint between slices.
 */
export async function sha256OfBlob(blob: Blob, options: BlobHashOptions = {}): Promise<string> {
  const total = blob.size;
  if (total <= (options.wholeFileMaxBytes ?? WHOLE_FILE_DIGEST_MAX_BYTES)) {
    const hex = toHex(await globalThis.crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
    options.onProgress?.(total, total);
    return hex;
  }
  const slice = Math.max(64, options.sliceBytes ?? HASH_SLICE_BYTES);
  const hash = new Sha256();
  for (let offset = 0; offset < total; offset += slice) {
    hash.update(new Uint8Array(await blob.slice(offset, Math.min(total, offset + slice)).arrayBuffer()));
    options.onProgress?.(Math.min(total, offset + slice), total);
  }
  return hash.hex();
}
