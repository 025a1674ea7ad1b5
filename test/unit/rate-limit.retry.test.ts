import { describe, expect, it } from "vitest";
import { FolioClientError } from "../../src/client/folio-client.js";
import { rateLimitWait, retryRateLimited } from "../../src/client/rate-limit.retry.js";

const limited = (seconds: unknown) =>
  new FolioClientError("RATE_LIMITED", "Too many uploads", [{ message: "Too many uploads", extensions: { code: "RATE_LIMITED", retryAfterSeconds: seconds } }]);

/** An operation that fails with the given errors in turn, then returns "done"; counts its calls. */
function failingWith(...errors: unknown[]) {
  let calls = 0;
  const run = async () => {
    const error = errors[calls++];
    if (error !== undefined) throw error;
    return "done";
  };
  return { run, calls: () => calls };
}

describe("retryRateLimited", () => {
  it("waits the seconds a RATE_LIMITED answer names, then runs the operation again", async () => {
    const slept: number[] = [];
    const told: number[] = [];
    const op = failingWith(limited(3), limited(1));
    const result = await retryRateLimited(op.run, { sleep: async (ms) => void slept.push(ms), onWait: (s) => void told.push(s) });
    expect(result).toBe("done");
    expect(op.calls()).toBe(3);
    expect(slept).toEqual([3000, 1000]);
    expect(told).toEqual([3, 1]);
  });

  it("never retries another refusal: it would only repeat", async () => {
    const op = failingWith(new FolioClientError("VALIDATION_FAILED", "bad", [{ message: "bad", extensions: { code: "VALIDATION_FAILED" } }]));
    await expect(retryRateLimited(op.run, { sleep: async () => undefined })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(op.calls()).toBe(1);
  });

  it("gives up after maxAttempts, and at once when the server asks for a longer wait than allowed", async () => {
    const always = failingWith(limited(1), limited(1), limited(1), limited(1));
    await expect(retryRateLimited(always.run, { maxAttempts: 3, sleep: async () => undefined })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(always.calls()).toBe(3);
    const long = failingWith(limited(900));
    await expect(retryRateLimited(long.run, { maxWaitSeconds: 300, sleep: async () => undefined })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(long.calls()).toBe(1);
  });

  it("reads the wait only from a RATE_LIMITED error with a usable number of seconds", () => {
    expect(rateLimitWait(limited(26))).toBe(26);
    expect(rateLimitWait(limited("26"))).toBeNull();
    expect(rateLimitWait(limited(-1))).toBeNull();
    expect(rateLimitWait(new Error("fetch failed"))).toBeNull();
  });
});
