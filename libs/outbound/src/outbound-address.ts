import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/*
 * Where outbound webhooks may go. A trigger URL is chosen by an API user, so without a guard it would let them make
 * our servers call anything our network can reach (SSRF): databases, admin ports, and above all the cloud metadata
 * service, which hands out the machine's credentials. Three classes:
 *
 *   public    anything else: allowed
 *   private   loopback, RFC 1918, CGNAT, link-local, ULA, multicast, documentation and other non-global ranges:
 *             allowed only with allowPrivateNetworks (OUTBOUND_ALLOW_PRIVATE_NETWORKS=true, e.g. for a local setup)
 *   metadata  cloud metadata and host-agent endpoints: never allowed
 *
 * The check runs on the addresses a connection actually uses (see createGuardedLookup), so a DNS answer that
 * changes between a check and the connect (DNS rebinding) cannot slip through.
 */

export type AddressClass = 'public' | 'private' | 'metadata';

export interface AddressDescription {
  class: AddressClass;
  /** Why, in words for an error message: "loopback", "private network (RFC 1918)", "cloud metadata", ... */
  label: string;
}

/** Error code of a lookup refused by the guard: the sender tells it apart from a retryable network error. */
export const DESTINATION_REFUSED_CODE = 'EOUTBOUNDREFUSED';

const PRIVATE_HINT = 'allowed only with OUTBOUND_ALLOW_PRIVATE_NETWORKS=true';

interface Rule<T> {
  base: T;
  mask: T;
  class: AddressClass;
  label: string;
}

// ---------------------------------------------------------------------------------------------------------------
// IPv4

const METADATA = 'cloud metadata';

