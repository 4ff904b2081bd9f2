import type { LookupAddress } from 'node:dns';
import {
  checkDestinationUrl,
  classifyAddress,
  createGuardedLookup,
  describeAddress,
  DESTINATION_REFUSED_CODE,
  isMetadataHostname,
  Resolver,
} from './outbound-address';

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '100.63.255.255', // just below CGNAT
  '100.128.0.0', // just above CGNAT
  '172.15.255.255', // just below 172.16/12
  '172.32.0.0', // just above 172.16/12
  '192.167.255.255',
  '169.253.255.255',
  '11.0.0.1',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:81b::200e',
  '[2606:4700:4700::1111]',
  '::ffff:8.8.8.8', // mapped public is public
  '::ffff:808:808',
  '64:ff9b::8.8.8.8', // NAT64 of a public address
  '2002:0808:0808::1', // 6to4 of 8.8.8.8
  '2001:200::1', // first real allocation after the IETF block
];

const PRIVATE = [
  // IPv4 loopback, unspecified, RFC 1918, CGNAT, link-local
  '127.0.0.1',
  '127.255.255.254',
  '0.0.0.0',
  '0.1.2.3',
  '10.0.0.1',
  '10.255.255.255',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.0.1',
  '192.168.255.255',
  '100.64.0.1',
  '100.127.255.255',
  '169.254.0.1',
  '169.254.169.1', // link-local next to metadata, not metadata itself
  // other special-purpose IPv4
  '192.0.0.8',
  '192.0.2.10',
  '198.18.0.1',
  '198.19.255.255',
  '198.51.100.7',
  '203.0.113.1',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  // IPv6 loopback and unspecified, every spelling
  '::1',
  '0:0:0:0:0:0:0:1',
  '0000:0000:0000:0000:0000:0000:0000:0001',
  '[::1]',
  '::',
  '0::0',
  // IPv4-mapped / translated / compatible / NAT64 / 6to4 of private addresses
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::FFFF:7F00:0001',
  '0:0:0:0:0:ffff:127.0.0.1',
  '[::ffff:127.0.0.1]',
  '::ffff:10.1.2.3',
  '::ffff:192.168.1.1',
  '::ffff:0.0.0.0',
  '::ffff:0:10.0.0.1',
  '::127.0.0.1',
  '::8.8.8.8', // IPv4-compatible: reserved even for a public address
  '64:ff9b::127.0.0.1',
  '64:ff9b::a00:1',
  '64:ff9b:1::1',
  '2002:7f00:0001::1',
  '2002:c0a8:0101::',
  // ULA, link-local (with zone id), site-local, multicast, documentation, Teredo, reserved
  'fc00::1',
  'fd12:3456:789a::1',
  'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fe80::1',
  'fe80::1%eth0',
  'FE80::abcd:1234',
  'febf::1',
  'fec0::1',
  'ff02::1',
  'ff05::1:3',
  '2001:db8::1',
  '2001::1',
  '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '3fff::1',
  '100::1',
  '4000::1',
  '::2',
];

const METADATA = [
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '169.254.0.23',
  '100.100.100.200',
  '192.0.0.192',
  '168.63.129.16',
  'fd00:ec2::254',
  'FD00:EC2:0:0:0:0:0:254',
  'fd00:ec2::23',
  '[fd00:ec2::254]',
  'fd20:ce::254',
  // Embedded forms reach the same service.
  '::ffff:169.254.169.254',
  '::ffff:a9fe:a9fe',
  '[::ffff:a9fe:a9fe]',
  '0:0:0:0:0:ffff:a9fe:a9fe',
  '::ffff:100.100.100.200',
  '::ffff:0:169.254.169.254',
  '64:ff9b::169.254.169.254',
  '2002:a9fe:a9fe::1',
  '::169.254.169.254',
];

describe('classifyAddress', () => {
  it.each(PUBLIC)('%s is public', (ip) => expect(classifyAddress(ip)).toBe('public'));
  it.each(PRIVATE)('%s is private', (ip) => expect(classifyAddress(ip)).toBe('private'));
  it.each(METADATA)('%s is metadata', (ip) => expect(classifyAddress(ip)).toBe('metadata'));

  it('names the reason', () => {
    expect(describeAddress('127.0.0.1').label).toBe('loopback');
    expect(describeAddress('::ffff:127.0.0.1').label).toBe('IPv4-mapped loopback');
    expect(describeAddress('10.1.1.1').label).toContain('RFC 1918');
    expect(describeAddress('100.64.1.1').label).toContain('CGNAT');
    expect(describeAddress('fe80::1').label).toBe('link-local');
    expect(describeAddress('169.254.169.254').label).toBe('cloud metadata');
  });

  it('refuses to classify what is not an IP address', () => {
    for (const bad of ['localhost', 'example.com', '', '1.2.3', '256.1.1.1', '::g', '1.2.3.4.5', '0x7f.1']) {
      expect(() => classifyAddress(bad)).toThrow(TypeError);
    }
  });
});

describe('isMetadataHostname', () => {
  it.each(['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'x.metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'metadata.tencentyun.com'])(
    '%s is a metadata host',
    (name) => expect(isMetadataHostname(name)).toBe(true),
  );
  it.each(['example.com', 'metadata.example.com', 'notmetadata.google.internal', 'google.internal', 'metadata-service'])('%s is not', (name) =>
    expect(isMetadataHostname(name)).toBe(false),
  );
});

