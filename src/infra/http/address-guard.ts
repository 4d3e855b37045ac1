import { createRequire } from 'node:module';
import { BlockList, isIP } from 'node:net';
import type { Agent } from 'undici';
import { BlockedAddressError } from '../../errors.js';

// The undici package (its mock agents, cache, WebSocket and all: ~170 files of CommonJS) is
// required when a guard is made, that is by the service only: the CLI's runs use Node's own fetch
// and never pay for loading it.
const require = createRequire(import.meta.url);

/**
 * Server-side request forgery guard for URLs that people submit to the service (job postings,
 * company pages): connections to loopback, private, link-local (cloud metadata at
 * 169.254.169.254), CGNAT, multicast and reserved addresses are refused. The check runs when the
 * socket is opened, on the address actually dialled, so it holds for every redirect hop and for a
 * name that resolves to such an address (no second lookup an attacker's DNS could answer otherwise).
 */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  // NAT64 would smuggle a blocked IPv4 address past the v4 list. (IPv4-mapped ::ffff:a.b.c.d needs
  // no entry: BlockList checks those against the IPv4 ranges itself.)
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

export interface AddressGuardOptions {
  /** Addresses or CIDR ranges let through anyway ("10.1.2.3", "192.168.0.0/16"): for self-hosters. */
  allow?: string[];
  /** Name resolution; the system resolver unless a test hands in another. */
  lookup?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

export interface AddressGuard {
  /** Why the address may not be dialled, or null when it may. */
  refusal(address: string): string | null;
  /** An undici dispatcher that applies the guard to every connection it opens. */
  readonly dispatcher: Agent;
  close(): Promise<void>;
}

function toList(ranges: [string, number][], type: 'ipv4' | 'ipv6', into = new BlockList()): BlockList {
  for (const [net, prefix] of ranges) into.addSubnet(net, prefix, type);
  return into;
}

function allowList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefixText] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new TypeError(`not an IP address or CIDR range: "${entry}"`);
    if (prefixText === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefixText), type);
  }
  return list;
}

// node:dns is imported on the first lookup: the CLI, which makes no guard, never loads it for this.
const systemLookup = async (hostname: string) => {
  const dns = await import('node:dns');
  return dns.promises.lookup(hostname, { all: true, verbatim: true });
};

export function createAddressGuard(options: AddressGuardOptions = {}): AddressGuard {
  const blocked = toList(BLOCKED_V6, 'ipv6', toList(BLOCKED_V4, 'ipv4'));
  const allowed = allowList(options.allow ?? []);
  const lookup = options.lookup ?? systemLookup;

  const refusal = (address: string): string | null => {
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (allowed.check(address, type)) return null;
    return blocked.check(address, type) ? 'a loopback, private, link-local or reserved address' : null;
  };

  const undici = require('undici') as typeof import('undici');
  const connect = undici.buildConnector({});
  const dispatcher = new undici.Agent({
    connect(opts, callback) {
      const host = opts.hostname.replace(/^\[|\]$/g, '');
      const url = `${opts.protocol}//${opts.host ?? host}`;
      const dial = (address: string) =>
        connect(
          { ...opts, hostname: address, servername: opts.servername ?? (isIP(host) ? undefined : host) },
          callback,
        );
      if (isIP(host)) {
        const why = refusal(host);
        if (why) return callback(new BlockedAddressError(url, host, why), null);
        return dial(host);
      }
      lookup(host).then(
        (addresses) => {
          // Every address the name has must pass: otherwise the connection could land on any of them.
          const bad = addresses.find((a) => refusal(a.address) !== null);
          if (bad)
            return callback(new BlockedAddressError(url, bad.address, refusal(bad.address) ?? ''), null);
          const first = addresses[0];
          if (!first) return callback(new BlockedAddressError(url, host, 'the name has no address'), null);
          dial(first.address);
        },
        (error: Error) => callback(error, null),
      );
    },
  });
  return { refusal, dispatcher, close: () => dispatcher.close() };
}
