import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Sha256, sha256OfBlob } from "../../src/client/sha256.stream.js";

const nodeSha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("the incremental SHA-256 (files too large for one WebCrypto buffer)", () => {
  it("gives the standard digest around every padding boundary (0–130 bytes), fed whole or byte by byte", () => {
    const bytes = randomBytes(130);
    for (let length = 0; length <= 130; length++) {
      const input = bytes.subarray(0, length);
      expect(new Sha256().update(input).hex(), `length ${length}`).toBe(nodeSha(input));
      const bytewise = new Sha256();
      for (const byte of input) bytewise.update(Uint8Array.of(byte));
      expect(bytewise.hex(), `length ${length}, byte by byte`).toBe(nodeSha(input));
    }
  });

  it("gives the same digest however the bytes are split (uneven pieces across block boundaries)", () => {
    const bytes = randomBytes(1_000_003);
    const hash = new Sha256();
    const pieces = [1, 63, 64, 65, 4095, 100_000, 7];
    for (let offset = 0, i = 0; offset < bytes.length; i++) {
      const next = Math.min(bytes.length, offset + pieces[i % pieces.length]!);
      hash.update(bytes.subarray(offset, next));
      offset = next;
    }
    expect(hash.hex()).toBe(nodeSha(bytes));
    // The NIST example "abc".
    expect(new Sha256().update(new TextEncoder().encode("abc")).hex()).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("refuses to go on after the digest was taken", () => {
    const hash = new Sha256();
    hash.hex();
    expect(() => hash.update(Uint8Array.of(1))).toThrow();
    expect(() => hash.hex()).toThrow();
  });
});

describe("sha256OfBlob", () => {
  it("streams a Blob above the whole-file bound slice by slice, never reading it whole, and reports the bytes hashed", async () => {
    const bytes = randomBytes(10_000);
    const blob = new Blob([bytes]);
    // Reading the whole file at once is what the streamed path must avoid.
    blob.arrayBuffer = () => Promise.reject(new Error("read the whole file"));
    const progress: number[] = [];
    const hex = await sha256OfBlob(blob, { wholeFileMaxBytes: 4096, sliceBytes: 3000, onProgress: (hashed, total) => progress.push(hashed / total) });
    expect(hex).toBe(nodeSha(bytes));
    expect(progress).toEqual([0.3, 0.6, 0.9, 1]);
  });

  it("hashes a Blob up to the bound with WebCrypto in one read, reporting once at the end", async () => {
    const bytes = randomBytes(4096);
    const progress: [number, number][] = [];
    expect(await sha256OfBlob(new Blob([bytes]), { wholeFileMaxBytes: 4096, onProgress: (hashed, total) => progress.push([hashed, total]) })).toBe(nodeSha(bytes));
    expect(progress).toEqual([[4096, 4096]]);
    expect(await sha256OfBlob(new Blob([]))).toBe(nodeSha(new Uint8Array()));
  });
});
