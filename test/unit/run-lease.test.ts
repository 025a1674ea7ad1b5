import { describe, expect, it } from "vitest";
import { crashedTooOften, decideLease, holdsLease, isLeaseLost, LeaseLostError } from "../../src/documents/transitions/index.js";
import { AppError } from "../../src/errors/app.error.js";

const now = new Date("2026-12-03T08:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("run lease decision", () => {
  it("a document no run holds is free to take (never run, finished, or handed back on SIGTERM)", () => {
    expect(decideLease({ runToken: null, leaseExpiresAt: null }, now)).toEqual({ kind: "free" });
    expect(decideLease({ runToken: null, leaseExpiresAt: later(-5_000) }, now)).toEqual({ kind: "free" });
  });

  it("a live lease of another run is left alone until it expires, however quiet the run is", () => {
    expect(decideLease({ runToken: "a", leaseExpiresAt: later(1) }, now)).toEqual({ kind: "held", until: later(1) });
  });

  it("a lease that ran out without a hand-back means the run's worker died: take over", () => {
    expect(decideLease({ runToken: "a", leaseExpiresAt: now }, now)).toEqual({ kind: "expired", previous: "a" });
    expect(decideLease({ runToken: "a", leaseExpiresAt: later(-1) }, now)).toEqual({ kind: "expired", previous: "a" });
    expect(decideLease({ runToken: "a", leaseExpiresAt: null }, now)).toEqual({ kind: "expired", previous: "a" });
  });

  it("the lease of the same job's previous run, cut off by an outage, is taken over as the job's own, live or expired, without a death", () => {
    expect(decideLease({ runToken: "a", leaseExpiresAt: later(10_000) }, now, "a")).toEqual({ kind: "free" });
    expect(decideLease({ runToken: "a", leaseExpiresAt: later(-1) }, now, "a")).toEqual({ kind: "free" });
    // Another run's lease is not the job's to take.
    expect(decideLease({ runToken: "b", leaseExpiresAt: later(10_000) }, now, "a")).toEqual({ kind: "held", until: later(10_000) });
    expect(decideLease({ runToken: "b", leaseExpiresAt: later(-1) }, now, "a")).toEqual({ kind: "expired", previous: "b" });
  });

  it("only the token decides whether a run still holds the document", () => {
    expect(holdsLease({ runToken: "a" }, "a")).toBe(true);
    expect(holdsLease({ runToken: "b" }, "a")).toBe(false);
    expect(holdsLease({ runToken: null }, "a")).toBe(false);
  });

  it("fails the document at exactly the crash limit", () => {
    expect(crashedTooOften(2, 3)).toBe(false);
    expect(crashedTooOften(3, 3)).toBe(true);
    expect(crashedTooOften(1, 1)).toBe(true);
  });

  it("a refused run gets a typed LEASE_LOST error", () => {
    const error = new LeaseLostError("doc", "run");
    expect(error.code).toBe("LEASE_LOST");
    expect(isLeaseLost(error)).toBe(true);
    expect(isLeaseLost(new AppError("CONFLICT", "x"))).toBe(false);
    expect(isLeaseLost(new Error("LEASE_LOST"))).toBe(false);
  });
});
