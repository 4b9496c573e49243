import type { Server } from 'node:http';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedFuzzLedger } from './fuzz-ledger';

/**
 * What a single client can hold of the server's resources by being slow: the whole request (headers and body) must
 * arrive within a bound, or a trickle of one byte every few seconds keeps a connection (and a file descriptor) for ever.
 */
describe('HTTP hardening: slow clients', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('when the server listens, then a request must arrive whole within a minute, headers sooner or as soon: a slow body cannot hold a connection for ever', () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.requestTimeout).toBeGreaterThan(0);
    expect(server.requestTimeout).toBeLessThanOrEqual(60_000);
    expect(server.headersTimeout).toBeGreaterThan(0);
    expect(server.headersTimeout).toBeLessThanOrEqual(server.requestTimeout);
    expect(server.keepAliveTimeout).toBeGreaterThan(0);
  });

  it('when a client stops reading (a large page it asked for), then its silent connection is closed within ten minutes, not held for ever', () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.timeout).toBeGreaterThan(60_000);
    expect(server.timeout).toBeLessThanOrEqual(600_000);
  });
});

/**
 * Answers carry what the caller's role may read (a rationale in plain for discipline): no cache — a browser's on a
 * shared office machine, a proxy told otherwise — may keep them (OWASP: `Cache-Control: no-store` on sensitive APIs).
 */
describe('HTTP hardening: caching', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedFuzzLedger(t);
  });
  afterAll(() => t.close());

  it('when any answer goes out — a read with a rationale in plain, a command, a refusal, a 404, /health — then it says Cache-Control: no-store', async () => {
    const feed = await t.http.get('/v1/events?limit=1000', { role: 'discipline' });
    expect(JSON.stringify(feed.body)).toContain('"salt"');
    const replies = [
      feed,
      await t.http.post('/v1/people', { name: 'N' }, { role: 'integrator' }),
      await t.http.get('/v1/events', { role: null }),
      await t.http.get('/v1/no-such-route', { role: 'inspector' }),
      await t.http.request('POST', '/v1/people', { role: 'integrator', raw: '{', headers: { 'content-type': 'application/json' } }),
      await t.http.get('/health'),
    ];
    for (const reply of replies) expect([reply.status, reply.headers.get('cache-control')]).toEqual([reply.status, 'no-store']);
  });
});
