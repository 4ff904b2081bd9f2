import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyAddress } from './outbound-address';
import { classifyOutcome } from './retry-policy';
import { RESPONSE_EXCERPT_BYTES, sendWebhook, SendWebhookOptions } from './webhook-sender';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature';

// Real HTTP servers on the loopback interface: what node's client really does with timeouts, redirects and
// lookups is the point, so nothing here is mocked.

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  received: Received[];
}

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse, received: Received) => void): Promise<TestServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      handler(req, res, entry);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, received };
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

const body = JSON.stringify({ type: 'lead.trigger', data: { lead: { lead_id: 'l1', score: 80 } } });
const send = (options: Partial<SendWebhookOptions> & { url: string }) => sendWebhook({ body, allowPrivateNetworks: true, timeoutMs: 5_000, ...options });

describe('sendWebhook against real servers', () => {
  it('delivers a signed JSON POST that the receiver verifies (2xx)', async () => {
    const secret = newWebhookSecret();
    const server = await serve((_req, res) => res.writeHead(202, { 'content-type': 'text/plain' }).end('accepted'));
    const headers = signWebhook({ id: 'del_1', timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] });

    const outcome = await send({ url: `${server.origin}/hook?x=1`, headers });

    expect(outcome).toEqual({ status_code: 202, error: null, error_kind: null, retry_after_ms: null, response_excerpt: 'accepted', duration_ms: expect.any(Number) });
    expect(classifyOutcome(outcome)).toEqual({ kind: 'delivered' });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request).toMatchObject({ method: 'POST', url: '/hook?x=1', body });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(request.headers['webhook-id']).toBe('del_1');
    expect(verifyWebhookSignature({ headers: request.headers, body: request.body, secrets: [secret] })).toEqual({ ok: true });
  });

  it('adds no signature headers of its own (slack format: unsigned)', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const outcome = await send({ url: server.origin, body: '{"text":"hi"}' });
    expect(outcome.status_code).toBe(200);
    expect(server.received[0].body).toBe('{"text":"hi"}');
    expect(Object.keys(server.received[0].headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
  });

  it('reports a 500 with its excerpt, to be retried', async () => {
    const server = await serve((_req, res) => res.writeHead(500).end('{"error":"boom"}'));
    const outcome = await send({ url: server.origin });
    expect(outcome).toMatchObject({ status_code: 500, error: null, response_excerpt: '{"error":"boom"}', retry_after_ms: null });
    expect(classifyOutcome(outcome).kind).toBe('retry');
  });

  it('reports a 404 as failed at once', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const outcome = await send({ url: server.origin });
    expect(outcome).toMatchObject({ status_code: 404, response_excerpt: '' });
    expect(classifyOutcome(outcome)).toEqual({ kind: 'failed', reason: 'HTTP 404' });
  });

  it('reads Retry-After of a 429, as delta-seconds and as an HTTP-date', async () => {
    const seconds = await serve((_req, res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down'));
    const outcome = await send({ url: seconds.origin });
    expect(outcome).toMatchObject({ status_code: 429, retry_after_ms: 7_000, response_excerpt: 'slow down' });
    expect(classifyOutcome(outcome).kind).toBe('retry');

    const date = await serve((_req, res) => res.writeHead(429, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() }).end());
    const dated = await send({ url: date.origin });
    expect(dated.status_code).toBe(429);
    // HTTP-dates have whole seconds: generous bounds.
    expect(dated.retry_after_ms).toBeGreaterThan(80_000);
    expect(dated.retry_after_ms).toBeLessThanOrEqual(90_000);
  });

  it('times out on a server that never answers', async () => {
    const server = await serve(() => undefined);
    const outcome = await send({ url: server.origin, timeoutMs: 300 });
    expect(outcome).toMatchObject({ status_code: null, error: 'timed out after 300 ms', error_kind: 'timeout', response_excerpt: null });
    expect(outcome.duration_ms).toBeGreaterThanOrEqual(250);
    expect(outcome.duration_ms).toBeLessThan(5_000);
    expect(server.received).toHaveLength(1);
    expect(classifyOutcome(outcome).kind).toBe('retry');
  });

  it('reports a refused connection without throwing, to be retried', async () => {
    const server = await serve(() => undefined);
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await send({ url: server.origin });
    expect(outcome).toMatchObject({ status_code: null, error_kind: 'network', response_excerpt: null });
    expect(outcome.error).toContain('ECONNREFUSED');
    expect(classifyOutcome(outcome).kind).toBe('retry');
  });

  it('keeps the status of an answer whose body never ends, with what arrived, within the timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial'); // and never end
    });
    const outcome = await send({ url: server.origin, timeoutMs: 300 });
    expect(outcome).toMatchObject({ status_code: 200, response_excerpt: 'partial', error_kind: 'timeout' });
    expect(outcome.duration_ms).toBeLessThan(5_000);
    expect(classifyOutcome(outcome)).toEqual({ kind: 'delivered' });
  });

  it('stops reading an endless answer after the excerpt, long before the timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      const chunk = 'x'.repeat(1000);
      let open = true;
      res.on('close', () => (open = false));
      const pump = () => {
        while (open && res.write(chunk));
        if (open) res.once('drain', pump);
      };
      pump();
    });
    const outcome = await send({ url: server.origin, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ status_code: 500, error: null, error_kind: null });
    expect(outcome.response_excerpt).toBe('x'.repeat(RESPONSE_EXCERPT_BYTES));
    expect(outcome.duration_ms).toBeLessThan(5_000);
  });

  it('never throws for bad input: invalid URL, other schemes, header injection', async () => {
    expect(await send({ url: 'not a url' })).toMatchObject({ status_code: null, error_kind: 'invalid_request' });
    expect(await send({ url: 'ftp://127.0.0.1/' })).toMatchObject({ status_code: null, error_kind: 'refused' });
    const server = await serve((_req, res) => res.end());
    const outcome = await send({ url: server.origin, headers: { 'x-evil': 'a\r\nx-injected: 1' } });
    expect(outcome).toMatchObject({ status_code: null, error_kind: 'invalid_request' });
    expect(classifyOutcome(outcome).kind).toBe('failed');
    expect(server.received).toHaveLength(0);
  });
});

