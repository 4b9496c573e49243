import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/platform/config/load-config';
import { helmetHeaders } from '../../apps/api/src/platform/http/security-headers';
import { apiKeysEnv, Http, TEST_KEYS } from '../support/http';
import { ProbeModule, stubStores } from './platform-probe';

const PROBLEM = /^application\/problem\+json/;

const validBody = () => ({ name: 'Party committee', year: 2024, effectiveFrom: '2024-01-01', holder: { unitId: 'u-1' } });

function nest(levels: number): unknown {
  return levels === 0 ? 1 : { a: nest(levels - 1) };
}

/** Sends bytes that Node's HTTP parser may refuse before Fastify sees a request; resolves with what came back before the close. */
function exchange(baseUrl: string, bytes: string): Promise<{ status: number; headers: Record<string, string>; body: any }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(baseUrl).port), '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined });
    });
  });
}

async function start(env: Record<string, string> = {}) {
  const stores = stubStores();
  const config = loadConfig({ API_KEYS: apiKeysEnv(), RATE_LIMIT: '0', ...env });
  const app = await createApp(config, { logger: false, features: false, modules: [ProbeModule], stores });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, stores, http: new Http(`http://127.0.0.1:${port}`) };
}

describe('HTTP platform', () => {
  let app: NestFastifyApplication;
  let http: Http;
  let stores: ReturnType<typeof stubStores>;

  beforeAll(async () => {
    ({ app, http, stores } = await start());
  });
  afterAll(() => app.close());

  describe('authentication and roles', () => {
    it('when no key is sent, then 401 problem+json with WWW-Authenticate: Bearer', async () => {
      const reply = await http.get('/v1/probe', { role: null });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(reply.body).toMatchObject({ type: 'https://duty-ledger.dev/problems/unauthorized', status: 401 });
    });

    it('when an unknown key is sent, then 401', async () => {
      const reply = await http.get('/v1/probe', { role: null, headers: { authorization: 'Bearer not-a-key-0000000000' } });
      expect(reply.status).toBe(401);
    });

    it('when a POST without a key has a bad body, then 401 comes before 400, 413 and 415', async () => {
      expect((await http.request('POST', '/v1/probe', { role: null, raw: '{oops', headers: { 'content-type': 'application/json' } })).status).toBe(401);
      expect((await http.request('POST', '/v1/probe', { role: null, raw: 'x'.repeat(300 * 1024), headers: { 'content-type': 'application/json' } })).status).toBe(401);
      expect((await http.request('POST', '/v1/probe', { role: null, raw: 'hello', headers: { 'content-type': 'text/plain' } })).status).toBe(401);
    });

    it('when an unknown /v1 path is called without a key, then 401 (routes cannot be probed)', async () => {
      expect((await http.get('/v1/nowhere', { role: null })).status).toBe(401);
      const known = await http.get('/v1/nowhere', { role: 'inspector' });
      expect(known.status).toBe(404);
      expect(known.headers.get('content-type')).toMatch(PROBLEM);
    });

    it('when the role may not send commands, then 403, before the body is even read', async () => {
      const reply = await http.post('/v1/probe', validBody(), { role: 'inspector' });
      expect(reply.status).toBe(403);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body.type).toBe('https://duty-ledger.dev/problems/forbidden');
      expect((await http.request('POST', '/v1/probe', { role: 'inspector', raw: '{oops', headers: { 'content-type': 'application/json' } })).status).toBe(403);
    });

    it('when the role may, then the handler sees the principal { name, role }', async () => {
      const reply = await http.post('/v1/probe', validBody(), { role: 'integrator' });
      expect(reply.status).toBe(201);
      expect(reply.body.principal).toEqual({ name: 'integrator', role: 'integrator' });
      expect((await http.get('/v1/probe', { role: 'inspector' })).body.principal).toEqual({ name: 'inspector', role: 'inspector' });
    });
  });

  describe('bodies Fastify refuses before Nest', () => {
    it('when the content type is text/plain, then 415', async () => {
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw: JSON.stringify(validBody()), headers: { 'content-type': 'text/plain' } });
      expect(reply.status).toBe(415);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body.type).toBe('https://duty-ledger.dev/problems/unsupported-media-type');
    });

    it('when application/json carries a charset, then it is accepted', async () => {
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw: JSON.stringify(validBody()), headers: { 'content-type': 'application/json; charset=utf-8' } });
      expect(reply.status).toBe(201);
    });

    it('when the body is 300 KiB, then 413', async () => {
      const reply = await http.post('/v1/probe', { ...validBody(), name: 'x'.repeat(300 * 1024) }, { role: 'integrator' });
      expect(reply.status).toBe(413);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body.type).toBe('https://duty-ledger.dev/problems/payload-too-large');
    });

    it('when the JSON is malformed, then 400', async () => {
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw: '{"name": ', headers: { 'content-type': 'application/json' } });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body.type).toBe('https://duty-ledger.dev/problems/malformed-json');
    });

    it('when the body is not UTF-8 (a GBK client\'s Chinese name), then 400, not a name stored as U+FFFD', async () => {
      // "张三" in GBK: bytes that UTF-8 cannot decode, which a lenient decoder turns into replacement characters.
      const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from('","year":2024,"effectiveFrom":"2024-01-01","holder":{"unitId":"u"}}')]);
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw, headers: { 'content-type': 'application/json; charset=gbk' } });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body.type).toBe('https://duty-ledger.dev/problems/malformed-json');
    });

    it('when a string holds an unpaired surrogate escape (\\ud800), then 400 naming where: RFC 8785 cannot canonicalize it, so no auditor could hash the event', async () => {
      const raw = '{"name":"bad \\ud800 name","year":2024,"effectiveFrom":"2024-01-01","holder":{"unitId":"u"}}';
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw, headers: { 'content-type': 'application/json' } });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body).toMatchObject({ type: 'https://duty-ledger.dev/problems/not-unicode', errors: [{ path: 'name' }] });
      const key = '{"name":"n","year":2024,"effectiveFrom":"2024-01-01","holder":{"unitId":"u","\\udc00":1}}';
      expect((await http.request('POST', '/v1/probe', { role: 'integrator', raw: key, headers: { 'content-type': 'application/json' } })).body).toMatchObject({ status: 400, type: 'https://duty-ledger.dev/problems/not-unicode' });
      // A pair, escaped, is one character: accepted.
      const pair = JSON.stringify(validBody()).replace('"name":"', '"name":"\\ud83d\\ude00');
      expect((await http.request('POST', '/v1/probe', { role: 'integrator', raw: pair, headers: { 'content-type': 'application/json' } })).status).toBe(201);
    });

    it('when the body opens with a UTF-8 byte order mark, then it is still accepted', async () => {
      const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(validBody()))]);
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw, headers: { 'content-type': 'application/json' } });
      expect(reply.status).toBe(201);
    });

    it.each(['__proto__', 'constructor'])('when the JSON has a %s key, then 400', async (key) => {
      const raw = `{"name":"n","year":2024,"effectiveFrom":"2024-01-01","holder":{"unitId":"u"},"${key}":{"prototype":{"admin":true}}}`;
      const reply = await http.request('POST', '/v1/probe', { role: 'integrator', raw, headers: { 'content-type': 'application/json' } });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
    });

    it('when the JSON nests 9 levels, then 400 naming the limit', async () => {
      const reply = await http.post('/v1/probe', { ...validBody(), holder: nest(8) }, { role: 'integrator' });
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe('https://duty-ledger.dev/problems/too-deep');
    });
  });

  describe('validation', () => {
    it('when the body has an unknown property, then 400 naming it', async () => {
      const reply = await http.post('/v1/probe', { ...validBody(), extra: 1 }, { role: 'integrator' });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(reply.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'extra' })]));
    });

    it('when "1" is sent where a number is expected, then 400 (no implicit conversion)', async () => {
      const reply = await http.post('/v1/probe', { ...validBody(), year: '2024' }, { role: 'integrator' });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'year' })]));
    });

    it('when a nested field is wrong, then its dotted path is in errors', async () => {
      const reply = await http.post('/v1/probe', { ...validBody(), holder: { unitId: '-bad id-', stray: true } }, { role: 'integrator' });
      expect(reply.status).toBe(400);
      const paths = (reply.body.errors as { path: string }[]).map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['holder.unitId', 'holder.stray']));
    });

    it('when a date does not exist on the calendar, then 400', async () => {
      const reply = await http.post('/v1/probe', { ...validBody(), effectiveFrom: '2023-02-29' }, { role: 'integrator' });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ type: 'https://duty-ledger.dev/problems/validation-failed', title: 'Bad Request' });
      expect(reply.body.errors).toEqual([expect.objectContaining({ path: 'effectiveFrom' })]);
    });

    it('when the body is a JSON array, then 400', async () => {
      expect((await http.post('/v1/probe', [validBody()], { role: 'integrator' })).status).toBe(400);
    });
  });

  describe('errors from handlers', () => {
    it('when a domain rule is broken, then 422 with the rule as type and its message as detail', async () => {
      const reply = await http.get('/v1/probe/rule', { role: 'inspector' });
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ type: 'https://duty-ledger.dev/problems/first-duty-needs-secretary', detail: 'A first duty must be held by a secretary post.' });
    });

    it('when a handler crashes, then 500 with a generic detail and nothing of the cause', async () => {
      const reply = await http.get('/v1/probe/crash', { role: 'inspector', headers: { 'x-request-id': 'crash-1' } });
      expect(reply.status).toBe(500);
      expect(reply.headers.get('content-type')).toMatch(PROBLEM);
      expect(JSON.stringify(reply.body)).not.toMatch(/hunter2|\/srv|at .*\.ts/);
      expect(reply.body.requestId).toBe('crash-1');
    });

    it('when a store is unavailable, then 503 with Retry-After', async () => {
      const reply = await http.get('/v1/probe/store-down', { role: 'inspector' });
      expect(reply.status).toBe(503);
      expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(JSON.stringify(reply.body)).not.toMatch(/\/var\/lib/);
    });
  });

  describe('headers', () => {
    it('when any response goes out, refusals by Fastify before Nest too, then it carries every header helmet sets', async () => {
      const replies = [
        await http.get('/v1/probe', { role: 'inspector' }),
        await http.get('/v1/probe', { role: null }),
        await http.get('/health'),
        await http.request('POST', '/v1/probe', { role: 'integrator', raw: '{"name": ', headers: { 'content-type': 'application/json' } }),
        await http.request('POST', '/v1/probe', { role: 'integrator', raw: '{}', headers: { 'content-type': 'text/plain' } }),
      ];
      const expected = helmetHeaders();
      expect(expected).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'strict-transport-security': expect.stringMatching(/^max-age=/) });
      expect(Object.keys(expected).length).toBeGreaterThanOrEqual(12);
      for (const reply of replies) {
        for (const [name, value] of Object.entries(expected)) expect([name, reply.headers.get(name)]).toEqual([name, value]);
      }
    });

    it('when Node refuses a request before Fastify (headers over 16 KiB, a URL as long, a malformed request line), then problem+json with every helmet header, and the connection closes', async () => {
      const long = 'x'.repeat(20 * 1024);
      for (const [bytes, status, type] of [
        [`GET /v1/probe HTTP/1.1\r\nHost: a\r\nX-Long: ${long}\r\n\r\n`, 431, 'headers-too-large'],
        [`GET /v1/probe?q=${long} HTTP/1.1\r\nHost: a\r\n\r\n`, 431, 'headers-too-large'],
        ['GARBAGE\r\n\r\n', 400, 'bad-request'],
      ] as const) {
        const reply = await exchange(http.baseUrl, bytes);
        expect({ status: reply.status, contentType: reply.headers['content-type'], body: reply.body }).toEqual({
          status,
          contentType: expect.stringMatching(PROBLEM),
          body: expect.objectContaining({ type: `https://duty-ledger.dev/problems/${type}`, status, detail: expect.any(String), requestId: reply.headers['x-request-id'] }),
        });
        for (const [name, value] of Object.entries(helmetHeaders())) expect([name, reply.headers[name]]).toEqual([name, value]);
        expect(reply.headers.connection).toBe('close');
      }
    });

    it('when X-Request-Id is sent, then it is echoed, on errors too', async () => {
      expect((await http.get('/v1/probe', { role: 'inspector', headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
      const refused = await http.get('/v1/probe', { role: null, headers: { 'x-request-id': 'abc-456' } });
      expect(refused.headers.get('x-request-id')).toBe('abc-456');
      expect(refused.body.requestId).toBe('abc-456');
    });

    it('when no X-Request-Id is sent, then a UUID is made', async () => {
      expect((await http.get('/v1/probe', { role: 'inspector' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('when CORS is not configured, then no Access-Control header is sent', async () => {
      const reply = await http.get('/v1/probe', { role: 'inspector', headers: { origin: 'https://evil.example' } });
      expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('operations', () => {
    it('when the stores answer, then /health is 200 without a key', async () => {
      const reply = await http.get('/health', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        status: 'ok',
        eventStore: 'up',
        eventStoreWrites: 'ok',
        readStore: 'up',
        readStoreReads: 'ok',
        readModelGeneration: null,
        projectionLag: null,
        projectionLagThreshold: 10_000,
        projectionLagSeconds: null,
        projectionLagSecondsThreshold: 60,
      });
    });

    it('when a store is down, then /health is 503', async () => {
      stores.state.up = false;
      try {
        const reply = await http.get('/health', { role: null });
        expect(reply.status).toBe(503);
        expect(reply.body).toMatchObject({ status: 'error', eventStore: 'down', readStore: 'down' });
      } finally {
        stores.state.up = true;
      }
    });

    it('when /docs-json is fetched without a key, then it declares the bearer scheme and problem responses', async () => {
      const reply = await http.get('/docs-json', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(reply.body.components.schemas.ProblemDetailsSchema).toBeDefined();
      expect(reply.body.paths['/v1/probe'].post.responses['415'].content['application/problem+json']).toBeDefined();
    });

    it('when /docs is fetched, then Swagger UI answers without a key', async () => {
      const reply = await http.get('/docs', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/text\/html/);
      // Its own policy, in place of helmet's: inline styles and data: images for Swagger UI, still never framed.
      expect(reply.headers.get('content-security-policy')).toMatch(/style-src 'self' 'unsafe-inline'.*frame-ancestors 'none'/);
    });

    it('when /metrics is open, then it serves Prometheus text with the request histogram', async () => {
      const reply = await http.get('/metrics', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.body).toContain('http_request_duration_seconds_bucket');
      expect(reply.body).toContain('route="/v1/probe"');
    });
  });
});

describe('HTTP platform with METRICS_TOKEN and a rate limit', () => {
  let app: NestFastifyApplication;
  let http: Http;

  beforeAll(async () => {
    ({ app, http } = await start({ METRICS_TOKEN: 'metrics-token-0123456789', RATE_LIMIT: '2' }));
  });
  afterAll(() => app.close());

  it('when /metrics is called without the token, then 401; with it, 200', async () => {
    expect((await http.get('/metrics', { role: null })).status).toBe(401);
    expect((await http.get('/metrics', { role: null, headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
  });

  it('when a key sends more commands than its rate, then 429 problem+json with Retry-After; reads are not limited', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 10; i++) {
      const reply = await http.post('/v1/probe', validBody(), { role: 'admin' });
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses).toContain(429);
    expect(limited!.headers.get('content-type')).toMatch(PROBLEM);
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited!.body.type).toBe('https://duty-ledger.dev/problems/rate-limited');
    for (let i = 0; i < 5; i++) expect((await http.get('/v1/probe', { role: 'admin' })).status).toBe(200);
  });

  it('when one key is limited, then another key is not', async () => {
    for (let i = 0; i < 5; i++) await http.post('/v1/probe', validBody(), { role: 'admin' });
    expect((await http.post('/v1/probe', validBody(), { role: 'integrator' })).status).toBe(201);
  });
});

describe('start-up', () => {
  it('when NODE_ENV=production and no keys are configured, then createApp refuses', async () => {
    await expect(createApp(loadConfig({ NODE_ENV: 'production' }), { logger: false, features: false, stores: stubStores() })).rejects.toThrow(/API_KEYS or API_KEYS_FILE is required/);
  });

  it('when no keys are configured outside production, then the app starts', async () => {
    const app = await createApp(loadConfig({ NODE_ENV: 'development' }), { logger: false, features: false, stores: stubStores() });
    await app.close();
  });

  it('keeps the test keys distinct', () => {
    expect(new Set(Object.values(TEST_KEYS)).size).toBe(4);
  });
});
