// Which addresses an untrusted URL may reach. Feed and article addresses come from outside (a feed
// names its item pages; a page redirects where it likes), so a name that resolves to this machine,
// the local network or a cloud metadata service is refused. Node's own net.BlockList holds the
// ranges: the list is short, and a library would only wrap the http agents we already control.
import net from 'node:net';

/** IPv4 ranges no fetch may reach: [address, prefix, what it is]. */
const V4: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local, cloud metadata'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V6: readonly (readonly [string, number, string])[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  // IPv4-mapped and NAT64 addresses would smuggle any IPv4 address past the list above.
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['64:ff9b::', 96, 'NAT64'],
  // So would the deprecated forms that embed one: IPv4-compatible (::127.0.0.1), 6to4
  // (2002:7f00:1::) and Teredo; and fec0::/10 was site-local, a private range.
  ['::', 96, 'IPv4-compatible'],
  ['2002::', 16, '6to4'],
  ['2001::', 32, 'Teredo'],
  ['fec0::', 10, 'site-local'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
];

type Family = 'ipv4' | 'ipv6';

/**
 * One BlockList per range, per family: a BlockList matches an IPv4 address against IPv6 ranges
 * too (as if mapped), so the families are kept apart and each range names itself. An address is
 * first checked against all its family's ranges at once: each check builds a SocketAddress, and
 * one per range for every request and redirect was a visible share of the poller's time.
 */
function blockList(allowLoopback: boolean): (address: string, family: Family) => string | undefined {
  const entries: { family: Family; list: net.BlockList; what: string }[] = [];
  const any = { ipv4: new net.BlockList(), ipv6: new net.BlockList() };
  for (const [ranges, family] of [
    [V4, 'ipv4'],
    [V6, 'ipv6'],
  ] as const) {
    for (const [address, prefix, what] of ranges) {
      if (allowLoopback && what === 'loopback') continue;
      const list = new net.BlockList();
      list.addSubnet(address, prefix, family);
      any[family].addSubnet(address, prefix, family);
      entries.push({ family, list, what });
    }
  }
  // ::1 also lies inside ::/96 (IPv4-compatible), so the switch lets it through by name.
  const loopback6 = new net.BlockList();
  loopback6.addAddress('::1', 'ipv6');
  return (address, family) => {
    if (allowLoopback && family === 'ipv6' && loopback6.check(address, 'ipv6')) return undefined;
    return any[family].check(address, family) ? entries.find((e) => e.family === family && e.list.check(address, family))?.what : undefined;
  };
}

const STRICT = blockList(false);
const LOOPBACK_ALLOWED = blockList(true);

/**
 * Why `address` (an IP literal) may not be fetched, or undefined when it may. `allowLoopback` lets
 * 127.0.0.0/8 and ::1 through, for the tests' local feed server (FEEDS_ALLOW_LOOPBACK=1).
 */
export function refusedAddress(address: string, allowLoopback = false): string | undefined {
  const family = net.isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const what = (allowLoopback ? LOOPBACK_ALLOWED : STRICT)(address, family === 4 ? 'ipv4' : 'ipv6');
  return what === undefined ? undefined : `${address} is ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} address`;
}
