import { describe, it, expect } from "vitest";
import { OriginalCache } from "../../src/pipeline/original.cache.js";

/** A loader that counts its calls and returns `size` bytes. */
function loader(size: number) {
  const calls = { n: 0 };
  const load = () => {
    calls.n++;
    return Promise.resolve(Buffer.alloc(size, 1));
  };
  return { calls, load };
}

describe("OriginalCache", () => {
  it("reads an original once for all page jobs of a document, also when they ask at the same time", async () => {
    const cache = new OriginalCache({ maxBytes: 1000, idleMs: 60_000 });
    const { calls, load } = loader(100);
    const [a, b] = await Promise.all([cache.get("raw/a", 100, load), cache.get("raw/a", 100, load)]);
    await cache.get("raw/a", 100, load);
    expect(calls.n).toBe(1);
    expect(a).toBe(b);
  });

  it("never holds more bytes than its bound, letting the least recently used original go first", async () => {
    const cache = new OriginalCache({ maxBytes: 250, idleMs: 60_000 });
    const a = loader(100);
    const b = loader(100);
    const c = loader(100);
    await cache.get("a", 100, a.load);
    await cache.get("b", 100, b.load);
    await cache.get("a", 100, a.load); // a is now more recent than b
    await cache.get("c", 100, c.load);
    expect(cache.heldBytes).toBeLessThanOrEqual(250);
    await cache.get("a", 100, a.load);
    await cache.get("b", 100, b.load);
    expect(a.calls.n).toBe(1);
    expect(b.calls.n).toBe(2);
  });

  it("does not keep an original larger than the bound", async () => {
    const cache = new OriginalCache({ maxBytes: 50, idleMs: 60_000 });
    const big = loader(100);
    await cache.get("big", 100, big.load);
    await cache.get("big", 100, big.load);
    expect(big.calls.n).toBe(2);
    expect(cache.heldBytes).toBe(0);
  });

  it("reads again after a failed read or a file whose size is not the uploaded one", async () => {
    const cache = new OriginalCache({ maxBytes: 1000, idleMs: 60_000 });
    let n = 0;
    const flaky = () => (++n === 1 ? Promise.reject(new Error("storage down")) : Promise.resolve(Buffer.alloc(10)));
    await expect(cache.get("f", 10, flaky)).rejects.toThrow("storage down");
    await expect(cache.get("f", 10, flaky)).resolves.toHaveLength(10);
    const short = loader(5);
    await cache.get("s", 10, short.load);
    await cache.get("s", 10, short.load);
    expect(short.calls.n).toBe(2);
    expect(cache.heldBytes).toBe(10);
  });

  it("lets go of an original nobody asked for within the idle time", async () => {
    let now = 0;
    const cache = new OriginalCache({ maxBytes: 1000, idleMs: 1000, now: () => now });
    const { calls, load } = loader(100);
    await cache.get("a", 100, load);
    now = 1500;
    await cache.get("a", 100, load);
    expect(calls.n).toBe(2);
  });
});
