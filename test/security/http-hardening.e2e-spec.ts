import type { Server } from 'node:http';
import { startTestApp, type TestApp } from '../support/test-app';

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