describe('sendWebhook address policy', () => {
  it('refuses loopback destinations, by name and by literal, without connecting, unless private networks are allowed', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    for (const url of [`http://localhost:${server.port}/`, `${server.origin}/`, `http://[::ffff:127.0.0.1]:${server.port}/`]) {
      const outcome = await send({ url, allowPrivateNetworks: false });
      expect(outcome).toMatchObject({ status_code: null, error_kind: 'refused', response_excerpt: null });
      expect(outcome.error).toContain('loopback');
      expect(outcome.error).toContain('OUTBOUND_ALLOW_PRIVATE_NETWORKS');
      expect(classifyOutcome(outcome).kind).toBe('failed');
    }
    expect(server.received).toHaveLength(0);
    expect((await send({ url: `http://localhost:${server.port}/`, allowPrivateNetworks: true })).status_code).toBe(200);
    expect(server.received).toHaveLength(1);
  });

  it('refuses metadata destinations even with private networks allowed', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/', 'http://[::ffff:a9fe:a9fe]/']) {
      const outcome = await send({ url, allowPrivateNetworks: true });
      expect(outcome).toMatchObject({ status_code: null, error_kind: 'refused' });
      expect(outcome.error).toContain('never allowed');
    }
  });

  it('refuses a redirect to a loopback name when private networks are not allowed (checked in the lookup of that hop)', async () => {
    const target = await serve((_req, res) => res.end('should not be reached'));
    const entry = await serve((_req, res) => res.writeHead(302, { location: `http://localhost:${target.port}/internal` }).end());
    // Only the entry server's first check may see 127.0.0.1 as public: every later check is the real one.
    let checks = 0;
    const addressClassifier = (ip: string) => (checks++ === 0 && ip === '127.0.0.1' ? 'public' : classifyAddress(ip));

    const outcome = await send({ url: `${entry.origin}/hook`, allowPrivateNetworks: false, addressClassifier });

    expect(entry.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
    expect(outcome).toMatchObject({ status_code: 302, error_kind: 'refused' });
    expect(outcome.error).toMatch(/^redirect to a refused destination: .*localhost \(127\.0\.0\.1\) is a loopback address/);
    expect(classifyOutcome(outcome).kind).toBe('failed');
  });

  it('refuses a redirect chain that ends at a metadata address, after following the allowed hops', async () => {
    const second = await serve((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam' }).end());
    const first = await serve((_req, res) => res.writeHead(307, { location: `${second.origin}/next` }).end());
    const outcome = await send({ url: first.origin, allowPrivateNetworks: true });
    expect(first.received).toHaveLength(1);
    expect(second.received).toMatchObject([{ method: 'POST', url: '/next', body }]);
    expect(outcome).toMatchObject({ status_code: 302, error_kind: 'refused' });
    expect(outcome.error).toContain('169.254.169.254 is a cloud metadata address');
    expect(classifyOutcome(outcome).kind).toBe('failed');

    const byName = await serve((_req, res) => res.writeHead(301, { location: 'http://metadata.google.internal/computeMetadata/v1/' }).end());
    expect(await send({ url: byName.origin, allowPrivateNetworks: true })).toMatchObject({ status_code: 301, error_kind: 'refused' });
  });
});

describe('sendWebhook redirects', () => {
  it('follows 301/302/307/308 with the same POST, body and signature headers', async () => {
    for (const status of [301, 302, 307, 308]) {
      const target = await serve((_req, res) => res.end('done'));
      const entry = await serve((_req, res) => res.writeHead(status, { location: `${target.origin}/moved` }).end());
      const outcome = await send({ url: entry.origin, headers: { 'webhook-id': 'del_7', 'webhook-signature': 'v1,abc' } });
      expect(outcome).toMatchObject({ status_code: 200, response_excerpt: 'done', error: null });
      expect(target.received).toMatchObject([{ method: 'POST', url: '/moved', body, headers: { 'webhook-id': 'del_7', 'webhook-signature': 'v1,abc' } }]);
    }
  });

  it('follows a 303 with a GET without body', async () => {
    const target = await serve((_req, res) => res.end('seen'));
    const entry = await serve((_req, res) => res.writeHead(303, { location: `${target.origin}/status` }).end());
    expect(await send({ url: entry.origin })).toMatchObject({ status_code: 200, response_excerpt: 'seen' });
    expect(target.received).toMatchObject([{ method: 'GET', url: '/status', body: '' }]);
    expect(target.received[0].headers['content-type']).toBeUndefined();
  });

  it('follows relative locations and drops credentials when the origin changes', async () => {
    const target = await serve((_req, res) => res.end());
    const entry = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/again' }).end();
      else res.writeHead(302, { location: `http://localhost:${target.port}/away` }).end();
    });
    await send({ url: `${entry.origin}/start`, headers: { authorization: 'Bearer t' } });
    expect(entry.received.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/start', 'Bearer t'],
      ['/again', 'Bearer t'],
    ]);
    expect(target.received).toHaveLength(1);
    expect(target.received[0].headers.authorization).toBeUndefined();
  });

  it('gives up after 3 redirects (maxRedirects), as a failure', async () => {
    const loop = await serve((_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const outcome = await send({ url: `${loop.origin}/loop` });
    expect(loop.received).toHaveLength(4);
    expect(outcome).toMatchObject({ status_code: 302, error: 'more than 3 redirects', error_kind: 'redirect' });
    expect(classifyOutcome(outcome).kind).toBe('failed');

    const once = await serve((_req, res) => res.writeHead(302, { location: '/loop' }).end());
    expect(await send({ url: once.origin, maxRedirects: 0 })).toMatchObject({ status_code: 302, error: 'more than 0 redirects' });
    expect(once.received).toHaveLength(1);
  });

  it('reports a 3xx without Location as the answer', async () => {
    const server = await serve((_req, res) => res.writeHead(302).end('nowhere'));
    const outcome = await send({ url: server.origin });
    expect(outcome).toMatchObject({ status_code: 302, error: null, response_excerpt: 'nowhere' });
    expect(classifyOutcome(outcome).kind).toBe('failed');
  });
});
