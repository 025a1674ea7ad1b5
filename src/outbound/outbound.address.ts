/**
 * SSRF protection for webhook URLs. A webhook makes this server send requests
 * to an address a user chose, so without these checks any user could make it
 * talk to the database, Redis, the cloud metadata endpoint or anything else on
 * the private network. Every address a URL's host resolves to must be public,
 * unless the operator allowed the host, IP or range in WEBHOOK_ALLOWED_HOSTS.
 *
 * The checks run at registration (to tell the user early) and again at every
 * delivery against the address actually connected to (DNS answers change, and
 * a name that was public at registration can be rebound to 127.0.0.1 later).
 */
import dns from "node:dns/promises";
import net, { BlockList } from "node:net";
import { AppError, ValidationError } from "../errors/app.error.js";

/** An address a hostname resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to all its addresses (dns.lookup by default; tests inject their own). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (what http.request would use), all addresses, in the resolver's order. */
export const systemResolver: HostResolver = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * A webhook URL (or the address it resolves to) is not allowed: stable code
 * WEBHOOK_URL_FORBIDDEN. What the host resolved to stays in `logDetails` (the
 * operator's log): telling the client would turn the check into a DNS oracle
 * for names that only resolve inside the network.
 */
export class WebhookUrlForbiddenError extends AppError {
  override readonly name = "WebhookUrlForbiddenError";
  constructor(message: string, details?: Record<string, unknown>, logDetails?: Record<string, unknown>) {
    super("WEBHOOK_URL_FORBIDDEN", message, { details, logDetails });
  }
}

/*
 * Non-public IPv4 ranges (RFC 6890 special-purpose registry, minus nothing):
 * an address in any of them never belongs on a webhook receiver's public side.
 */
const NON_PUBLIC_V4: ReadonlyArray<readonly [string, number, string]> = [
  ["0.0.0.0", 8, "unspecified / this network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved / broadcast"],
];

/*
 * Non-public IPv6 ranges inside 2000::/3. Everything outside 2000::/3 (global
 * unicast) is refused anyway — loopback ::1, unspecified ::, unique-local
 * fc00::/7, link-local fe80::/10, multicast ff00::/8 and the rest — except
 * IPv4-mapped and NAT64 addresses, which are judged by the IPv4 they carry.
 */
const NON_PUBLIC_V6: ReadonlyArray<readonly [string, number, string]> = [
  ["2001::", 23, "IETF protocol assignments (Teredo, benchmarking, ORCHID)"],
  ["2001:db8::", 32, "documentation"],
  ["2002::", 16, "6to4 (can tunnel to any IPv4 address)"],
  ["3fff::", 20, "documentation"],
];

const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet("2000::", 3, "ipv6");

/** One BlockList per reason, so a refusal can say why. */
const NON_PUBLIC = [...NON_PUBLIC_V4.map(([a, p, why]) => ({ a, p, why, type: "ipv4" as const })), ...NON_PUBLIC_V6.map(([a, p, why]) => ({ a, p, why, type: "ipv6" as const }))].map(
  ({ a, p, why, type }) => {
    const list = new BlockList();
    list.addSubnet(a, p, type);
    return { list, type, why };
  },
);

/** The 8 16-bit groups of an IPv6 address (with an embedded dotted quad expanded), or null when malformed. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const octets = dotted[1]!.split(".").map(Number);
    if (octets.some((o) => o > 255)) return null;
    text = `${text.slice(0, dotted.index)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

/**
 * The address in canonical form for checking: IPv4 as is; IPv4-mapped
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`) and NAT64 (`64:ff9b::/96`) IPv6
 * addresses as the IPv4 address they reach, because that is where a
 * connection to them ends up. Null for anything that is not an IP address.
 */
export function normalizeAddress(ip: string): ResolvedAddress | null {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const version = net.isIP(bare);
  if (version === 4) return { address: bare, family: 4 };
  if (version !== 6) return null;
  const groups = ipv6Groups(bare);
  if (!groups) return null;
  const embedsV4 =
    (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) || // ::ffff:a.b.c.d (mapped)
    (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)); // 64:ff9b::a.b.c.d (NAT64)
  if (embedsV4) {
    const hi = groups[6]!;
    const lo = groups[7]!;
    return { address: `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`, family: 4 };
  }
  return { address: groups.map((g) => g.toString(16)).join(":"), family: 6 };
}

/** Why an address is not public (e.g. "loopback"), or null when it is a public unicast address. */
export function nonPublicReason(ip: string): string | null {
  const normalized = normalizeAddress(ip);
  if (!normalized) return "not an IP address";
  const { address, family } = normalized;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (family === 6 && !GLOBAL_UNICAST_V6.check(address, "ipv6")) {
    if (address === "0:0:0:0:0:0:0:0") return "unspecified";
    if (address === "0:0:0:0:0:0:0:1") return "loopback";
    const first = parseInt(address.split(":")[0]!, 16);
    if ((first & 0xfe00) === 0xfc00) return "unique-local (private)";
    if ((first & 0xffc0) === 0xfe80) return "link-local";
    if ((first & 0xff00) === 0xff00) return "multicast";
    return "not global unicast";
  }
  for (const range of NON_PUBLIC) if (range.type === type && range.list.check(address, type)) return range.why;
  return null;
}

