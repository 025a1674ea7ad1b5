import { describe, expect, it } from "vitest";
import { isPublicAddress, nonPublicReason, normalizeAddress, resolveAllowedAddresses, WebhookAllowList, type HostResolver } from "../../src/outbound/outbound.address.js";
import { retryDelayMs } from "../../src/webhooks/sender.js";
import { computeSignature, signatureHeader, verifySignature } from "../../src/webhooks/signature.js";
import { validateWebhookEvents } from "../../src/webhooks/events.js";

describe("webhook address checks", () => {
  it.each([
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "127.0.0.1",
    "127.255.0.9",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::127.0.0.1",
    "::127.0.0.1",
    "2001:db8::1",
    "2002:7f00:1::1",
  ])("refuses the non-public address %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:81a::200e", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"])(
    "accepts the public address %s",
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );

  it("names the reason and normalizes mapped IPv4", () => {
    expect(nonPublicReason("127.0.0.1")).toBe("loopback");
    expect(nonPublicReason("::ffff:127.0.0.1")).toBe("loopback");
    expect(nonPublicReason("10.0.0.1")).toBe("private");
    expect(nonPublicReason("fe80::1")).toBe("link-local");
    expect(nonPublicReason("fd00::1")).toMatch(/unique-local/);
    expect(nonPublicReason("not-an-ip")).toBe("not an IP address");
    expect(normalizeAddress("::ffff:7f00:1")).toEqual({ address: "127.0.0.1", family: 4 });
    expect(normalizeAddress("[::1]")).toEqual({ address: "0:0:0:0:0:0:0:1", family: 6 });
  });

  it("allow-lists hostnames, IPs and CIDRs (IPv4 and IPv6, mapped addresses included)", () => {
    const list = new WebhookAllowList(["localhost", "10.0.0.0/8", "192.168.1.5", "fd00::/8", " Receiver.Internal. "]);
    expect(list.allowsHost("LOCALHOST")).toBe(true);
    expect(list.allowsHost("receiver.internal")).toBe(true);
    expect(list.allowsHost("example.com")).toBe(false);
    expect(list.allowsAddress("10.200.3.4")).toBe(true);
    expect(list.allowsAddress("::ffff:10.200.3.4")).toBe(true);
    expect(list.allowsAddress("11.0.0.1")).toBe(false);
    expect(list.allowsAddress("192.168.1.5")).toBe(true);
    expect(list.allowsAddress("192.168.1.6")).toBe(false);
    expect(list.allowsAddress("fd00::1234")).toBe(true);
    expect(list.allowsAddress("fe80::1")).toBe(false);
    expect(() => new WebhookAllowList(["10.0.0.0/33"])).toThrow(/CIDR/);
  });

  it("checks every resolved address, honouring the allow-list", async () => {
    const resolver =
      (answers: Record<string, string[]>): HostResolver =>
      async (host) =>
        (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    const dns = resolver({ "public.test": ["93.184.216.34"], "mixed.test": ["93.184.216.34", "10.0.0.7"], "rebind.test": ["::ffff:127.0.0.1"] });
    const none = new WebhookAllowList([]);
    await expect(resolveAllowedAddresses(new URL("https://public.test/hook"), none, dns)).resolves.toEqual([{ address: "93.184.216.34", family: 4 }]);
    await expect(resolveAllowedAddresses(new URL("https://mixed.test/hook"), none, dns)).rejects.toMatchObject({ code: "WEBHOOK_URL_FORBIDDEN" });
    await expect(resolveAllowedAddresses(new URL("https://rebind.test/hook"), none, dns)).rejects.toMatchObject({ code: "WEBHOOK_URL_FORBIDDEN" });
    await expect(resolveAllowedAddresses(new URL("https://nowhere.test/hook"), none, dns)).rejects.toMatchObject({ code: "WEBHOOK_URL_FORBIDDEN" });
    await expect(resolveAllowedAddresses(new URL("http://[::1]:8080/"), none, dns)).rejects.toMatchObject({ code: "WEBHOOK_URL_FORBIDDEN" });
    await expect(resolveAllowedAddresses(new URL("https://mixed.test/hook"), new WebhookAllowList(["10.0.0.0/24"]), dns)).resolves.toHaveLength(2);
    await expect(resolveAllowedAddresses(new URL("https://rebind.test/hook"), new WebhookAllowList(["rebind.test"]), dns)).resolves.toHaveLength(1);
    await expect(resolveAllowedAddresses(new URL("http://127.0.0.1:9/x"), new WebhookAllowList(["127.0.0.1"]), dns)).resolves.toHaveLength(1);
  });
});

describe("webhook signatures, events and retry schedule", () => {
  it("signs t.body with HMAC-SHA256 and verifies only the exact body", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const header = signatureHeader("whsec_test", '{"a":1}', now);
    expect(header).toBe(`t=1893456000,v1=${computeSignature("whsec_test", 1893456000, '{"a":1}')}`);
    expect(verifySignature("whsec_test", header, '{"a":1}', { now })).toBe(true);
    expect(verifySignature("whsec_test", header, '{"a":2}', { now })).toBe(false);
    expect(verifySignature("whsec_other", header, '{"a":1}', { now })).toBe(false);
    expect(verifySignature("whsec_test", header, '{"a":1}', { now: new Date(now.getTime() + 3_600_000) })).toBe(false);
  });

  it("validates event lists", () => {
    expect(validateWebhookEvents(["document.deleted", "document.completed", "document.completed"])).toEqual(["document.completed", "document.deleted"]);
    expect(() => validateWebhookEvents([])).toThrow(/at least one/);
    expect(() => validateWebhookEvents(["document.exploded"])).toThrow(/Unknown webhook event/);
  });

  it("backs off exponentially with at most 10 % jitter", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(30_000, a, () => 0))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(30_000, 1, () => 0.999)).toBeLessThanOrEqual(33_000);
  });
});