/** A fake DNS: name -> addresses; anything else ENOTFOUND. */
function fakeDns(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const dns = fakeDns({
  'public.test': ['93.184.216.34', '2606:2800:220:1::1'],
  'internal.test': ['10.0.0.5'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  'imds.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'empty.test': [],
});

describe('checkDestinationUrl', () => {
  const strict = { allowPrivateNetworks: false, resolve: dns };
  const lax = { allowPrivateNetworks: true, resolve: dns };

  it('accepts public destinations', async () => {
    await expect(checkDestinationUrl('https://public.test/hook', strict)).resolves.toEqual({ ok: true });
    await expect(checkDestinationUrl('http://8.8.8.8:8080/x', strict)).resolves.toEqual({ ok: true });
    await expect(checkDestinationUrl('https://[2606:4700:4700::1111]/', strict)).resolves.toEqual({ ok: true });
  });

  it('refuses private destinations unless allowed, saying why and how', async () => {
    const internal = await checkDestinationUrl('https://internal.test/', strict);
    expect(internal).toEqual({ ok: false, reason: expect.stringContaining('internal.test (10.0.0.5)') });
    expect(internal.ok || internal.reason).toContain('OUTBOUND_ALLOW_PRIVATE_NETWORKS=true');
    await expect(checkDestinationUrl('https://internal.test/', lax)).resolves.toEqual({ ok: true });
    for (const url of ['http://127.0.0.1/', 'http://[::1]:3000/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://mapped.test/', 'http://mixed.test/']) {
      expect((await checkDestinationUrl(url, strict)).ok).toBe(false);
      expect((await checkDestinationUrl(url, lax)).ok).toBe(true);
    }
  });

  it('reads the numeric host spellings a URL parser normalises (decimal, hex, short forms)', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f.0.0.1/', 'http://127.1/', 'http://0177.0.0.1/']) {
      expect(await checkDestinationUrl(url, strict)).toEqual({ ok: false, reason: expect.stringContaining('loopback') });
    }
    expect(await checkDestinationUrl('http://2852039166/', lax)).toEqual({ ok: false, reason: expect.stringContaining('never allowed') });
  });

  it('always refuses metadata addresses and names, even with private networks allowed', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://[::ffff:169.254.169.254]/',
      'http://100.100.100.200/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://METADATA.google.internal./',
      'http://imds.test/',
    ]) {
      const result = await checkDestinationUrl(url, lax);
      expect(result).toEqual({ ok: false, reason: expect.stringContaining('never allowed') });
    }
  });

  it('refuses other schemes, bad URLs and unresolvable hosts', async () => {
    expect(await checkDestinationUrl('ftp://public.test/', lax)).toEqual({ ok: false, reason: expect.stringContaining('http and https') });
    expect(await checkDestinationUrl('file:///etc/passwd', lax)).toEqual({ ok: false, reason: expect.stringContaining('http and https') });
    expect(await checkDestinationUrl('not a url', lax)).toEqual({ ok: false, reason: 'not a valid absolute URL' });
    expect(await checkDestinationUrl('https://nowhere.test/', lax)).toEqual({ ok: false, reason: expect.stringContaining('ENOTFOUND') });
    expect(await checkDestinationUrl('https://empty.test/', lax)).toEqual({ ok: false, reason: expect.stringContaining('no addresses') });
  });

  it('uses the system resolver by default (localhost is loopback)', async () => {
    expect(await checkDestinationUrl('http://localhost:1/', { allowPrivateNetworks: false })).toEqual({
      ok: false,
      reason: expect.stringContaining('loopback'),
    });
  });
});

describe('createGuardedLookup', () => {
  const call = (lookup: ReturnType<typeof createGuardedLookup>, hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      lookup(hostname, { family: 0, all }, (error, address, family) => resolve({ error, address, family })),
    );

  it('answers in both callback shapes for allowed hosts', async () => {
    const lookup = createGuardedLookup({ allowPrivateNetworks: false, resolve: dns });
    expect(await call(lookup, 'public.test', true)).toEqual({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
      family: undefined,
    });
    expect(await call(lookup, 'public.test', false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
  });

  it('fails the lookup with the refusal code for refused answers, so nothing connects', async () => {
    const strict = createGuardedLookup({ allowPrivateNetworks: false, resolve: dns });
    const lax = createGuardedLookup({ allowPrivateNetworks: true, resolve: dns });
    for (const [lookup, hostname] of [
      [strict, 'internal.test'],
      [strict, 'mixed.test'],
      [strict, 'mapped.test'],
      [lax, 'imds.test'],
      [lax, 'metadata.google.internal'],
    ] as const) {
      for (const all of [true, false]) {
        const { error } = await call(lookup, hostname, all);
        expect(error?.code).toBe(DESTINATION_REFUSED_CODE);
      }
    }
    expect((await call(lax, 'internal.test', false)).error).toBeNull();
  });

  it('checks every answer, so a name that changes its answer is caught when it does (rebinding)', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '169.254.169.254', family: 4 }];
    const lookup = createGuardedLookup({ allowPrivateNetworks: true, resolve: rebinding });
    expect((await call(lookup, 'rebind.test', false)).error).toBeNull();
    expect((await call(lookup, 'rebind.test', false)).error?.code).toBe(DESTINATION_REFUSED_CODE);
  });

  it('passes DNS errors through unchanged (they are retryable)', async () => {
    const lookup = createGuardedLookup({ allowPrivateNetworks: true, resolve: dns });
    expect((await call(lookup, 'nowhere.test', true)).error?.code).toBe('ENOTFOUND');
    expect((await call(lookup, 'empty.test', false)).error?.code).toBe('ENOTFOUND');
  });
});
