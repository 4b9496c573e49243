import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startServer } from '../support/server-process';

/** The built server in production: `/metrics` left open (API.md allows it) is said once at start, at warn level. */
describe('start-up in production: an open /metrics is said', () => {
  beforeAll(() => ensureBuilt());

  /** How `/metrics` answered without a token, and the JSON log lines of the server's run. */
  const startUpLog = async (env: Record<string, string>): Promise<{ status: number; lines: { level: number; msg: string }[] }> => {
    const server = await startServer(mkdtempSync(join(tmpdir(), 'dl-open-metrics-')), { NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env }, { stdout: 'pipe' });
    let text = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const { status } = await server.http.get('/metrics', { role: null });
    server.child.kill('SIGTERM');
    await server.exited;
    return { status, lines: text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string }) };
  };

  it('when METRICS_TOKEN is unset, then a warning names it, and /metrics answers without a token', async () => {
    const { status, lines } = await startUpLog({});
    expect(status).toBe(200);
    expect(lines.filter((line) => /METRICS_TOKEN/.test(line.msg))).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/^\/metrics answers anyone/) })]);
  });

  it('when METRICS_TOKEN is set, then no such warning, and /metrics asks for it', async () => {
    const { status, lines } = await startUpLog({ METRICS_TOKEN: 'scraper-token-0123456789' });
    expect(status).toBe(401);
    expect(lines.filter((line) => /METRICS_TOKEN/.test(line.msg))).toEqual([]);
  });
});
