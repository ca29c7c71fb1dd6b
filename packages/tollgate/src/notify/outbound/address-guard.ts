import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where outbound webhooks may not go unless the operator allows it
 * (`outbound.allowPrivateNetworks` in the config, or
 * TOLLGATE_OUTBOUND_ALLOW_PRIVATE=1): loopback, private, link-local,
 * carrier-grade NAT, multicast and reserved ranges. An endpoint URL (or a
 * name that resolves) pointing there would let whoever registers endpoints
 * make the server call its own network: a request forgery vector.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The reason `address` is refused, or null when it is a public address. IPv4-mapped IPv6 counts as its IPv4. */
export function privateAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  if (!blocked.check(address, family === 4 ? 'ipv4' : 'ipv6')) return null;
  return `${address} is a loopback, private or link-local address`;
}

/** A URL host without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * What can be told from the URL alone (no DNS): a literal private address,
 * or `localhost`. Null when the URL may be used (its name is checked again
 * when it is resolved, at each delivery).
 */
export function privateUrlReason(url: URL): string | null {
  const host = bareHost(url).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is a loopback name`;
  return privateAddressReason(host);
}

export const ALLOW_PRIVATE_HINT = 'allow private networks explicitly with outbound.allowPrivateNetworks in the config or TOLLGATE_OUTBOUND_ALLOW_PRIVATE=1';

export class PrivateAddressError extends Error {
  constructor(reason: string) {
    super(`refused: ${reason} (${ALLOW_PRIVATE_HINT})`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that refuses a name resolving to a private
 * address. It runs when the socket connects, so the address checked is the
 * address used (a name cannot resolve to a public address for a check and to
 * a private one for the connection). Every address must be public.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses;
    const refused = list.map((a) => privateAddressReason(a.address)).find((r) => r !== null);
    if (refused) return callback(new PrivateAddressError(`${hostname} resolves to ${refused}`), []);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    if (options.all) return callback(null, list);
    return callback(null, first.address, first.family);
  });
}