// First match wins: the metadata addresses sit inside private ranges, so they come first.
const IPV4_RULES: Rule<number>[] = [
  // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack instance metadata.
  v4('169.254.169.254/32', 'metadata', METADATA),
  // AWS ECS task metadata and credentials; EKS Pod Identity agent.
  v4('169.254.170.2/32', 'metadata', METADATA),
  v4('169.254.170.23/32', 'metadata', METADATA),
  // Tencent Cloud, Alibaba Cloud, Oracle Cloud Classic.
  v4('169.254.0.23/32', 'metadata', METADATA),
  v4('100.100.100.200/32', 'metadata', METADATA),
  v4('192.0.0.192/32', 'metadata', METADATA),
  // Azure WireServer: a public-looking address that serves the VM agent's configuration and certificates.
  v4('168.63.129.16/32', 'metadata', METADATA),

  // 0.0.0.0 connects to the local host on Linux: the whole "this network" block counts as private.
  v4('0.0.0.0/8', 'private', 'unspecified ("this network")'),
  v4('10.0.0.0/8', 'private', 'private network (RFC 1918)'),
  v4('100.64.0.0/10', 'private', 'shared address space (CGNAT)'),
  v4('127.0.0.0/8', 'private', 'loopback'),
  v4('169.254.0.0/16', 'private', 'link-local'),
  v4('172.16.0.0/12', 'private', 'private network (RFC 1918)'),
  v4('192.0.0.0/24', 'private', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'private', 'documentation'),
  v4('192.88.99.0/24', 'private', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private', 'private network (RFC 1918)'),
  v4('198.18.0.0/15', 'private', 'benchmarking'),
  v4('198.51.100.0/24', 'private', 'documentation'),
  v4('203.0.113.0/24', 'private', 'documentation'),
  v4('224.0.0.0/4', 'private', 'multicast'),
  // Includes 255.255.255.255 (broadcast).
  v4('240.0.0.0/4', 'private', 'reserved'),
];

function describeV4(value: number): AddressDescription {
  for (const rule of IPV4_RULES) {
    if ((value & rule.mask) >>> 0 === rule.base) return { class: rule.class, label: rule.label };
  }
  return { class: 'public', label: 'public' };
}

// ---------------------------------------------------------------------------------------------------------------
// IPv6

const IPV6_RULES: Rule<bigint>[] = [
  // AWS reserves fd00:ec2::/32 for instance services: metadata (::254), DNS (::253), NTP (::123), Pod Identity (::23).
  v6('fd00:ec2::/32', 'metadata', METADATA),
  // GCE metadata server over IPv6.
  v6('fd20:ce::254/128', 'metadata', METADATA),

  v6('::/128', 'private', 'unspecified'),
  v6('::1/128', 'private', 'loopback'),
  v6('64:ff9b:1::/48', 'private', 'local-use NAT64'),
  v6('fc00::/7', 'private', 'unique local (ULA)'),
  v6('fe80::/10', 'private', 'link-local'),
  v6('fec0::/10', 'private', 'site-local (deprecated)'),
  v6('ff00::/8', 'private', 'multicast'),
  // Teredo, benchmarking, ORCHID and other IETF assignments; real allocations inside 2000::/3 start at 2001:200::.
  v6('2001::/23', 'private', 'IETF special purpose'),
  v6('2001:db8::/32', 'private', 'documentation'),
  v6('3fff::/20', 'private', 'documentation'),
];

const GLOBAL_UNICAST = v6('2000::/3', 'public', 'global unicast');

/**
 * IPv6 forms that carry an IPv4 address a packet may end up at: the embedded address decides (a mapped
 * ::ffff:127.0.0.1 IS the loopback for a dual-stack socket; NAT64 and 6to4 gateways forward to the embedded one).
 */
function embeddedIpv4(value: bigint): { v4: number; form: string } | null {
  const low32 = Number(value & 0xffffffffn);
  if (value >> 32n === 0xffffn) return { v4: low32, form: 'IPv4-mapped' };
  if (value >> 32n === 0xffff0000n) return { v4: low32, form: 'IPv4-translated' };
  if (value >> 32n === 0x0064ff9b0000000000000000n) return { v4: low32, form: 'NAT64' };
  if (value >> 112n === 0x2002n) return { v4: Number((value >> 80n) & 0xffffffffn), form: '6to4' };
  // IPv4-compatible ::a.b.c.d (deprecated); :: and ::1 have their own rules.
  if (value >> 32n === 0n && value > 1n) return { v4: low32, form: 'IPv4-compatible' };
  return null;
}

function describeV6(value: bigint): AddressDescription {
  const embedded = embeddedIpv4(value);
  if (embedded) {
    const inner = describeV4(embedded.v4);
    // ::a.b.c.d is not routed to a.b.c.d by anything today: never public, but a metadata address stays metadata.
    if (embedded.form === 'IPv4-compatible' && inner.class === 'public') return { class: 'private', label: 'reserved (IPv4-compatible)' };
    return { class: inner.class, label: `${embedded.form} ${inner.label}` };
  }
  for (const rule of IPV6_RULES) {
    if ((value & rule.mask) === rule.base) return { class: rule.class, label: rule.label };
  }
  // Only 2000::/3 is allocated for global unicast; everything else is reserved and not reachable on the Internet.
  if ((value & GLOBAL_UNICAST.mask) !== GLOBAL_UNICAST.base) return { class: 'private', label: 'reserved (not global unicast)' };
  return { class: 'public', label: 'public' };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * The class of an IP address (IPv4, or IPv6 with or without brackets and zone id). Throws a TypeError for
 * anything that is not an IP address: a hostname must be resolved first.
 */
export function classifyAddress(ip: string): AddressClass {
  return describeAddress(ip).class;
}

/** classifyAddress, with the reason in words for error messages. */
export function describeAddress(ip: string): AddressDescription {
  const text = stripBrackets(ip).replace(/%.*$/, '');
  const version = isIP(text);
  if (version === 4) return describeV4(parseIpv4(text));
  if (version === 6) return describeV6(parseIpv6(text));
  throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
}

/*
 * Names of metadata services, refused before any DNS query: inside a cloud they resolve to the addresses above
 * (caught anyway), but some (Equinix Metal) are public addresses that trust the caller's source address.
 */
const METADATA_HOSTNAMES = [
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
  'metadata.packet.net',
];

/** Whether a hostname names a cloud metadata service (case, trailing dots and subdomains included). */
export function isMetadataHostname(hostname: string): boolean {
  const name = stripBrackets(hostname).toLowerCase().replace(/\.+$/, '');
  return METADATA_HOSTNAMES.some((known) => name === known || (known.includes('.') && name.endsWith(`.${known}`)));
}

export interface AddressPolicy {
  /** OUTBOUND_ALLOW_PRIVATE_NETWORKS: allow the `private` class (never `metadata`). */
  allowPrivateNetworks: boolean;
  /**
   * Test seam: replaces classifyAddress (e.g. to treat one loopback test server as public). Never set it in
   * production code.
   */
  addressClassifier?: (ip: string) => AddressClass;
}

export type DestinationCheck = { ok: true } | { ok: false; reason: string };

/** Why `ip` (reached as `hostname`) may not be used, or null when it may. */
export function refusalForAddress(ip: string, hostname: string, policy: AddressPolicy): string | null {
  let described = describeAddress(ip);
  if (policy.addressClassifier) {
    const overridden = policy.addressClassifier(ip);
    if (overridden !== described.class) described = { class: overridden, label: overridden };
  }
  if (described.class === 'public') return null;
  const target = stripBrackets(hostname) === stripBrackets(ip) ? ip : `${hostname} (${ip})`;
  if (described.class === 'metadata') return `${target} is a ${described.label} address, which is never allowed`;
  if (policy.allowPrivateNetworks) return null;
  return `${target} is a ${described.label} address, ${PRIVATE_HINT}`;
}

/**
 * The checks possible without DNS: scheme, metadata names, IP-literal hosts (a custom lookup is never called for
 * those, so they must be checked here). Null when the URL may go on to a DNS lookup.
 */
export function refusalForUrl(url: URL, policy: AddressPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs are allowed, not ${url.protocol}`;
  const hostname = stripBrackets(url.hostname);
  if (hostname === '') return 'the URL has no host';
  if (isMetadataHostname(hostname)) return `${hostname} is a cloud metadata host, which is never allowed`;
  if (isIP(hostname.replace(/%.*$/, '')) !== 0) return refusalForAddress(hostname, hostname, policy);
  return null;
}

export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, family) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, family }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export interface CheckDestinationOptions extends AddressPolicy {
  /** Test seam: replaces the system resolver (dns.lookup, as the connection itself uses). */
  resolve?: Resolver;
}

/**
 * Create/update-time validation of a destination URL, with DNS: `{ok: false, reason}` names why (for a 400).
 * Passing it does not make a later delivery safe on its own (DNS may change): the sender checks again at connect.
 */
export async function checkDestinationUrl(rawUrl: string, options: CheckDestinationOptions): Promise<DestinationCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  const early = refusalForUrl(url, options);
  if (early) return { ok: false, reason: early };
  const hostname = stripBrackets(url.hostname);
  if (isIP(hostname.replace(/%.*$/, '')) !== 0) return { ok: true };
  let addresses: LookupAddress[];
  try {
    addresses = await (options.resolve ?? systemResolver)(hostname, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, reason: `${hostname} could not be resolved (${code})` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${hostname} has no addresses` };
  const refusal = firstRefusal(addresses, hostname, options);
  return refusal ? { ok: false, reason: refusal } : { ok: true };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The `lookup` option of http(s).request / net.connect. */
export type GuardedLookup = (hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback) => void;

/**
 * A dns.lookup replacement for node:http(s) requests that refuses disallowed addresses. Because the socket
 * connects to exactly what this returns, the check and the connect see the same DNS answer. A hostname with ANY
 * refused address is refused as a whole: a mix of public and internal answers is a rebinding attempt more often
 * than a real setup. Handles both callback shapes (`all: true` is what net uses with autoSelectFamily).
 */
export function createGuardedLookup(options: CheckDestinationOptions): GuardedLookup {
  const resolve = options.resolve ?? systemResolver;
  return (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : Number(lookupOptions.family ?? 0) || 0;
    const refuse = (reason: string) => callback(refusedError(reason), lookupOptions.all ? [] : '', 0);
    if (isMetadataHostname(hostname)) return refuse(`${hostname} is a cloud metadata host, which is never allowed`);
    resolve(hostname, family).then(
      (addresses) => {
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no addresses`);
          error.code = 'ENOTFOUND';
          return callback(error, lookupOptions.all ? [] : '', 0);
        }
        let refusal: string | null;
        try {
          refusal = firstRefusal(addresses, hostname, options);
        } catch {
          refusal = `${hostname} resolved to something that is not an IP address`;
        }
        if (refusal) return refuse(refusal);
        if (lookupOptions.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, lookupOptions.all ? [] : '', 0),
    );
  };
}

/** Whether an error came from the guard refusing a destination (not retryable) rather than from the network. */
export function isDestinationRefusedError(error: unknown): error is DestinationRefusedError {
  return (error as NodeJS.ErrnoException | null)?.code === DESTINATION_REFUSED_CODE;
}

/** The lookup's refusal: `reason` is the bare explanation, the message says what happened. */
export interface DestinationRefusedError extends NodeJS.ErrnoException {
  reason: string;
}

function refusedError(reason: string): DestinationRefusedError {
  const error = new Error(`destination refused: ${reason}`) as DestinationRefusedError;
  error.code = DESTINATION_REFUSED_CODE;
  error.reason = reason;
  return error;
}

function firstRefusal(addresses: LookupAddress[], hostname: string, policy: AddressPolicy): string | null {
  for (const { address } of addresses) {
    const refusal = refusalForAddress(address, hostname, policy);
    if (refusal) return refusal;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Dotted quad (already validated by isIP) to an unsigned 32-bit number. */
function parseIpv4(text: string): number {
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0) >>> 0;
}

/** Any IPv6 text form (already validated by isIP): `::` compression, a trailing dotted quad. */
function parseIpv6(text: string): bigint {
  let rest = text.toLowerCase();
  let low32: number | null = null;
  const lastColon = rest.lastIndexOf(':');
  if (rest.slice(lastColon + 1).includes('.')) {
    low32 = parseIpv4(rest.slice(lastColon + 1));
    rest = `${rest.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]);
  const tail = halves.length > 1 ? groupsOf(halves[1]) : [];
  const groups = halves.length > 1 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
  let value = groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
  if (low32 !== null) value = (value & ~0xffffffffn) | BigInt(low32);
  return value;
}

function v4(cidr: string, addressClass: AddressClass, label: string): Rule<number> {
  const [address, prefix] = cidr.split('/');
  const mask = Number(prefix) === 0 ? 0 : (0xffffffff << (32 - Number(prefix))) >>> 0;
  return { base: (parseIpv4(address) & mask) >>> 0, mask, class: addressClass, label };
}

function v6(cidr: string, addressClass: AddressClass, label: string): Rule<bigint> {
  const [address, prefix] = cidr.split('/');
  const all = (1n << 128n) - 1n;
  const mask = (all << BigInt(128 - Number(prefix))) & all;
  return { base: parseIpv6(address) & mask, mask, class: addressClass, label };
}
