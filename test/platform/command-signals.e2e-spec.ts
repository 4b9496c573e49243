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
    expect((await logged(conflict.headers.get('x-request-id')!)).command).toEqual({ command: 'POST /v1/people', streamId: 'person-sig-a', outcome: 'conflict' });

    const metrics: string = (await server.http.get('/metrics', { role: null })).body;
    for (const outcome of ['written', 'invalid', 'conflict'])
      expect(metrics).toMatch(new RegExp(`^command_duration_seconds_count\\{command="POST /v1/people",outcome="${outcome}"\\} 1$`, 'm'));
  });

  it('when a command on a stream is refused as not found, in conflict with If-Match, or by a rule, then its log line names the stream', async () => {
    expect((await server.http.post('/v1/units', { unitId: 'sig-u', name: '党委', kind: 'party-committee', effectiveFrom: '2020-01-01' })).status).toBe(201);
    expect((await server.http.post('/v1/people', { personId: 'sig-d', name: '丁' })).status).toBe(201);
    const tenure = { unitId: 'sig-u', post: 'secretary', effectiveFrom: '2020-01-01' };
    const notFound = await server.http.post('/v1/people/sig-nobody/relieve', tenure);
    expect(notFound.status).toBe(404);
    const stale = await server.http.post('/v1/people/sig-d/relieve', tenure, { headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(409);
    const rejected = await server.http.post('/v1/people/sig-d/relieve', tenure);
    expect(rejected.status).toBe(422);

    const command = 'POST /v1/people/:personId/relieve';
    expect((await logged(notFound.headers.get('x-request-id')!)).command).toEqual({ command, streamId: 'person-sig-nobody', outcome: 'not-found' });
    expect((await logged(stale.headers.get('x-request-id')!)).command).toEqual({ command, streamId: 'person-sig-d', outcome: 'conflict' });
    expect((await logged(rejected.headers.get('x-request-id')!)).command).toEqual({ command, streamId: 'person-sig-d', outcome: 'rejected' });
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
