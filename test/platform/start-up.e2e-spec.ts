import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/server-process';
import { apiKeysEnv } from '../support/http';

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

/** The built server started with `env` until it exits (it never should listen: every case here is a bad setting). */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '3921', API_KEYS: apiKeysEnv(), LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** README "Configuration": a bad value fails at start with a message naming the variable (EX_CONFIG, no stack trace). */
describe('start-up with a bad file setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-start-up-'));
  const aFile = join(dir, 'a-file');
  writeFileSync(aFile, 'not a directory');
  const garbage = join(dir, 'garbage.pem');
  writeFileSync(garbage, '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
  const ec = join(dir, 'ec.pem');
  writeFileSync(ec, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));

  beforeAll(() => ensureBuilt(), 120_000);

  it.each([
    ['INTEGRITY_SIGNING_KEY_FILE', { INTEGRITY_SIGNING_KEY_FILE: '/nonexistent.pem' }],
    ['INTEGRITY_SIGNING_KEY_FILE', { INTEGRITY_SIGNING_KEY_FILE: garbage }],
    ['INTEGRITY_SIGNING_KEY_FILE', { INTEGRITY_SIGNING_KEY_FILE: ec }],
    ['DATA_DIR', { DATA_DIR: aFile }],
    ['DATA_DIR', { DATA_DIR: join(aFile, 'below') }],
    ['DATA_DIR', { DATA_DIR: '/sys/nope' }],
  ])('when %s is bad (%j), then the server exits 78 with one line naming the variable', async (variable, env) => {
    const { code, stderr } = await start({ DATA_DIR: join(mkdtempSync(join(dir, 'data-')), 'data'), ...env });
    expect(stderr).toMatch(new RegExp(`^duty-ledger: ${variable}=.*\\n$`));
    expect(code).toBe(78);
  });

  it('when the signing key is garbage, then the message quotes nothing of the file', async () => {
    const { stderr } = await start({ DATA_DIR: join(dir, 'data-quoted'), INTEGRITY_SIGNING_KEY_FILE: garbage });
    expect(stderr).not.toMatch(/bm90IGEga2V5|DECODER/);
  });
});
