import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { apiKeysEnv, Http } from './http';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
/** The built operators' CLI (`npm run cli`). */
export const BUILT_CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

/** The built server (`npm run build`), as `npm start` runs it, or another built file: built once if missing. */
export function ensureBuilt(file = MAIN): void {
  if (!existsSync(file)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServerProcess {
  http: Http;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts the server in its own process and waits until /health answers. */
export async function startServer(dataDir: string, env: Record<string, string> = {}, options: { stdout?: 'pipe' } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, API_KEYS: apiKeysEnv(), LOG_LEVEL: 'silent', RATE_LIMIT: '0', ...env },
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const http = new Http(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await http.get('/health', { role: null })).status === 200) return { http, child, exited };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
}
