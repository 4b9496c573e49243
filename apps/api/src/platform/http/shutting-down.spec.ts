import Fastify from 'fastify';
import { connect } from 'node:net';
import { echoRequestId, requestIdOf } from './request-id';
import { refuseWhileClosing } from './shutting-down';

const PORT = 3922;

describe('refuseWhileClosing', () => {
  it('when a request arrives on an open connection after close began, then it is a problem+json 503 with Retry-After and the request id, and shutdown is logged as it begins and ends', async () => {
    const fastify = Fastify({ return503OnClosing: false, genReqId: requestIdOf });
    const lines: string[] = [];
    echoRequestId(fastify);
    refuseWhileClosing(fastify, { log: (message: string) => lines.push(message), error: () => undefined, warn: () => undefined });
    let started!: () => void;
    const slowStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    fastify.get('/slow', async () => {
      started();
      await released;
      return { ok: true };
    });
    fastify.get('/fast', async () => ({ ok: true }));
    await fastify.listen({ port: PORT, host: '127.0.0.1' });

    // One connection: the first request is in flight when close begins, the second is sent on it after.
    const socket = connect(PORT, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await slowStarted;
    const closed = fastify.close();
    await new Promise((resolve) => setImmediate(resolve));
    socket.write('GET /fast HTTP/1.1\r\nHost: x\r\nX-Request-Id: late-1\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([closed, ended]);

    const second = received.slice(received.indexOf('HTTP/1.1', 1));
    expect(received.startsWith('HTTP/1.1 200')).toBe(true);
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second).toMatch(/^content-type: application\/problem\+json/im);
    expect(second).toMatch(/^retry-after: 1\r$/im);
    expect(second).toMatch(/^x-request-id: late-1\r$/im);
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 503, type: expect.stringMatching(/shutting-down$/), requestId: 'late-1' });
    expect(lines).toEqual([expect.stringMatching(/^shutting down/), expect.stringMatching(/^shut down/)]);
  });
});
