import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256OfBlob } from "../../src/client/sha256.stream.js";

const nodeSha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

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
    // Slices that do not fall on SHA-256's 64-byte blocks, and the NIST example "abc" streamed byte by byte.
    expect(await sha256OfBlob(new Blob([bytes]), { wholeFileMaxBytes: 0, sliceBytes: 65 })).toBe(nodeSha(bytes));
    expect(await sha256OfBlob(new Blob(["abc"]), { wholeFileMaxBytes: 0, sliceBytes: 1 })).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes a Blob up to the bound with WebCrypto in one read, reporting once at the end", async () => {
    const bytes = randomBytes(4096);
    const progress: [number, number][] = [];
    expect(await sha256OfBlob(new Blob([bytes]), { wholeFileMaxBytes: 4096, onProgress: (hashed, total) => progress.push([hashed, total]) })).toBe(nodeSha(bytes));
    expect(progress).toEqual([[4096, 4096]]);
    expect(await sha256OfBlob(new Blob([]))).toBe(nodeSha(new Uint8Array()));
  });
});