/** True when the address is a public unicast address a webhook may reach without an allow-list entry. */
export function isPublicAddress(ip: string): boolean {
  return nonPublicReason(ip) === null;
}

/**
 * The operator's exceptions (WEBHOOK_ALLOWED_HOSTS): hostnames (exact,
 * case-insensitive), IP addresses and CIDR ranges. A hostname entry allows
 * whatever the name resolves to; IP and CIDR entries allow the addresses.
 */
export class WebhookAllowList {
  private readonly hosts = new Set<string>();
  private readonly addresses = new BlockList();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const slash = entry.indexOf("/");
      if (slash >= 0) {
        const base = normalizeAddress(entry.slice(0, slash));
        const prefix = Number(entry.slice(slash + 1));
        const max = base?.family === 4 ? 32 : 128;
        if (!base || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new ValidationError(`WEBHOOK_ALLOWED_HOSTS: "${raw}" is not a valid CIDR range.`);
        this.addresses.addSubnet(base.address, prefix, base.family === 4 ? "ipv4" : "ipv6");
        continue;
      }
      const ip = normalizeAddress(entry);
      if (ip) this.addresses.addAddress(ip.address, ip.family === 4 ? "ipv4" : "ipv6");
      else this.hosts.add(entry.replace(/\.$/, ""));
    }
  }

  /** Whether the hostname itself is listed. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(bareHost(hostname).toLowerCase().replace(/\.$/, ""));
  }

  /** Whether the address is listed or inside a listed range (compared in normalized form). */
  allowsAddress(ip: string): boolean {
    const normalized = normalizeAddress(ip);
    if (!normalized) return false;
    return this.addresses.check(normalized.address, normalized.family === 4 ? "ipv4" : "ipv6");
  }
}

/** A URL's hostname without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/**
 * Null when `address` (what `hostname` resolved to) may receive webhooks,
 * else the reason it may not.
 */
export function addressRefusal(hostname: string, address: string, allowList: WebhookAllowList): string | null {
  const reason = nonPublicReason(address);
  if (reason === null) return null;
  if (allowList.allowsHost(hostname) || allowList.allowsAddress(address)) return null;
  return `${address} is ${reason}`;
}

/**
 * Parse and sanity-check a webhook URL: absolute http(s), a host, no
 * credentials (they would be sent in clear to every redirect and stored in
 * plain text). Throws VALIDATION_FAILED.
 */
export function parseWebhookUrl(raw: string): URL {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError("The webhook URL is not a valid absolute URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ValidationError("The webhook URL must use http or https.");
  if (!url.hostname) throw new ValidationError("The webhook URL needs a host.");
  if (url.username || url.password) throw new ValidationError("The webhook URL must not contain credentials; authenticate with the signature instead.");
  if (text.length > 2048) throw new ValidationError("The webhook URL is longer than 2048 characters.");
  url.hash = "";
  return url;
}

/**
 * Resolve the URL's host and check every address. Every address must pass —
 * not just one — because the HTTP client may pick any of them. Returns the
 * checked addresses (the caller must connect to one of these and nothing
 * else); throws WEBHOOK_URL_FORBIDDEN when one is not allowed or the name does
 * not resolve.
 */
export async function resolveAllowedAddresses(url: URL, allowList: WebhookAllowList, resolve: HostResolver = systemResolver): Promise<ResolvedAddress[]> {
  const host = bareHost(url.hostname);
  const literal = normalizeAddress(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    // Keep the literal as written for connecting; check it in normalized form.
    addresses = [{ address: host, family: net.isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new WebhookUrlForbiddenError(`The webhook host ${host} does not resolve.`, { host, reason: (error as NodeJS.ErrnoException).code ?? "ENOTFOUND" });
    }
    if (addresses.length === 0) throw new WebhookUrlForbiddenError(`The webhook host ${host} does not resolve.`, { host });
  }
  for (const { address } of addresses) {
    const refusal = addressRefusal(host, address, allowList);
    if (refusal) {
      throw new WebhookUrlForbiddenError(
        `Webhooks may not be sent to ${host}: it is or resolves to an address that is not public (an operator can allow it in WEBHOOK_ALLOWED_HOSTS).`,
        { host },
        { host, address, refusal },
      );
    }
  }
  return addresses;
}

/**
 * Throw WEBHOOK_URL_FORBIDDEN (or VALIDATION_FAILED for a malformed URL)
 * unless the URL is http(s) and every address its host resolves to is public
 * or allowed. For other outbound senders (e.g. delivery destinations); it does
 * not pin the connection — use `pinnedLookup` (./outbound.http-client.ts) with the
 * checked addresses for that.
 */
export async function assertAllowedUrl(url: string, allowedHosts: readonly string[], resolve: HostResolver = systemResolver): Promise<void> {
  await resolveAllowedAddresses(parseWebhookUrl(url), new WebhookAllowList(allowedHosts), resolve);
}
