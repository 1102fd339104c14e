// The address a sign-in attempt comes from, for per-address throttling. X-Forwarded-For is written
// by the client, so it is believed only hop by hop from the right, and only while the hop that
// reported it is a configured proxy. No "server-only" marker: the web server entry imports it.
import { BlockList, isIP } from "node:net";

/** Set by the web server from the connection itself; any value a client sends is overwritten. */
export const clientAddressHeader = "x-backup-center-client-address";

/** "::ffff:192.0.2.1" (IPv4 on a dual-stack socket) and "192.0.2.1" are one address. */
function normalize(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** Parses TRUSTED_PROXIES: addresses and CIDR ranges, comma-separated. Throws on a bad entry. */
export function parseTrustedProxies(list: string): BlockList {
  const blocks = new BlockList();
  for (const entry of list
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (!family) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      blocks.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
    }
    blocks.addSubnet(address, bits, type);
  }
  return blocks;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the connection's peer, or — when that peer is a trusted proxy — the
 * right-most X-Forwarded-For entry not added by a trusted proxy.
 */
export function clientAddress(options: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trusted: BlockList;
}): string {
  let address = normalize(options.socketAddress ?? "");
  if (!address) return "unknown";
  const header = Array.isArray(options.forwardedFor) ? options.forwardedFor.join(",") : (options.forwardedFor ?? "");
  const hops = header.split(",").map(normalize).filter(Boolean);
  while (isTrusted(options.trusted, address) && hops.length > 0) {
    const next = hops.pop()!;
    if (!isIP(next)) break;
    address = next;
  }
  return address;
}
