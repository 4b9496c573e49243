import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process';

/** What operators see of each command: a JSON log line with who, which command, which stream, how it came out, and how long; and a histogram. */
describe('operators’ signals of commands', () => {
  let server: ServerProcess;
  const lines: Record<string, any>[] = [];

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer(mkdtempSync(join(tmpdir(), 'dl-signals-')), { LOG_LEVEL: 'info' }, { stdout: 'pipe' });
    let buffered = '';
    server.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part));
    });
  }, 120_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  const logged = async (requestId: string) => {
    for (let i = 0; i < 100; i++) {
      const line = lines.find((l) => l.req?.id === requestId && l.res);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no log line for request ${requestId}`);
  };

  it('when a command is written, refused as invalid, and in conflict, then each log line names the principal, the command, the stream and the outcome, with the latency', async () => {
    const written = await server.http.post('/v1/people', { personId: 'sig-a', name: '甲' });
    expect(written.status).toBe(201);
    const invalid = await server.http.post('/v1/people', { personId: 'sig-b' });
    expect(invalid.status).toBe(400);
    const conflict = await server.http.post('/v1/people', { personId: 'sig-a', name: '甲' });
    expect(conflict.status).toBe(409);

    const line = await logged(written.headers.get('x-request-id')!);
    expect(line).toMatchObject({
      principal: { name: 'admin', role: 'admin' }, // the test client's default key
      command: { command: 'POST /v1/people', streamId: 'person-sig-a', revision: 0, position: written.body.position, outcome: 'written' },
      res: { statusCode: 201 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(line)).not.toContain('test-admin-key'); // the credential is never written
    expect((await logged(invalid.headers.get('x-request-id')!)).command).toEqual({ command: 'POST /v1/people', outcome: 'invalid' });
    expect((await logged(conflict.headers.get('x-request-id')!)).command).toEqual({ command: 'POST /v1/people', outcome: 'conflict' });

    const metrics: string = (await server.http.get('/metrics', { role: null })).body;
    for (const outcome of ['written', 'invalid', 'conflict'])
      expect(metrics).toMatch(new RegExp(`^command_duration_seconds_count\\{command="POST /v1/people",outcome="${outcome}"\\} 1$`, 'm'));
  });

  it('when a command is refused for want of a key or of the role, then its log line and metric name the command and the outcome', async () => {
    const unauthenticated = await server.http.post('/v1/people', { personId: 'sig-c', name: '丙' }, { role: null });
    expect(unauthenticated.status).toBe(401);
    const forbidden = await server.http.post('/v1/people', { personId: 'sig-c', name: '丙' }, { role: 'inspector' });
    expect(forbidden.status).toBe(403);

    expect((await logged(unauthenticated.headers.get('x-request-id')!)).command).toMatchObject({ command: 'POST /v1/people', outcome: 'unauthenticated' });
    expect(await logged(forbidden.headers.get('x-request-id')!)).toMatchObject({
      principal: { name: 'inspector', role: 'inspector' },
      command: { command: 'POST /v1/people', outcome: 'forbidden' },
    });
    const metrics: string = (await server.http.get('/metrics', { role: null })).body;
    for (const outcome of ['unauthenticated', 'forbidden'])
      expect(metrics).toMatch(new RegExp(`^command_duration_seconds_count\\{command="POST /v1/people",outcome="${outcome}"\\} 1$`, 'm'));
  });
});
