import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/platform/config/load-config';
import { apiKeysEnv, Http } from './http';

export interface TestApp {
  http: Http;
  app: NestFastifyApplication;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The whole server on a random loopback port, on the embedded stores in a fresh folder. It projects in its own thread
 * (PROJECTIONS=inline) unless told otherwise: the default, a worker thread, runs compiled JavaScript, and the suites
 * that start the built server (server-process.ts) run it.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'duty-ledger-e2e-'));
  const config = loadConfig({ API_KEYS: apiKeysEnv(), DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT: '0', PROJECTIONS: 'inline', ...env });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { http: new Http(`http://127.0.0.1:${address.port}`), app, dataDir, close: () => app.close() };
}
