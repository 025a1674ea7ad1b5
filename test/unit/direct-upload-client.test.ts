import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/client/direct-upload.js";

describe("the SDK's SHA-256 for direct uploads", () => {
  it("hashes exactly the bytes of a Node Buffer that shares a larger pool, a Uint8Array view and a Blob", async () => {
    const pooled = Buffer.from("a small buffer lives inside Node's shared 8 KiB pool");
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    const expected = createHash("sha256").update(pooled).digest("hex");
    expect(await sha256Hex(pooled)).toBe(expected);
    expect(await sha256Hex(new Uint8Array(pooled.buffer, pooled.byteOffset, pooled.length))).toBe(expected);
    expect(await sha256Hex(new Blob([pooled]))).toBe(expected);
  });
});
